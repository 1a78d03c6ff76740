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
    let transforms: [LinearTransform]

    /// Checks the shape and encodes `matrices(slots, N/2, levelBudget, scaling)`.
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` unless slots is a power of two in 1 … N/2, the budget is in
    ///   1 … max(1, log2 slots), the input level in budget … L and the scaling finite and nonzero.
    init(
        context: CKKSContext, slots: Int, levelBudget: Int, inputLevel: Int, scaling: Double,
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
        var transforms: [LinearTransform] = []
        for (i, matrix) in matrices(slots, context.slotCount, levelBudget, scaling).enumerated() {
            transforms.append(try LinearTransform(matrix, level: inputLevel - i, context: context))
        }
        self.slots = slots
        self.levelBudget = levelBudget
        self.inputLevel = inputLevel
        self.scaling = scaling
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
