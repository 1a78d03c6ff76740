/// What ``CoeffToSlot`` and ``SlotToCoeff`` share (both expose these properties directly): the checked shape and
/// one encoded matrix per level, at the levels the input passes through (input level ℓ for the first matrix,
/// ℓ − 1 for the second, …), so the output is `levelBudget` levels below the input.
///
/// Memory: one plaintext of (ℓ + 1)·N words per diagonal of each level's matrix; a group of k butterfly stages
/// has at most 2^(k+1) − 1 diagonals (twice that for the first matrix of a sparse SlotToCoeff).
public struct HomomorphicDFT: Sendable {
    /// n, the number of slots transformed (a power of two up to N/2).
    public let slots: Int
    /// Levels the transform uses (its number of matrix products).
    public let levelBudget: Int
    /// The level the input is read at.
    public let inputLevel: Int
    /// Factor applied to every output value.
    public let scaling: Double
    /// The output's scale is the input's times this: the product of the levels' scale changes (each level's matrix
    /// is encoded at q_ℓ times its change).
    public let scaleChange: Double
    let transforms: [LinearTransform]

    /// Checks the shape and encodes `matrices(slots, N/2, levelBudget, scaling)`.
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` unless slots is a power of two in 1 … N/2, the budget is in
    ///   1 … max(1, log2 slots), the input level in budget … L, the scaling finite and nonzero and each level's
    ///   scale change a power of two from 2^−30 to 2^30.
    init(
        context: CKKSContext, slots: Int, levelBudget: Int, inputLevel: Int, scaling: Double,
        scaleChanges: (_ level: Int) -> Double = { _ in 1 },
        matrices: (Int, Int, Int, Double) -> [DiagonalMatrix]
    ) throws(CKKSError) {
        guard slots > 0, slots & (slots - 1) == 0, slots <= context.slotCount else {
            throw .invalidInput("slots must be a power of two up to \(context.slotCount)")
        }
        let stages = slots.trailingZeroBitCount
        guard (1...max(1, stages)).contains(levelBudget) else {
            throw .invalidInput("a level budget of 1…\(max(1, stages)) levels fits \(stages) butterfly stages")
        }
        guard (levelBudget...context.maxLevel).contains(inputLevel) else {
            throw .invalidInput(
                "input level \(inputLevel) leaves no room for \(levelBudget) levels in 0…\(context.maxLevel)")
        }
        guard scaling.isFinite, scaling != 0 else { throw .invalidInput("scaling must be finite and nonzero") }
        let changes = (0..<levelBudget).map(scaleChanges)
        guard changes.allSatisfy({ (0x1p-30...0x1p30).contains($0) && $0.significand == 1 }) else {
            throw .invalidInput("scale changes must be powers of two from 2^−30 to 2^30")
        }
        var transforms: [LinearTransform] = []
        for (i, matrix) in matrices(slots, context.slotCount, levelBudget, scaling).enumerated() {
            transforms.append(
                try LinearTransform(matrix, level: inputLevel - i, context: context, scaleChange: changes[i]))
        }
        self.slots = slots
        self.levelBudget = levelBudget
        self.inputLevel = inputLevel
        self.scaling = scaling
        scaleChange = changes.reduce(1, *)
        self.transforms = transforms
    }

    /// The level of the output.
    public var outputLevel: Int { inputLevel - levelBudget }

    /// Number of encoded diagonals (plaintexts) over all levels.
    public var diagonalCount: Int { transforms.reduce(0) { $0 + $1.giantSteps.reduce(0) { $0 + $1.terms.count } } }

    /// Every nonzero rotation step of the encoded matrices.
    var rotationSteps: Set<Int> { transforms.reduce(Set()) { $0.union($1.rotationSteps) } }

    /// Applies the matrices in order.
    func apply(to a: Ciphertext, with evaluator: Evaluator) throws(CKKSError) -> Ciphertext {
        var x = a
        for linear in transforms { x = try evaluator.apply(linear, to: x) }
        return x
    }
}
