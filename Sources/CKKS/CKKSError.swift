import Foundation
import HERing

/// Errors thrown by the CKKS layer. Messages name levels, scales, steps and sizes — never slot values.
public enum CKKSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A parameter is outside its documented range or inconsistent with another.
    case invalidParameters(String)
    /// log2(QP) exceeds the HomomorphicEncryption.org 128-bit bound for the ring degree.
    case insecureParameters(logDegree: Int, logQP: Double, maximum: Int)
    /// Stored parameters are marked unchecked (not validated for 128-bit security) and the reader was not told to
    /// accept that (``CKKSParameters/init(deserializing:accepting:)`` with ``SecurityPolicy/unchecked``).
    case uncheckedParametersRefused(logDegree: Int)
    /// Two operands are at different levels where equal levels are required.
    case levelMismatch(Int, Int)
    /// Two operands have different scales where equal scales are required.
    case scaleMismatch(Double, Double)
    /// The operation needs a level the ciphertext no longer has.
    case levelExhausted(operation: String)
    /// No Galois key for this rotation step was generated.
    case missingRotationKey(step: Int)
    /// No Galois key for complex conjugation was generated.
    case missingConjugationKey
    /// No relinearization key was generated.
    case missingRelinearizationKey
    /// Bootstrapping through a sparse secret needs the encapsulation keys of the evaluation key request.
    case missingEncapsulationKeys
    /// An object was made under other parameters than the context or key it is used with.
    case parameterMismatch(String)
    /// Flooding noise plus the values' bound (log2 `neededBits`) would come within a factor 4 of the modulus left at
    /// `level` (log2(Q_level) = `availableBits` + 2), so the flooded decryption could wrap around.
    case floodingExceedsModulus(level: Int, neededBits: Double, availableBits: Double)
    /// Multiparty shares that do not fit together (another session, CRS, party count, kind or ciphertext; a
    /// party twice or missing).
    case shareMismatch(String)
    /// An input value or size is out of range (the message says which, not the value).
    case invalidInput(String)
    /// Serialized data is truncated, tampered with or of the wrong kind.
    case malformedData(String)
    /// A failure in the ring layer.
    case ring(HERingError)

    public var description: String {
        switch self {
        case .invalidParameters(let what): "invalid CKKS parameters: \(what)"
        case .insecureParameters(let logDegree, let logQP, let maximum):
            "log2(QP) = \(Int(logQP.rounded(.up))) bits exceeds \(maximum), the 128-bit bound for N = 2^\(logDegree) "
                + "(HomomorphicEncryption.org standard); use fewer or smaller primes, a larger ring, or opt in "
                + "explicitly with security: .unchecked for tests"
        case .uncheckedParametersRefused(let logDegree):
            "the stored parameters (N = 2^\(logDegree)) are marked unchecked: they were never validated for 128-bit "
                + "security; refused unless the reader is explicitly allowed insecure parameters"
        case .levelMismatch(let a, let b):
            "operands are at levels \(a) and \(b); bring them to one level first (Evaluator.matchLevelAndScale)"
        case .scaleMismatch(let a, let b):
            "operands have scales 2^\(log2String(a)) and 2^\(log2String(b)); rescale or match scales first"
        case .levelExhausted(let operation):
            "\(operation) needs one more level than the ciphertext has left; plan a deeper modulus chain"
        case .missingRotationKey(let step): "no Galois key for rotation by \(step); request it at key generation"
        case .missingConjugationKey: "no Galois key for conjugation; request it at key generation"
        case .missingRelinearizationKey: "no relinearization key; request it at key generation"
        case .missingEncapsulationKeys:
            "no sparse-secret encapsulation keys for bootstrapping; request them at key generation"
        case .parameterMismatch(let what): "parameter mismatch: \(what)"
        case .floodingExceedsModulus(let level, let needed, let available):
            "flooded decryption at level \(level) needs \(Int(needed.rounded(.up))) bits but the modulus left allows "
                + "\(Int(available.rounded(.down))); lower the statistical security, the number of decryptions or the "
                + "message bound, or use parameters with a wider q_0"
        case .shareMismatch(let what): "multiparty shares do not fit together: \(what)"
        case .invalidInput(let what): "invalid input: \(what)"
        case .malformedData(let what): "malformed data: \(what)"
        case .ring(let error): error.description
        }
    }
}

func log2String(_ value: Double) -> String {
    String(Double(Int((value.log2 * 100).rounded())) / 100)
}

extension Double {
    var log2: Double { Foundation.log2(self) }
}

/// Runs a ring-layer call, wrapping its error.
func ringCall<T>(_ body: () throws(HERingError) -> T) throws(CKKSError) -> T {
    do { return try body() } catch { throw .ring(error) }
}

extension CKKSError: LocalizedError {
    /// The same text as `description`, for APIs that show `localizedDescription`.
    public var errorDescription: String? { description }
}
