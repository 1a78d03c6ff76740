import ComplexModule
import HERing

/// A ``DiagonalMatrix`` encoded for one level and applied to ciphertexts with the baby-step giant-step method and
/// hoisted baby rotations (Halevi and Shoup, Crypto 2014 and 2018; Bossuat, Mouchet, Troncoso-Pastoriza and
/// Hubaux, "Efficient bootstrapping for approximate homomorphic encryption with non-sparse keys", Eurocrypt 2021,
/// §4).
///
/// Each diagonal offset d (taken in (−p/2, p/2], the shorter rotation) is split as d = G + b with a baby step
/// b ∈ [0, g) and a giant step G, a multiple of g, for a power of two g chosen to minimise the number of distinct
/// nonzero rotations. Since rot_G(u ⊙ v) = rot_G(u) ⊙ rot_G(v),
///
///     M·x = Σ_G rot_G( Σ_b rot_(−G)(diagonal_(G+b)) ⊙ rot_b(x) ),
///
/// so the baby rotations of x share one key-switching decomposition (``Evaluator/rotations(of:by:)``) and each
/// giant step costs one rotation of an inner sum. The pre-rotated diagonals are encoded once, at the transform's
/// level ℓ with scale q_ℓ, and products are summed before one rescale by q_ℓ: the result keeps the input's scale
/// exactly and is one level lower, and rotation noise enters at the larger scale. Inner sums accumulate in place
/// (one multiply-add per component and diagonal). Memory: one plaintext of (ℓ + 1)·N words per diagonal.
struct LinearTransform: Sendable {
    /// The level the transform reads its input at (the output is one below).
    let level: Int
    /// Baby steps, hoisted together (0 included when used).
    let babySteps: [Int]
    /// For each giant step, the (baby step, pre-rotated diagonal) pairs of its inner sum.
    let giantSteps: [(giant: Int, terms: [(baby: Int, diagonal: Plaintext)])]

    /// Encodes `matrix` (dimension p dividing N/2) for inputs at `level` ≥ 1, its diagonals at scale q_ℓ times
    /// `scaleChange` (default 1: the output keeps the input's scale; c: the output's scale is the input's times c).
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` for a zero matrix, a level outside 1 … L or a dimension that does
    ///   not divide N/2.
    init(_ matrix: DiagonalMatrix, level: Int, context: CKKSContext, scaleChange: Double = 1) throws(CKKSError) {
        let p = matrix.period, slots = context.slotCount
        guard slots % p == 0 else { throw .invalidInput("a transform of dimension \(p) does not tile \(slots) slots") }
        guard (1...context.maxLevel).contains(level) else {
            throw .invalidInput("a linear transform needs a level in 1…\(context.maxLevel), got \(level)")
        }
        guard !matrix.diagonals.isEmpty else { throw .invalidInput("the zero matrix has no transform") }
        let offsets = matrix.diagonals.keys.map(matrix.signed)
        let g = Self.giantStepSize(offsets: offsets, period: p)
        var groups: [Int: [(Int, Plaintext)]] = [:]
        let encoder = CKKSEncoder(context: context)
        let scale = Double(context.modulus(level: level)) * scaleChange
        for (d, entries) in matrix.diagonals {
            let (giant, baby) = Self.split(matrix.signed(d), giantStepSize: g, period: p)
            var interleaved = [Double](repeating: 0, count: 2 * slots)
            for j in 0..<slots {
                let value = entries[((j - giant) % p + p) % p]
                interleaved[2 * j] = value.real
                interleaved[2 * j + 1] = value.imaginary
            }
            let plaintext = try encoder.encode(interleaved: interleaved, level: level, scale: scale)
            groups[giant, default: []].append((baby, plaintext))
        }
        self.level = level
        babySteps = Set(groups.values.flatMap { $0.map(\.0) }).sorted()
        giantSteps = groups.keys.sorted().map { giant in
            (giant, groups[giant]!.sorted { $0.0 < $1.0 }.map { (baby: $0.0, diagonal: $0.1) })
        }
    }

    /// The nonzero rotation steps the transform uses.
    var rotationSteps: Set<Int> { Set(babySteps + giantSteps.map(\.giant)).subtracting([0]) }

    /// (G, b) with d ≡ G + b (mod p), b ∈ [0, g), G a multiple of g in (−p/2, p/2].
    static func split(_ d: Int, giantStepSize g: Int, period p: Int) -> (giant: Int, baby: Int) {
        let baby = (d % g + g) % g
        let giant = ((d - baby) % p + p) % p
        return (giant > p / 2 ? giant - p : giant, baby)
    }

    /// The power of two g ≤ p minimising distinct nonzero baby plus giant rotations (ties: the smaller g).
    static func giantStepSize(offsets: [Int], period p: Int) -> Int {
        let candidates = sequence(first: 1) { $0 * 2 }.prefix { $0 <= p }
        return candidates.min { a, b in cost(offsets, a, p) < cost(offsets, b, p) } ?? 1
    }

    private static func cost(_ offsets: [Int], _ g: Int, _ p: Int) -> Int {
        let parts = offsets.map { split($0, giantStepSize: g, period: p) }
        return Set(parts.map(\.baby)).subtracting([0]).count + Set(parts.map(\.giant)).subtracting([0]).count
    }
}

extension Evaluator {
    /// M·x for an encoded matrix: one level used, scale unchanged. A ciphertext above the transform's level is
    /// first brought down to it.
    ///
    /// - Throws: ``CKKSError/levelMismatch(_:_:)`` below the transform's level;
    ///   ``CKKSError/missingRotationKey(step:)``.
    func apply(_ transform: LinearTransform, to a: Ciphertext) throws(CKKSError) -> Ciphertext {
        guard a.level >= transform.level else { throw .levelMismatch(a.level, transform.level) }
        let x = try dropLevels(a, to: transform.level)
        let rotated = try rotations(of: x, by: transform.babySteps)
        var sum: Ciphertext?
        for (giant, terms) in transform.giantSteps {
            var inner = try multiply(rotated[terms[0].baby]!, terms[0].diagonal)
            for (baby, diagonal) in terms.dropFirst() {
                let term = rotated[baby]!
                for i in inner.components.indices {
                    inner.components[i].multiplyAdd(term.components[i], diagonal.polynomial)
                }
            }
            if giant != 0 { inner = try rotate(inner, by: giant) }
            if sum == nil { sum = inner } else { try addInPlace(&sum!, inner) }
        }
        return try rescale(sum!)
    }
}
