import HERing

/// The secret s, in NTT form over q_0 … q_L and the special primes.
///
/// Stays with the data owner: nothing in heml sends it anywhere, and it serializes only through an explicit
/// call to its own file type. Its memory is overwritten with zeros when the key is released.
public final class SecretKey: @unchecked Sendable {
    var polynomial: RNSPolynomial<Evaluation>
    /// Fingerprint of the parameters it belongs to.
    public let parametersFingerprint: UInt64

    init(polynomial: RNSPolynomial<Evaluation>, parametersFingerprint: UInt64) {
        self.polynomial = polynomial
        self.parametersFingerprint = parametersFingerprint
    }

    deinit { polynomial.wipe() }

    /// s restricted to q_0 … q_ℓ.
    func polynomial(level: Int) -> RNSPolynomial<Evaluation> {
        polynomial.truncated(toLimbs: level + 1)
    }
}
