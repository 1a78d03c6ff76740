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

    /// Calls `body` with s restricted to q_0 … q_ℓ, a copy that is wiped when `body` returns or throws.
    func withPolynomial<R, E: Error>(level: Int, _ body: (RNSPolynomial<Evaluation>) throws(E) -> R) throws(E) -> R {
        var s = polynomial.truncated(toLimbs: level + 1)
        defer { s.wipe() }
        return try body(s)
    }
}
