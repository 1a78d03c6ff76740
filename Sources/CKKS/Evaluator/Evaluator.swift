import HERing

/// Homomorphic operations on ciphertexts. Holds only public material (evaluation keys), so it runs on the
/// server.
///
/// Scales are tracked exactly. Two operands of an addition must have the same scale (relative difference
/// below 10⁻⁹); when they differ in level but not in scale, the higher one is brought down by dropping primes.
/// Following every multiplication with ``rescale(_:)`` keeps each ciphertext at its level's scale
/// (``CKKSContext/levelScales``), so additions line up without extra work; to land a product with a plaintext or a
/// constant on the next level's scale, encode it at ``CKKSContext/landingScale(multiplying:atLevel:target:)``.
///
/// The hot operations have in-place forms that reuse their first operand's storage (``addInPlace(_:_:)``,
/// ``multiplyInPlace(_:_:)``, ``multiplyRelinearizeRescaleInPlace(_:_:)``, ``rescaleInPlace(_:)``,
/// ``rotateInPlace(_:by:)``, ``rotate(_:by:into:)``, ``innerSumInPlace(_:batch:count:)``): a ciphertext at N = 2^16
/// with 26 primes is 27 MB, and writing fresh pages costs more than many of these operations themselves.
public struct Evaluator: Sendable {
    /// The context whose parameters are used.
    public let context: CKKSContext
    /// Relinearization and Galois keys, if any.
    public internal(set) var keys: EvaluationKeys?

    /// Largest relative difference between two scales treated as equal.
    public static let scaleTolerance = 1e-9

    /// - Throws: ``CKKSError/parameterMismatch(_:)`` when the keys belong to other parameters.
    public init(context: CKKSContext, evaluationKeys: EvaluationKeys? = nil) throws(CKKSError) {
        if let evaluationKeys { try context.require(evaluationKeys.parametersFingerprint, "the evaluation keys") }
        self.context = context
        keys = evaluationKeys
    }

    func check(_ ciphertext: Ciphertext) throws(CKKSError) {
        try context.require(ciphertext.parametersFingerprint, "a ciphertext")
    }

    func check(_ plaintext: Plaintext) throws(CKKSError) {
        try context.require(plaintext.parametersFingerprint, "a plaintext")
    }

    static func sameScale(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= scaleTolerance * max(abs(a), abs(b))
    }

    /// The ciphertext with its primes above `level` dropped; scale unchanged (at its own level: the ciphertext itself,
    /// sharing its storage).
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` for a level above the ciphertext's;
    ///   ``CKKSError/parameterMismatch(_:)`` for an operand of other parameters.
    public func dropLevels(_ ciphertext: Ciphertext, to level: Int) throws(CKKSError) -> Ciphertext {
        try check(ciphertext)
        guard (0...ciphertext.level).contains(level) else {
            throw .invalidInput("cannot raise a ciphertext from level \(ciphertext.level) to \(level)")
        }
        if level == ciphertext.level { return ciphertext }
        var result = ciphertext
        result.components = ciphertext.components.map { $0.truncated(toLimbs: level + 1) }
        result.seed = nil
        return result
    }

    /// Brings both operands to a common level (the lower), checking that their scales agree.
    func aligned(_ a: Ciphertext, _ b: Ciphertext) throws(CKKSError) -> (Ciphertext, Ciphertext) {
        try check(a)
        try check(b)
        guard Self.sameScale(a.scale, b.scale) else { throw .scaleMismatch(a.scale, b.scale) }
        let level = min(a.level, b.level)
        return (try dropLevels(a, to: level), try dropLevels(b, to: level))
    }

    /// The plaintext's polynomial at the ciphertext's level, checking the scales agree.
    func aligned(_ plaintext: Plaintext, to ciphertext: Ciphertext, matchScale: Bool) throws(CKKSError)
        -> RNSPolynomial<Evaluation>
    {
        try check(ciphertext)
        try check(plaintext)
        guard plaintext.level >= ciphertext.level else { throw .levelMismatch(ciphertext.level, plaintext.level) }
        if matchScale, !Self.sameScale(ciphertext.scale, plaintext.scale) {
            throw .scaleMismatch(ciphertext.scale, plaintext.scale)
        }
        return plaintext.polynomial.truncated(toLimbs: ciphertext.level + 1)
    }

    /// Residues of round(value · scale) on every prime of `level`.
    func constantResidues(_ value: Double, scale: Double, level: Int) throws(CKKSError) -> [UInt64] {
        let scaled = value * scale
        guard scaled.isFinite else { throw .invalidInput("constant times scale is not finite") }
        return context.ring(level: level).moduli.map { $0.reduce(rounding: scaled) }
    }
}
