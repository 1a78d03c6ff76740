import HERing

/// Collective keys from every party's shares, in the formats of single-owner keys: an ``Encryptor`` and an
/// ``Evaluator`` use them unchanged.
extension MultipartyCombiner {
    /// (Σ b_i, a) = (−a·s + e, a) with a from the CRS, stored with its seed.
    ///
    /// - Throws: ``CKKSError/shareMismatch(_:)`` unless the shares are every party's public-key share of this
    ///   session, each once.
    public func publicKey(from shares: [MultipartyShare]) throws(CKKSError) -> PublicKey {
        let sum = try complete(shares, .publicKey)
        let (a, seed) = try crs.polynomial(.publicKey, ring: context.keyRing, digits: digits)
        return PublicKey(b: sum.polynomials[0], a: a, parametersFingerprint: context.parameters.fingerprint, seed: seed)
    }

    /// The collective evaluation keys: relinearization from both rounds' shares, Galois keys from every party's
    /// share for each exponent (shares of any exponents, in any order).
    ///
    /// - Parameters:
    ///   - round1: every party's round-1 share (or their sum).
    ///   - round2: every party's round-2 share (or their sum).
    ///   - galois: every party's Galois-key shares.
    /// - Throws: ``CKKSError/shareMismatch(_:)`` for a missing, duplicated or foreign share, or a Galois exponent
    ///   some party did not contribute.
    public func evaluationKeys(
        round1: [MultipartyShare], round2: [MultipartyShare], galois: [MultipartyShare]
    ) throws(CKKSError) -> EvaluationKeys {
        let h = try complete(round1, .relinearizationRound1)
        let r = try complete(round2, .relinearizationRound2)
        var b: [RNSPolynomial<Evaluation>] = [], a: [UniformKeyHalf] = []
        for j in 0..<digits {
            b.append(r.polynomials[2 * j] + r.polynomials[2 * j + 1])
            a.append(UniformKeyHalf(h.polynomials[2 * j + 1]))
        }
        var byExponent: [UInt64: [MultipartyShare]] = [:]
        for share in galois {
            guard case .galois(let exponent) = share.kind else {
                throw .shareMismatch("expected Galois-key shares, got a \(share.kind.noun)")
            }
            byExponent[exponent, default: []].append(share)
        }
        var keys: [UInt64: KeySwitchingKey] = [:]
        for (exponent, shares) in byExponent {
            keys[exponent] = try galoisKey(exponent: exponent, complete(shares, .galois(exponent: exponent)))
        }
        return EvaluationKeys(
            relinearization: KeySwitchingKey(b: b, a: a), galois: keys, encapsulation: nil,
            parametersFingerprint: context.parameters.fingerprint)
    }

    /// The Galois key for `exponent` from the complete sum of its shares, with the a_j of the CRS.
    private func galoisKey(exponent: UInt64, _ sum: MultipartyShare) throws(CKKSError) -> KeySwitchingKey {
        let labels = (0..<digits).map { CommonReferenceString.Label.galois(exponent: exponent, digit: $0) }
        let seeds = try crs.seeds(labels, digits: digits)
        var a: [UniformKeyHalf] = []
        for label in labels {
            let (seeded, residues) = try ringCall { () throws(HERingError) in
                try SeededUniformPolynomial.expanding(seed: seeds[label]!, in: context.keyRing)
            }
            a.append(UniformKeyHalf(seeded: seeded, residues: residues))
        }
        return KeySwitchingKey(b: sum.polynomials, a: a)
    }

    /// Digits of the key-switching keys.
    var digits: Int { context.keySwitching.digitCount }
}
