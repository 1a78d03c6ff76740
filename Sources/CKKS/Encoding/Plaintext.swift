import HERing

/// An encoded (not encrypted) vector: a polynomial over q_0 … q_level in NTT form with its scale.
public struct Plaintext: Sendable, Equatable {
    /// The encoding polynomial, evaluation form.
    package internal(set) var polynomial: RNSPolynomial<Evaluation>
    /// The factor the slot values were multiplied by before rounding.
    public internal(set) var scale: Double
    /// Fingerprint of the parameters it was encoded under.
    public let parametersFingerprint: UInt64

    /// Level: the index of the last prime (0 … L).
    public var level: Int { polynomial.limbCount - 1 }
}
