import HERing

/// Extra noise added to a decryption before its result is shared with anyone who holds ciphertexts
/// (the Li–Micciancio key-recovery attack on CKKS uses exact decryptions).
public struct NoiseFlooding: Sendable, Hashable {
    /// Each coefficient gets independent uniform noise in [−2^bits, 2^bits): 0…60. Precision drops to about
    /// log2(scale) − bits bits; 20 bits above the ciphertext noise is a common choice.
    public let bits: Int

    public init(bits: Int) throws(CKKSError) {
        guard (0...60).contains(bits) else { throw .invalidInput("flooding noise must be 0 … 60 bits") }
        self.bits = bits
    }
}

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

    /// c_0 + c_1·s (+ c_2·s²), optionally flooded with noise, as a plaintext at the ciphertext's level and scale.
    ///
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` for a ciphertext of other parameters.
    public func decrypt(_ ciphertext: Ciphertext, flooding: NoiseFlooding? = nil) throws(CKKSError) -> Plaintext {
        try context.require(ciphertext.parametersFingerprint, "the ciphertext")
        let s = secretKey.polynomial(level: ciphertext.level)
        var message = ciphertext.components[0]
        var power = s
        for component in ciphertext.components.dropFirst() {
            message.multiplyAdd(component, power)
            power.multiply(s)
        }
        if let flooding {
            var random = SystemRandomSource()
            let words = try ringCall { () throws(HERingError) in try random.words(context.parameters.degree) }
            let span = UInt64(2) << flooding.bits
            let noise = words.map { Int64(bitPattern: $0 % span) - Int64(span / 2) }
            message.add(RNSPolynomial<Coefficient>(context: message.context, signedCoefficients: noise).forwardNTT())
        }
        return Plaintext(polynomial: message, scale: ciphertext.scale, parametersFingerprint: ciphertext.parametersFingerprint)
    }
}
