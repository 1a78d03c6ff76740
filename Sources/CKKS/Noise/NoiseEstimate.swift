import HERing

/// How large the noise of a ciphertext is, in coefficient units: the input of ``NoiseFlooding``.
///
/// The noise of a ciphertext is e = [c_0 + c_1·s]_Q − Δ·m, the decrypted polynomial minus the exact (unrounded)
/// encoding of the values it should hold, taken coefficient by coefficient as centered integers (units of 1, the
/// scale Δ not divided out). An estimate states the standard deviation v of one coefficient of e; the bounds
/// follow from it:
/// - ``l2Bound`` = 2·√N·v bounds ‖e‖₂. Its square is a sum of N terms of mean v², so ‖e‖₂ ≈ √N·v; the factor 2
///   leaves room for an estimate that is off by up to 2× and for the spread of the sum.
/// - ``coefficientBound`` = 8·v bounds ‖e‖_∞ (a Gaussian exceeds 8 standard deviations with probability
///   1.2·10^−15 per coefficient).
///
/// Two ways to obtain one, neither of which looks at the key whose decryptions will be shared (an estimate
/// measured on that key's ciphertexts is itself a function of the key, and Li, Micciancio, Schultz and Sorrell,
/// CRYPTO 2022, show that flooding sized by dynamic, key-dependent noise estimates is not IND-CPA-D secure):
/// - the heuristics in `NoiseEstimate+Heuristics.swift`: ``freshEncryption(context:publicKey:)``,
///   ``encoding(context:)``, then ``multiplied(by:ownScale:ownRMS:otherScale:otherRMS:)``, ``adding(_:)``,
///   ``keySwitched(context:level:)``, ``rescaled(context:level:)`` along the circuit — the standard average-case
///   CKKS noise model (Costache, Curtis, Hales, Murphy, Ogilvie, Player, "On the precision loss in approximate
///   homomorphic encryption", SAC 2023, ePrint 2022/162: coefficients of independent noise terms add in
///   variance; rounding terms are uniform on [−½, ½]);
/// - ``measured(decryptor:ciphertext:expected:)``: a known-answer run, in which the owner runs the same circuit on
///   representative values it knows, under a key generated for this purpose only, and measures the noise (as
///   OpenFHE's noise-estimation mode does).
public struct NoiseEstimate: Sendable, Hashable, CustomStringConvertible {
    /// v: standard deviation of one noise coefficient, in coefficient units (≥ 0).
    public let standardDeviation: Double
    /// Ring degree N of the parameters it was made for.
    public let degree: Int

    /// A stated estimate (e.g. measured earlier for the same circuit and parameters).
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` unless v is finite and ≥ 0 and N is a power of two ≥ 2.
    public init(standardDeviation: Double, degree: Int) throws(CKKSError) {
        guard standardDeviation.isFinite, standardDeviation >= 0 else {
            throw .invalidInput("a noise standard deviation must be finite and not negative")
        }
        guard degree >= 2, degree & (degree - 1) == 0 else { throw .invalidInput("ring degree must be a power of two") }
        self.standardDeviation = standardDeviation
        self.degree = degree
    }

    init(variance: Double, degree: Int) {
        standardDeviation = variance.squareRoot()
        self.degree = degree
    }

    /// v².
    public var variance: Double { standardDeviation * standardDeviation }

    /// 2·√N·v: a high-probability bound on ‖e‖₂, the noise's Euclidean norm over all N coefficients.
    public var l2Bound: Double { 2 * Double(degree).squareRoot() * standardDeviation }

    /// 8·v: a high-probability bound on every |e_i|.
    public var coefficientBound: Double { 8 * standardDeviation }

    public var description: String {
        "noise σ = 2^\(log2String(standardDeviation)) per coefficient, ‖e‖₂ ≤ 2^\(log2String(l2Bound))"
    }

    /// The noise of a ciphertext whose values the owner knows (a known-answer run): v² is the mean square of the
    /// coefficients of the decryption minus the exact encoding of `expected` at the ciphertext's scale.
    ///
    /// Use a decryptor whose key is not the one whose decryptions will be shared (see the type's discussion).
    ///
    /// - Parameters:
    ///   - decryptor: a decryptor under a key whose decryptions will not be shared.
    ///   - ciphertext: the ciphertext whose noise is measured.
    ///   - expected: the real values the slots should hold (at most N/2; shorter inputs are padded with 0).
    /// - Throws: ``CKKSError/invalidInput(_:)`` for too many or non-finite values; ``CKKSError/parameterMismatch(_:)``.
    public static func measured(
        decryptor: Decryptor, ciphertext: Ciphertext,
        expected: [Double]
    ) throws(CKKSError) -> NoiseEstimate {
        let context = decryptor.context
        let errors = try noiseCoefficients(of: decryptor.decrypt(ciphertext), expected: expected, context: context)
        let meanSquare = errors.reduce(0) { $0 + $1 * $1 } / Double(errors.count)
        return NoiseEstimate(variance: meanSquare, degree: context.parameters.degree)
    }

    /// Decrypted coefficients minus scale × the exact coefficients of `expected`, as doubles.
    static func noiseCoefficients(
        of plaintext: Plaintext, expected: [Double],
        context: CKKSContext
    ) throws(CKKSError) -> [Double] {
        guard expected.count <= context.slotCount else {
            throw .invalidInput("\(expected.count) values exceed the \(context.slotCount) slots")
        }
        guard expected.allSatisfy(\.isFinite) else { throw .invalidInput("values must be finite") }
        var slots = [Double](repeating: 0, count: 2 * context.slotCount)
        for (i, value) in expected.enumerated() { slots[2 * i] = value }
        let exact = context.embedding.coefficients(fromSlots: slots)
        let decrypted = context.composers[plaintext.level].doubles(plaintext.polynomial.inverseNTT())
        return zip(decrypted, exact).map { $0 - plaintext.scale * $1 }
    }
}
