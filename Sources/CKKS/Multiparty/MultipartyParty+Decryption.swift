import HERing

/// Collective decryption and re-encryption shares, flooded so that the combined result reveals the plaintext (or the
/// recipient's ciphertext) and nothing about any party's secret share.
///
/// Without flooding a share carries only a fresh Gaussian error (σ = 3.2), which keeps the share itself an RLWE
/// sample, but the combined result then holds the ciphertext's key-dependent noise exactly as a single owner's
/// exact decryption does (``Decryptor/decrypt(_:flooding:)`` without flooding): whoever sees many such results of
/// ciphertexts it chose may recover the joint secret (IND-CPA-D). Flood whenever results reach anyone the parties
/// do not trust with that.
///
/// With flooding each party adds its own noise of the width ``NoiseFlooding`` states (σ = √τ·2^(s/2)·E), so even if
/// every other party colludes and subtracts its own noise, the honest party's noise alone hides the ciphertext's
/// key-dependent error e with statistical security s (``NoiseFlooding/statisticalSecurity``, 30 bits by default).
/// The combined result carries n such terms: its precision is ``NoiseFlooding/precisionBits(scale:)`` less
/// ½·log2(n) bits.
extension MultipartyParty {
    /// s_i·c_1 + e over q_0 … q_level, for a ciphertext of two components; e is `flooding`'s noise, or a Gaussian of
    /// σ = 3.2 when `flooding` is nil.
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` for a ciphertext of three components (relinearize first);
    ///   ``CKKSError/floodingExceedsModulus(level:neededBits:availableBits:)`` when the n parties' flooding
    ///   together could wrap around the ciphertext's modulus; ``CKKSError/parameterMismatch(_:)``;
    ///   ``CKKSError/ring(_:)``.
    public func decryptionShare(of ciphertext: Ciphertext, flooding: NoiseFlooding?) throws(CKKSError)
        -> MultipartyShare
    {
        try check(ciphertext, flooding)
        let level = ciphertext.level
        var h = try noise(flooding, ring: context.ring(level: level))
        secretKey.withPolynomial(level: level) { s in h.multiplyAdd(ciphertext.components[1], s) }
        return share(.decryption(level: level), [h], digest: ciphertext.digest)
    }

    /// (s_i·c_1 + u_i·b' + e', u_i·a' + e) over q_0 … q_level, e' as in ``decryptionShare(of:flooding:)``: a share of the ciphertext switched to
    /// `recipient`'s key (b', a'), so only the holder of that key can decrypt the combined result
    /// (``MultipartyCombiner/reencrypt(_:shares:)``).
    ///
    /// - Throws: as ``decryptionShare(of:flooding:)``; ``CKKSError/parameterMismatch(_:)`` for a recipient key of
    ///   other parameters.
    public func reencryptionShare(of ciphertext: Ciphertext, to recipient: PublicKey, flooding: NoiseFlooding?)
        throws(CKKSError) -> MultipartyShare
    {
        try context.require(recipient.parametersFingerprint, "the recipient's public key")
        try check(ciphertext, flooding)
        let level = ciphertext.level, ring = context.ring(level: level)
        var u = try ternaryPolynomial(ring: ring)
        defer { u.wipe() }
        var h0 = try noise(flooding, ring: ring)
        secretKey.withPolynomial(level: level) { s in h0.multiplyAdd(ciphertext.components[1], s) }
        h0.multiplyAdd(recipient.b.truncated(toLimbs: level + 1), u)
        let h1 = try noisyProduct(recipient.a.truncated(toLimbs: level + 1), u, negated: false)
        return share(.keySwitch(level: level), [h0, h1], digest: ciphertext.digest)
    }

    /// The flooding noise, or a Gaussian of σ = 3.2 without flooding.
    private func noise(_ flooding: NoiseFlooding?, ring: RingContext) throws(CKKSError) -> RNSPolynomial<Evaluation> {
        if let flooding { return try flooding.sample(ring: ring) }
        return try gaussianPolynomial(ring: ring)
    }

    /// Throws unless the ciphertext has two components under these parameters and n floodings fit its modulus.
    private func check(_ ciphertext: Ciphertext, _ flooding: NoiseFlooding?) throws(CKKSError) {
        try context.require(ciphertext.parametersFingerprint, "the ciphertext")
        guard ciphertext.size == 2 else {
            throw .invalidInput("a decryption share needs a ciphertext of 2 components; relinearize first")
        }
        guard let flooding else { return }
        // n independent floodings of width σ sum to width √n·σ, as τ·n decryptions of one would.
        try NoiseFlooding(
            noise: flooding.noise, statisticalSecurity: flooding.statisticalSecurity,
            decryptions: flooding.decryptions * partyCount, messageBound: flooding.messageBound
        ).check(level: ciphertext.level, scale: ciphertext.scale, context: context)
    }
}
