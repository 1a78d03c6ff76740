import HERing

/// Sums parties' shares into collective keys and decryptions; holds no secret, so anyone (an aggregator, the
/// server, a party) may run it.
///
/// Shares are summed only when they fit together: same parameters, same CRS, same number of parties, same kind
/// (and level, Galois exponent, ciphertext), and no party twice. A collective key or decryption further needs
/// every party. Each refusal is a ``CKKSError/shareMismatch(_:)`` (or ``CKKSError/parameterMismatch(_:)``) that
/// names what differs.
public struct MultipartyCombiner: Sendable {
    /// The largest number of parties a session may have.
    public static let maximumParties = 64

    /// The context whose parameters are used.
    public let context: CKKSContext
    /// The session's common reference string.
    public let crs: CommonReferenceString
    /// Parties in the session.
    public let partyCount: Int

    /// - Throws: ``CKKSError/invalidInput(_:)`` unless 2 ≤ `partyCount` ≤ ``maximumParties``.
    public init(context: CKKSContext, crs: CommonReferenceString, partyCount: Int) throws(CKKSError) {
        guard (2...Self.maximumParties).contains(partyCount) else {
            throw .invalidInput("a session has 2 … \(Self.maximumParties) parties")
        }
        self.context = context
        self.crs = crs
        self.partyCount = partyCount
    }

    /// The sum of `shares`: a share whose contributors are all of theirs. Partial sums may be summed again, so
    /// aggregation can follow any tree.
    ///
    /// - Throws: ``CKKSError/shareMismatch(_:)`` for no shares, shares of another session, CRS, party count, kind or
    ///   ciphertext, or a party present twice; ``CKKSError/parameterMismatch(_:)`` for other parameters.
    public func aggregate(_ shares: [MultipartyShare]) throws(CKKSError) -> MultipartyShare {
        guard let first = shares.first else { throw .shareMismatch("no shares to combine") }
        var contributors = Set<Int>()
        for share in shares {
            try check(share)
            guard share.kind == first.kind else {
                throw .shareMismatch("a \(share.kind.noun) cannot be combined with a \(first.kind.noun)")
            }
            guard share.ciphertextDigest == first.ciphertextDigest else {
                throw .shareMismatch("the decryption shares are for different ciphertexts")
            }
            for party in share.contributors {
                guard contributors.insert(party).inserted else {
                    throw .shareMismatch("party \(party) contributed twice to the \(first.kind.noun)")
                }
            }
        }
        var polynomials = first.polynomials
        for share in shares.dropFirst() {
            for i in polynomials.indices { polynomials[i].add(share.polynomials[i]) }
        }
        return MultipartyShare(
            kind: first.kind, partyCount: partyCount, contributors: contributors.sorted(),
            crsFingerprint: crs.fingerprint, ciphertextDigest: first.ciphertextDigest,
            parametersFingerprint: context.parameters.fingerprint, polynomials: polynomials)
    }

    /// Throws unless `share` belongs to this session: parameters, CRS, party count, contributors in range and
    /// increasing, and the number and ring of its polynomials.
    func check(_ share: MultipartyShare) throws(CKKSError) {
        try context.require(share.parametersFingerprint, "the \(share.kind.noun)")
        guard share.crsFingerprint == crs.fingerprint else {
            throw .shareMismatch("the \(share.kind.noun) was made under another common reference string")
        }
        guard share.partyCount == partyCount else {
            throw .shareMismatch(
                "the \(share.kind.noun) is for a session of \(share.partyCount) parties, not \(partyCount)")
        }
        guard !share.contributors.isEmpty, zip(share.contributors, share.contributors.dropFirst()).allSatisfy(<),
            share.contributors.allSatisfy({ (0..<partyCount).contains($0) })
        else { throw .shareMismatch("the \(share.kind.noun) names parties outside 0 ..< \(partyCount)") }
        let (count, ring) = MultipartyShare.shape(of: share.kind, context: context)
        guard share.polynomials.count == count, share.polynomials.allSatisfy({ $0.context.isSameRing(as: ring) })
        else { throw .shareMismatch("the \(share.kind.noun) has the wrong number or size of polynomials") }
    }

    /// The sum of `shares`, which must come from every party and be of `kind`.
    func complete(_ shares: [MultipartyShare], _ kind: MultipartyShare.Kind) throws(CKKSError) -> MultipartyShare {
        let sum = try aggregate(shares)
        try requireComplete(sum, kind)
        return sum
    }

    /// Throws unless `share` is of `kind`, belongs to this session and has every party's contribution.
    func requireComplete(_ share: MultipartyShare, _ kind: MultipartyShare.Kind) throws(CKKSError) {
        try check(share)
        guard share.kind == kind else { throw .shareMismatch("expected a \(kind.noun), got a \(share.kind.noun)") }
        guard share.isComplete else {
            let missing = Set(0..<partyCount).subtracting(share.contributors).sorted()
            throw .shareMismatch(
                "the \(kind.noun) lacks the shares of parties \(missing.map(String.init).joined(separator: ", "))")
        }
    }

    /// The distinct Galois elements of `request`, in increasing exponent order (the order of shares and files).
    static func galoisElements(for request: EvaluationKeyRequest, context: CKKSContext) throws(CKKSError)
        -> [GaloisElement]
    {
        var unique: [UInt64: GaloisElement] = [:]
        for element in try KeyGenerator(context: context).galoisElements(for: request) {
            unique[element.exponent] = element
        }
        return unique.keys.sorted().map { unique[$0]! }
    }
}
