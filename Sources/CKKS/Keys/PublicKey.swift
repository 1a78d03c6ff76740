import HERing

/// An RLWE encryption of zero (b, a) = (−a·s + e, a) over q_0 … q_L and the special primes P, NTT form.
/// Safe to publish. Encrypting over QP and dividing by P makes fresh ciphertexts as precise as the scale allows.
public struct PublicKey: Sendable, Equatable {
    package internal(set) var b: RNSPolynomial<Evaluation>
    package internal(set) var a: RNSPolynomial<Evaluation>
    /// Fingerprint of the parameters it belongs to.
    public let parametersFingerprint: UInt64
    /// The seed `a` was expanded from, so serialization can store it instead of `a`.
    var seed: [UInt8]? = nil

    public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool {
        lhs.b == rhs.b && lhs.a == rhs.a && lhs.parametersFingerprint == rhs.parametersFingerprint
    }
}

/// Encryptions under s of P·s' split into digits (over q_0 … q_L and P): switches a ciphertext component
/// from s' to s. Relinearization keys have s' = s², Galois keys s' = s(X^k).
package struct KeySwitchingKey: Sendable, Equatable {
    /// b_j = −a_j·s + e_j + (gadget factor of digit j)·P·s'.
    package internal(set) var b: [RNSPolynomial<Evaluation>]
    /// a_j, uniform: held as their seeds (expanded limb by limb when used) unless they have none.
    package internal(set) var a: [UniformKeyHalf]

    /// Whether every a_j is held as its seed, so the key can be stored as b and seeds.
    var storesSeeds: Bool { a.allSatisfy { $0.seed != nil } }
}
