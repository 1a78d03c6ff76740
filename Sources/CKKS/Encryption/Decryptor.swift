import HERing

/// Decrypts with the secret key (the data owner's side).
public struct Decryptor: Sendable {
    /// The context whose parameters are used.
    public let context: CKKSContext
    let secretKey: SecretKey

    /// - Throws: ``CKKSError/parameterMismatch(_:)`` when the key belongs to other parameters.
    public init(context: CKKSContext, secretKey: SecretKey) throws(CKKSError) {
        try context.require(secretKey.parametersFingerprint, "the secret key")
        self.context = context
        self.secretKey = secretKey
    }

    /// c_0 + c_1·s (+ c_2·s²) as a plaintext at the ciphertext's level and scale, plus fresh Gaussian flooding
    /// noise when `flooding` is given.
    ///
    /// Flood every decryption whose result leaves the owner (see ``NoiseFlooding``); an exact decryption is for the
    /// owner's eyes only.
    ///
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` for a ciphertext of other parameters;
    ///   ``CKKSError/floodingExceedsModulus(level:neededBits:availableBits:)`` when the flooding could wrap around
    ///   the ciphertext's modulus (checked before decrypting); ``CKKSError/ring(_:)`` when the CSPRNG fails.
    public func decrypt(_ ciphertext: Ciphertext, flooding: NoiseFlooding? = nil) throws(CKKSError) -> Plaintext {
        try context.require(ciphertext.parametersFingerprint, "the ciphertext")
        try flooding?.check(level: ciphertext.level, scale: ciphertext.scale, context: context)
        var message = ciphertext.components[0]
        secretKey.withPolynomial(level: ciphertext.level) { s in
            var power = s
            defer { power.wipe() }
            for component in ciphertext.components.dropFirst() {
                message.multiplyAdd(component, power)
                power.multiply(s)
            }
        }
        if let flooding { message.add(try flooding.sample(ring: message.context)) }
        return Plaintext(
            polynomial: message, scale: ciphertext.scale, parametersFingerprint: ciphertext.parametersFingerprint)
    }
}
