import HERing

/// Collective Galois (rotation and conjugation) keys in one round. ``KeyGenerator`` stores a Galois key for φ as
/// the key switching s to φ⁻¹(s): per digit b_j = −a_j·φ⁻¹(s) + e + g_j·s. That is linear in s, so each party
/// contributes −a_j·φ⁻¹(s_i) + e_i + g_j·s_i with the same a_j from the CRS, and the sum is the key.
extension MultipartyParty {
    /// One share per Galois element of `request` (rotations modulo the slot count, step 0 needs none; conjugation
    /// if requested), in increasing exponent order.
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` when the request asks for sparse-secret encapsulation keys
    ///   (bootstrapping's ephemeral secret has no multiparty protocol here); ``CKKSError/ring(_:)``.
    public func galoisShares(for request: EvaluationKeyRequest) throws(CKKSError) -> [MultipartyShare] {
        guard request.ephemeralSecretWeight == nil else {
            throw .invalidInput("multiparty keys do not support bootstrapping's sparse-secret encapsulation")
        }
        let elements = try MultipartyCombiner.galoisElements(for: request, context: context)
        let labels = elements.flatMap { element in
            (0..<digits).map { CommonReferenceString.Label.galois(exponent: element.exponent, digit: $0) }
        }
        let seeds = try crs.seeds(labels, digits: digits)
        let s = secretKey.polynomial
        return try concurrentMap(elements.count) { e throws(CKKSError) in
            var permuted = s.applying(elements[e].inverse)
            defer { permuted.wipe() }
            var polynomials: [RNSPolynomial<Evaluation>] = []
            for j in 0..<digits {
                let a = try uniformPolynomial(ring: context.keyRing, seed: seeds[labels[e * digits + j]]!)
                var b = try noisyProduct(a, permuted, negated: true)
                var gadget = s
                gadget.multiply(byResidues: context.keySwitching.gadgetResidues(digit: j))
                b.add(gadget)
                gadget.wipe()
                polynomials.append(b)
            }
            return share(.galois(exponent: elements[e].exponent), polynomials)
        }
    }
}
