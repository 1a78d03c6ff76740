import HERing

/// A CKKS ciphertext: two polynomials (three after a multiplication, before relinearization) over q_0 … q_level,
/// in NTT form, and the exact scale of the values it encrypts.
///
/// Decrypts to c_0 + c_1·s (+ c_2·s²) ≈ scale · m.
public struct Ciphertext: Sendable, Equatable {
    /// c_0, c_1 (, c_2).
    package internal(set) var components: [RNSPolynomial<Evaluation>]
    /// The exact scale (a product and quotient of primes and encoding scales, not a nominal power of two).
    public internal(set) var scale: Double
    /// Fingerprint of the parameters it was made under.
    public let parametersFingerprint: UInt64
    /// For a fresh secret-key encryption: the seed c_1 was expanded from, so serialization can store it instead.
    var seed: [UInt8]?

    /// Level: the index of the last prime (0 … L); the number of rescalings left.
    public var level: Int { components[0].limbCount - 1 }
    /// 2, or 3 after a multiplication without relinearization.
    public var size: Int { components.count }

    init(components: [RNSPolynomial<Evaluation>], scale: Double, parametersFingerprint: UInt64, seed: [UInt8]? = nil) {
        self.components = components
        self.scale = scale
        self.parametersFingerprint = parametersFingerprint
        self.seed = seed
    }

    public static func == (lhs: Ciphertext, rhs: Ciphertext) -> Bool {
        lhs.components == rhs.components && lhs.scale == rhs.scale
            && lhs.parametersFingerprint == rhs.parametersFingerprint
    }
}
