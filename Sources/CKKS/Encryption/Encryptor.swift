import HERing

/// Encrypts plaintexts under a public key (anyone) or the secret key (the owner; smaller ciphertexts, since
/// c_1 is expanded from a stored seed).
public struct Encryptor: Sendable {
    enum Key: Sendable {
        case publicKey(PublicKey)
        case secretKey(SecretKey)
    }

    /// The context whose parameters are used.
    public let context: CKKSContext
    let key: Key

    /// - Throws: ``CKKSError/parameterMismatch(_:)`` when the key belongs to other parameters.
    public init(context: CKKSContext, publicKey: PublicKey) throws(CKKSError) {
        try context.require(publicKey.parametersFingerprint, "the public key")
        self.context = context
        key = .publicKey(publicKey)
    }

    /// - Throws: ``CKKSError/parameterMismatch(_:)`` when the key belongs to other parameters.
    public init(context: CKKSContext, secretKey: SecretKey) throws(CKKSError) {
        try context.require(secretKey.parametersFingerprint, "the secret key")
        self.context = context
        key = .secretKey(secretKey)
    }

    /// Encrypts at the plaintext's level and scale, with fresh randomness from the system CSPRNG.
    ///
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` for a plaintext of other parameters; ``CKKSError/ring(_:)``
    ///   when the system random source fails.
    public func encrypt(_ plaintext: Plaintext) throws(CKKSError) -> Ciphertext {
        try context.require(plaintext.parametersFingerprint, "the plaintext")
        let level = plaintext.level
        let ringQ = context.ring(level: level)
        switch key {
        case .publicKey(let pk):
            // (b·u + e0, a·u + e1) over Q_ℓ ∪ P, divided by P: the noise shrinks to rounding size.
            let ringQP = context.keySwitching.ringQP(level: level)
            let limbs = Array(0...level) + Array(context.maxLevel + 1..<context.keyRing.limbCount)
            let u = try ternaryPolynomial(ring: ringQP)
            var components: [RNSPolynomial<Evaluation>] = []
            for key in [pk.b, pk.a] {
                var c = key.selectingLimbs(limbs, in: ringQP)
                c.multiply(u)
                c.add(try gaussianPolynomial(ring: ringQP))
                components.append(context.keySwitching.divideByP(c))
            }
            components[0].add(plaintext.polynomial)
            return Ciphertext(
                components: components, scale: plaintext.scale,
                parametersFingerprint: context.parameters.fingerprint)
        case .secretKey(let sk):
            let seed = try ringCall { () throws(HERingError) in try SeededRandomSource.fresh().seed }
            let generator = KeyGenerator(context: context)
            let (b, a) = try sk.withPolynomial(level: level) { s throws(CKKSError) in
                try generator.encryptionOfZero(secret: s, ring: ringQ, seed: seed)
            }
            var c0 = b
            c0.add(plaintext.polynomial)
            return Ciphertext(
                components: [c0, a], scale: plaintext.scale,
                parametersFingerprint: context.parameters.fingerprint, seed: seed)
        }
    }
}
