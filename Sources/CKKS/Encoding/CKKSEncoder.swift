import ComplexModule
import HERing
import RealModule

/// Encodes vectors of up to N/2 real or complex numbers into plaintexts and decodes them back.
///
/// Slot j holds m(ζ^(5^j)) (see `CanonicalEmbedding`); `Evaluator.rotate(_:by:)` by r moves slot j + r to slot
/// j. Shorter inputs are padded with zeros. Encoding multiplies by the scale and rounds; decoding recomposes the
/// coefficients exactly (CRT with GMP) before dividing by the scale.
public struct CKKSEncoder: Sendable {
    /// The context whose parameters are used.
    public let context: CKKSContext

    public init(context: CKKSContext) { self.context = context }

    /// Encodes real values.
    ///
    /// - Parameters:
    ///   - values: at most N/2 finite values, one per slot (the rest are 0).
    ///   - level: 0 … L (default L).
    ///   - scale: default: the context's scale for that level.
    /// - Throws: ``CKKSError/invalidInput(_:)`` for more than N/2 values, non-finite values, or values whose
    ///   scaled coefficients do not fit the modulus at that level.
    public func encode(_ values: [Double], level: Int? = nil, scale: Double? = nil) throws(CKKSError) -> Plaintext {
        var interleaved = [Double](repeating: 0, count: 2 * values.count)
        for (i, value) in values.enumerated() { interleaved[2 * i] = value }
        return try encode(interleaved: interleaved, level: level, scale: scale)
    }

    /// Encodes complex values.
    ///
    /// - Throws: as ``encode(_:level:scale:)-([Double],_,_)``.
    public func encode(_ values: [Complex<Double>], level: Int? = nil, scale: Double? = nil) throws(CKKSError)
        -> Plaintext
    {
        var interleaved = [Double](repeating: 0, count: 2 * values.count)
        for (i, value) in values.enumerated() {
            interleaved[2 * i] = value.real
            interleaved[2 * i + 1] = value.imaginary
        }
        return try encode(interleaved: interleaved, level: level, scale: scale)
    }

    func encode(interleaved values: [Double], level: Int?, scale: Double?) throws(CKKSError) -> Plaintext {
        let level = level ?? context.maxLevel
        try context.require(level: level)
        let scale = scale ?? context.levelScales[level]
        guard values.count <= 2 * context.slotCount else {
            throw .invalidInput("\(values.count / 2) values exceed the \(context.slotCount) slots")
        }
        guard values.allSatisfy(\.isFinite) else { throw .invalidInput("values must be finite") }
        guard scale > 0, scale.isFinite else { throw .invalidInput("scale must be positive and finite") }
        let slots = values + [Double](repeating: 0, count: 2 * context.slotCount - values.count)
        let scaled = context.embedding.coefficients(fromSlots: slots).map { $0 * scale }
        let ringQ = context.ring(level: level)
        let largest = scaled.reduce(0) { Swift.max($0, $1.magnitude) }
        let logQ = ringQ.moduli.reduce(0.0) { $0 + Double($1.value).log2 }
        guard largest == 0 || largest.log2 < logQ - 1 else {
            throw .invalidInput("values times scale 2^\(log2String(scale)) exceed the modulus at level \(level)")
        }
        let polynomial = RNSPolynomial<Coefficient>(context: ringQ, roundingCoefficients: scaled).forwardNTT()
        return Plaintext(polynomial: polynomial, scale: scale, parametersFingerprint: context.parameters.fingerprint)
    }

    /// Decodes all N/2 slots as complex numbers.
    ///
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` for a plaintext of other parameters.
    public func decodeComplex(_ plaintext: Plaintext) throws(CKKSError) -> [Complex<Double>] {
        let slots = try decodeInterleaved(plaintext)
        return (0..<context.slotCount).map { Complex(slots[2 * $0], slots[2 * $0 + 1]) }
    }

    /// Decodes all N/2 slots, keeping their real parts.
    ///
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` for a plaintext of other parameters.
    public func decode(_ plaintext: Plaintext) throws(CKKSError) -> [Double] {
        let slots = try decodeInterleaved(plaintext)
        return (0..<context.slotCount).map { slots[2 * $0] }
    }

    func decodeInterleaved(_ plaintext: Plaintext) throws(CKKSError) -> [Double] {
        try context.require(plaintext.parametersFingerprint, "the plaintext")
        let coefficients = context.composers[plaintext.level].doubles(
            plaintext.polynomial.inverseNTT(),
            dividedBy: plaintext.scale)
        return context.embedding.slots(fromCoefficients: coefficients)
    }
}
