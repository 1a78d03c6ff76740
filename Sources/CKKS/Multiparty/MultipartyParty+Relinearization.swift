import HERing

/// The collective relinearization key in two rounds (the RKG protocol of Mouchet et al.), in the key-switching
/// format of ``KeyGenerator`` (digits and special primes), so the ``Evaluator`` uses it unchanged.
///
/// Round 1, per digit j with a_j from the CRS and an ephemeral ternary u_i: (h0_ij, h1_ij) =
/// (−u_i·a_j + g_j·s_i + e, s_i·a_j + e); their sums are h0_j = −u·a_j + g_j·s + e and h1_j = s·a_j + e.
/// Round 2 on those sums: (s_i·h0_j + e, (u_i − s_i)·h1_j + e). The key is b_j = Σ of both round-2 parts and
/// a_j' = h1_j, so b_j + a_j'·s = g_j·s² + s·e + u·e + …: a key switching s² to s.
extension MultipartyParty {
    /// This party's round-1 share and the ephemeral secret u_i it must keep (privately, like its secret share)
    /// for round 2.
    ///
    /// - Throws: ``CKKSError/ring(_:)`` when the system random source fails.
    public func relinearizationRound1() throws(CKKSError) -> (share: MultipartyShare, ephemeral: SecretKey) {
        let ephemeral = try KeyGenerator(context: context).secretKey()
        let s = secretKey.polynomial, u = ephemeral.polynomial
        let labels = (0..<digits).map { CommonReferenceString.Label.relinearization(digit: $0) }
        let seeds = try crs.seeds(labels, digits: digits)
        var polynomials: [RNSPolynomial<Evaluation>] = []
        for (j, label) in labels.enumerated() {
            let a = try uniformPolynomial(ring: context.keyRing, seed: seeds[label]!)
            var h0 = try noisyProduct(a, u, negated: true)
            var gadget = s
            gadget.multiply(byResidues: context.keySwitching.gadgetResidues(digit: j))
            h0.add(gadget)
            gadget.wipe()
            polynomials += [h0, try noisyProduct(a, s, negated: false)]
        }
        return (share(.relinearizationRound1, polynomials), ephemeral)
    }

    /// This party's round-2 share from the sum of every party's round-1 share.
    ///
    /// - Parameters:
    ///   - round1: the complete round-1 sum (``MultipartyCombiner/aggregate(_:)``).
    ///   - ephemeral: the u_i this party drew in ``relinearizationRound1()``.
    /// - Throws: ``CKKSError/shareMismatch(_:)`` unless `round1` is a complete round-1 sum of this session;
    ///   ``CKKSError/parameterMismatch(_:)``; ``CKKSError/ring(_:)`` when the system random source fails.
    public func relinearizationRound2(round1: MultipartyShare, ephemeral: SecretKey) throws(CKKSError)
        -> MultipartyShare
    {
        try context.require(ephemeral.parametersFingerprint, "the ephemeral secret")
        try MultipartyCombiner(context: context, crs: crs, partyCount: partyCount)
            .requireComplete(round1, .relinearizationRound1)
        var difference = ephemeral.polynomial
        difference.subtract(secretKey.polynomial)
        defer { difference.wipe() }
        var polynomials: [RNSPolynomial<Evaluation>] = []
        for j in 0..<digits {
            polynomials += [
                try noisyProduct(round1.polynomials[2 * j], secretKey.polynomial, negated: false),
                try noisyProduct(round1.polynomials[2 * j + 1], difference, negated: false),
            ]
        }
        return share(.relinearizationRound2, polynomials)
    }
}
