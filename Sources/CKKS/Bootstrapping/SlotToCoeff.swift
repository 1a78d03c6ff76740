import ComplexModule
import HERing

/// SlotToCoeff: the homomorphic special DFT that moves slot values back into a plaintext's coefficients, the last
/// step of CKKS bootstrapping, the inverse of ``CoeffToSlot`` (Cheon, Han, Kim, Kim and Song 2018, §4.2; grouping
/// of the butterfly stages as in Chen, Chillotti and Song 2019 and Han and Ki 2020).
///
/// It takes the coefficients in the layout ``CoeffToSlot`` produces (bit-reversed, real values) and computes
/// z = V·w = S_(log n) ⋯ S_1·(R·w) in `levelBudget` matrix products (see `SpecialDFT`):
/// - full slots: two ciphertexts holding m_(R(j)) and m_(n+R(j)); they are joined as R·w = first + i·second
///   (a free multiplication by the monomial X^(N/2)) before the first product;
/// - sparse slots: one ciphertext with the 2n values side by side; the first matrix is replaced by its product
///   with y ↦ (y_k + i·y_(k+n))_k on vectors of period 2n (`DiagonalMatrix.readingComplexPairs()`), which
///   doubles its diagonals but needs no extra level. The output slots repeat with period n, as
///   ``CKKSEncoder`` lays out n values of a polynomial in Y = X^(N/(2n)).
///
/// Every output value is multiplied by `scaling`.
@dynamicMemberLookup
public struct SlotToCoeff: Sendable {
    /// The encoded matrices and their shape.
    public let dft: HomomorphicDFT

    /// Precomputes the encoded matrices.
    ///
    /// - Parameters:
    ///   - context: the context whose chain holds the levels.
    ///   - slots: n, a power of two, 1 … N/2.
    ///   - levelBudget: 1 … max(1, log2 n) levels.
    ///   - inputLevel: `levelBudget` … L.
    ///   - scaling: nonzero and finite.
    ///   - scaleDrop: a power of two, 1 … 2^30: the last level's diagonals are encoded at q_ℓ divided by it, so the
    ///     output's scale is the input's divided by it (``HomomorphicDFT/scaleChange``). Bootstrapping feeds
    ///     SlotToCoeff at a larger scale than it returns (see ``Bootstrapper/inputBoost``), so only the last
    ///     rescale adds noise at the result's scale.
    /// - Throws: ``CKKSError/invalidInput(_:)`` for values outside these ranges.
    public init(
        context: CKKSContext, slots: Int, levelBudget: Int, inputLevel: Int, scaling: Double = 1,
        scaleDrop: Double = 1
    ) throws(CKKSError) {
        dft = try HomomorphicDFT(
            context: context, slots: slots, levelBudget: levelBudget, inputLevel: inputLevel,
            scaling: scaling, scaleChanges: { $0 == levelBudget - 1 ? 1 / scaleDrop : 1 },
            matrices: Self.matrices)
    }

    /// The shape: slots, level budget, input and output level, scaling, diagonal count.
    public subscript<T>(dynamicMember keyPath: KeyPath<HomomorphicDFT, T>) -> T { dft[keyPath: keyPath] }

    /// The matrices in the order applied: the forward butterfly groups, the first one carrying the scaling and,
    /// for sparse slots, the joining of real and imaginary halves.
    static func matrices(slots n: Int, slotCount: Int, levelBudget: Int, scaling: Double) -> [DiagonalMatrix] {
        var groups = SpecialDFT.groups(slots: n, budget: levelBudget, inverse: false)
        let first = groups[0].scalingRows(by: Array(repeating: Complex(scaling), count: n))
        groups[0] = n == slotCount ? first : first.readingComplexPairs()
        return groups
    }

    /// Every rotation step the transform uses (request Galois keys for exactly these).
    public var rotationSteps: Set<Int> { dft.rotationSteps }

    /// Whether the transform needs the conjugation key (never).
    public var needsConjugation: Bool { false }
}

extension Evaluator {
    /// The values in `parts` (the layout ``CoeffToSlot`` produces: two ciphertexts for full slots, one for sparse
    /// slots, at the same level and scale) moved back into coefficients, multiplied by the transform's scaling.
    /// Uses `levelBudget` levels; the scale is multiplied by the transform's ``HomomorphicDFT/scaleChange``.
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` for the wrong number of parts; ``CKKSError/levelMismatch(_:_:)``;
    ///   ``CKKSError/scaleMismatch(_:_:)``; ``CKKSError/missingRotationKey(step:)``.
    public func slotToCoeff(_ parts: [Ciphertext], _ transform: SlotToCoeff) throws(CKKSError) -> Ciphertext {
        let full = transform.slots == context.slotCount
        guard parts.count == (full ? 2 : 1) else {
            throw .invalidInput("SlotToCoeff takes \(full ? 2 : 1) ciphertext(s) for \(transform.slots) slots")
        }
        var x = parts[0]
        if full { x = try add(x, multiplyByImaginaryUnit(parts[1])) }
        return try transform.dft.apply(to: x, with: self)
    }
}
