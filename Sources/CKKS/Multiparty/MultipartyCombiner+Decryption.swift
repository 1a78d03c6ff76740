import HERing

/// Collective decryption and re-encryption from every party's flooded shares.
extension MultipartyCombiner {
    /// c_0 + Σ (s_i·c_1 + e_i) = Δ·m + e + Σ e_i: the plaintext, flooded by every party.
    ///
    /// - Throws: ``CKKSError/shareMismatch(_:)`` unless the shares are every party's decryption share of this
    ///   very ciphertext; ``CKKSError/parameterMismatch(_:)``.
    public func decrypt(_ ciphertext: Ciphertext, shares: [MultipartyShare]) throws(CKKSError) -> Plaintext {
        let sum = try completeShares(of: ciphertext, shares, .decryption(level: ciphertext.level))
        var message = ciphertext.components[0]
        message.add(sum.polynomials[0])
        return Plaintext(
            polynomial: message, scale: ciphertext.scale, parametersFingerprint: ciphertext.parametersFingerprint)
    }

    /// (c_0 + Σ h0_i, Σ h1_i): the ciphertext under the recipient's key the shares were made for, at the same
    /// level and scale.
    ///
    /// - Throws: ``CKKSError/shareMismatch(_:)`` unless the shares are every party's re-encryption share of this
    ///   very ciphertext; ``CKKSError/parameterMismatch(_:)``.
    public func reencrypt(_ ciphertext: Ciphertext, shares: [MultipartyShare]) throws(CKKSError) -> Ciphertext {
        let sum = try completeShares(of: ciphertext, shares, .keySwitch(level: ciphertext.level))
        var c0 = ciphertext.components[0]
        c0.add(sum.polynomials[0])
        return Ciphertext(
            components: [c0, sum.polynomials[1]], scale: ciphertext.scale,
            parametersFingerprint: ciphertext.parametersFingerprint)
    }

    private func completeShares(of ciphertext: Ciphertext, _ shares: [MultipartyShare], _ kind: MultipartyShare.Kind)
        throws(CKKSError) -> MultipartyShare
    {
        try context.require(ciphertext.parametersFingerprint, "the ciphertext")
        guard ciphertext.size == 2 else { throw .invalidInput("collective decryption needs 2 components") }
        let sum = try complete(shares, kind)
        guard sum.ciphertextDigest == ciphertext.digest else {
            throw .shareMismatch("the \(kind.noun) was made for another ciphertext")
        }
        return sum
    }
}
