import HERing

/// One party of an N-out-of-N multiparty CKKS session (passive security): it holds a secret share s_i, and the
/// session's secret s = s_0 + … + s_(n−1) exists nowhere. Every collective key and every decryption needs a share
/// from every party; shares are combined by ``MultipartyCombiner``.
///
/// The secret share is drawn like a single owner's key (``KeyGenerator/secretKey()``, system CSPRNG, the
/// parameters' secret distribution) and stays with the party. The joint secret is a sum of n such secrets, so its
/// coefficients lie in [−n, n]; key-switching noise grows accordingly (by about √n), far below the scale.
public struct MultipartyParty: Sendable {
    /// The context whose parameters are used.
    public let context: CKKSContext
    /// The session's common reference string.
    public let crs: CommonReferenceString
    /// This party's index, 0 ..< ``partyCount``.
    public let index: Int
    /// Parties in the session.
    public let partyCount: Int
    let secretKey: SecretKey

    /// - Parameters:
    ///   - secretKey: this party's share, from ``KeyGenerator/secretKey()`` (or read back from its file).
    ///   - index: 0 ..< `partyCount`.
    ///   - partyCount: 2 … ``MultipartyCombiner/maximumParties``.
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` for a key of other parameters; ``CKKSError/invalidInput(_:)``
    ///   for an index or count out of range.
    public init(
        context: CKKSContext, crs: CommonReferenceString, index: Int, partyCount: Int, secretKey: SecretKey
    ) throws(CKKSError) {
        try context.require(secretKey.parametersFingerprint, "the secret share")
        guard (2...MultipartyCombiner.maximumParties).contains(partyCount) else {
            throw .invalidInput("a session has 2 … \(MultipartyCombiner.maximumParties) parties")
        }
        guard (0..<partyCount).contains(index) else { throw .invalidInput("party index outside 0 ..< \(partyCount)") }
        self.context = context
        self.crs = crs
        self.index = index
        self.partyCount = partyCount
        self.secretKey = secretKey
    }

    /// b_i = −a·s_i + e_i with a from the CRS (one round).
    ///
    /// - Throws: ``CKKSError/ring(_:)`` when the system random source fails.
    public func publicKeyShare() throws(CKKSError) -> MultipartyShare {
        let (a, _) = try crs.polynomial(.publicKey, ring: context.keyRing, digits: digits)
        return share(.publicKey, [try noisyProduct(a, secretKey.polynomial, negated: true)])
    }

    /// A share of `kind` holding `polynomials`, from this party alone.
    func share(_ kind: MultipartyShare.Kind, _ polynomials: [RNSPolynomial<Evaluation>], digest: UInt64 = 0)
        -> MultipartyShare
    {
        MultipartyShare(
            kind: kind, partyCount: partyCount, contributors: [index], crsFingerprint: crs.fingerprint,
            ciphertextDigest: digest, parametersFingerprint: context.parameters.fingerprint, polynomials: polynomials)
    }

    /// Digits of the key-switching keys.
    var digits: Int { context.keySwitching.digitCount }

    /// ±x·y + e with e Gaussian (σ = 3.2) over x's ring; x·y is wiped after use.
    func noisyProduct(_ x: RNSPolynomial<Evaluation>, _ y: RNSPolynomial<Evaluation>, negated: Bool) throws(CKKSError)
        -> RNSPolynomial<Evaluation>
    {
        var result = try gaussianPolynomial(ring: x.context)
        var product = x
        product.multiply(y)
        if negated { result.subtract(product) } else { result.add(product) }
        product.wipe()
        return result
    }
}
