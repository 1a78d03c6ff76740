import ComplexModule
import HERing

/// CoeffToSlot: the homomorphic inverse special DFT that moves a plaintext's coefficients into slots, the step of
/// CKKS bootstrapping that follows ModRaise (Cheon, Han, Kim, Kim and Song 2018, §4.2; the level budget and the
/// grouping of butterfly stages follow Chen, Chillotti and Song 2019 and Han and Ki 2020; the repacking of
/// sparse slots follows the bootstrapping of Lattigo and Bossuat et al. 2021).
///
/// For n slots (see `SpecialDFT`), with m a polynomial in Y = X^(N/(2n)) with coefficients m_0 … m_(2n−1) and
/// w_k = m_k + i·m_(k+n), the transform computes R·w (R: bit reversal) from the slots z = V·w in `levelBudget`
/// matrix products, then splits real and imaginary parts with one conjugation, Re t = (t + t̄)/2:
/// - full slots (n = N/2): two ciphertexts, slot j of the first holding m_(R(j)) and of the second m_(n+R(j));
///   the second is −i·(t − t̄) with t = (R·w)/2, the factor 1/2 folded into the last matrix;
/// - sparse slots (n < N/2): one ciphertext with 2n real values repeated over the N/2 slots, slot j < n holding
///   m_(R(j)) and slot n + j holding m_(n+R(j)). The last matrix is multiplied by D = (1/2, …, 1/2, −i/2, …, −i/2)
///   on vectors of period 2n, so that t + t̄ = 2·Re(D ⊙ R·w) gives both halves at once.
///
/// For sparse slots an arbitrary input polynomial (after ModRaise it is not a polynomial in Y) is first projected
/// onto the polynomials in Y by the trace over the automorphisms X ↦ X^(5^(n·k)), the subgroup fixing Y: summing
/// the rotations by n, 2n, 4n, …, N/4 multiplies the Y-part by N/(2n) and removes the rest; the factor 2n/N is
/// folded into the last matrix too. Every output value is multiplied by `scaling`.
///
/// Precision: after ModRaise the slots hold (m + q_0·I)/Δ. Reading the output at scale q_0 instead of Δ turns them
/// into I + m/q_0 without touching a coefficient, so it adds no error; folding Δ/q_0 into `scaling` instead shrinks
/// the values against the rescaling noise and costs about log2(q_0/Δ) bits (measured on N = 2^10 with 40-bit
/// primes: 27.5 against 17.8 bits). What remains is bounded by the rounding of the diagonals at scale q_ℓ, so
/// larger primes at the CoeffToSlot levels buy precision.
@dynamicMemberLookup
public struct CoeffToSlot: Sendable {
    /// The encoded matrices and their shape.
    public let dft: HomomorphicDFT
    /// Rotations by n, 2n, …, N/4 of the trace (none for full slots).
    let traceSteps: [Int]

    /// Precomputes the encoded matrices.
    ///
    /// - Parameters:
    ///   - context: the context whose chain holds the levels.
    ///   - slots: n, a power of two, 1 … N/2.
    ///   - levelBudget: 1 … max(1, log2 n) levels; each level groups about log2(n)/levelBudget butterfly stages.
    ///   - inputLevel: default L, where ModRaise leaves a ciphertext; at least `levelBudget`.
    ///   - scaling: nonzero and finite.
    ///   - scaleRise: a power of two, 1 … 2^30, applied at every level (each level's diagonals are encoded at q_ℓ
    ///     times it): the output's scale is the input's times scaleRise^levelBudget (``HomomorphicDFT/scaleChange``).
    ///     After ModRaise the slots hold values up to K·q_0/Δ, so the diagonals' rounding at their scale is
    ///     multiplied by that much in the message; a larger scale shrinks it (measured at N = 2^16: 20.1 bits with
    ///     diagonals at 50-bit q_ℓ, 22.1 with 60-bit q_ℓ).
    /// - Throws: ``CKKSError/invalidInput(_:)`` for values outside these ranges.
    public init(
        context: CKKSContext, slots: Int, levelBudget: Int, inputLevel: Int? = nil, scaling: Double = 1,
        scaleRise: Double = 1
    ) throws(CKKSError) {
        guard scaleRise >= 1 else { throw .invalidInput("the scale rise must be at least 1") }
        dft = try HomomorphicDFT(
            context: context, slots: slots, levelBudget: levelBudget,
            inputLevel: inputLevel ?? context.maxLevel, scaling: scaling, scaleChanges: { _ in scaleRise },
            matrices: Self.matrices)
        traceSteps = Array(sequence(first: slots) { $0 * 2 }.prefix { $0 < context.slotCount })
    }

    /// The shape: slots, level budget, input and output level, scaling, diagonal count.
    public subscript<T>(dynamicMember keyPath: KeyPath<HomomorphicDFT, T>) -> T { dft[keyPath: keyPath] }

    /// The matrices in the order applied: the inverse butterfly groups, the last one carrying the scaling, the
    /// trace's 2n/N and the real/imaginary split (see the type's documentation).
    static func matrices(slots n: Int, slotCount: Int, levelBudget: Int, scaling: Double) -> [DiagonalMatrix] {
        var groups = SpecialDFT.groups(slots: n, budget: levelBudget, inverse: true)
        let factor = scaling * Double(n) / Double(slotCount) / 2
        if n == slotCount {
            groups[groups.count - 1] = groups[groups.count - 1].scalingRows(
                by: Array(repeating: Complex(factor), count: n))
        } else {
            let split = (0..<2 * n).map { $0 < n ? Complex(factor) : Complex(0, -factor) }
            groups[groups.count - 1] = groups[groups.count - 1].doublingPeriod().scalingRows(by: split)
        }
        return groups
    }

    /// Every rotation step the transform uses (request Galois keys for exactly these, and for conjugation).
    public var rotationSteps: Set<Int> { dft.rotationSteps.union(traceSteps) }

    /// Whether the transform needs the conjugation key (always: it splits real and imaginary parts).
    public var needsConjugation: Bool { true }
}

extension Evaluator {
    /// The coefficients of the plaintext under `a` (read at the transform's input level) moved into slots, in
    /// bit-reversed order and multiplied by the transform's scaling: two ciphertexts for full slots, one for sparse
    /// slots (see ``CoeffToSlot``). Uses `levelBudget` levels; the scale is multiplied by the transform's
    /// ``HomomorphicDFT/scaleChange``.
    ///
    /// - Throws: ``CKKSError/levelMismatch(_:_:)`` below the input level; ``CKKSError/missingRotationKey(step:)``;
    ///   ``CKKSError/missingConjugationKey``.
    public func coeffToSlot(_ a: Ciphertext, _ transform: CoeffToSlot) throws(CKKSError) -> [Ciphertext] {
        guard a.level >= transform.inputLevel else { throw .levelMismatch(a.level, transform.inputLevel) }
        var x = try dropLevels(a, to: transform.inputLevel)
        for step in transform.traceSteps { try addInPlace(&x, rotate(x, by: step)) }
        x = try transform.dft.apply(to: x, with: self)
        let conjugated = try conjugate(x)
        let real = try add(x, conjugated)
        guard transform.slots == context.slotCount else { return [real] }
        return [real, try multiplyByImaginaryUnit(subtract(x, conjugated), negated: true)]
    }
}
