import CKKS

/// The insecure test ring every CKKS file target reads against: N = 2^10, one 30-bit scaling prime over a 30-bit
/// q_0, one 30-bit special prime, so seeds stay a few kilobytes and each input is parsed in microseconds.
final class SmallRing: Sendable {
    static let shared = try! SmallRing()

    let context: CKKSContext
    let secretKey: SecretKey
    let publicKey: PublicKey
    let keys: EvaluationKeys
    let encoder: CKKSEncoder
    let encryptor: Encryptor
    let decryptor: Decryptor

    private init() throws {
        let parameters = try CKKSParameters(
            logDegree: 10, levels: 1, scaleBits: 25, firstModulusBits: 30,
            specialModulusBits: 30, specialModulusCount: 1, security: .unchecked)
        context = try CKKSContext(parameters: parameters)
        let generator = KeyGenerator(context: context)
        secretKey = try generator.secretKey()
        publicKey = try generator.publicKey(for: secretKey)
        keys = try generator.evaluationKeys(
            for: secretKey, request: EvaluationKeyRequest(rotations: [1], conjugation: false))
        encoder = CKKSEncoder(context: context)
        encryptor = try Encryptor(context: context, publicKey: publicKey)
        decryptor = try Decryptor(context: context, secretKey: secretKey)
    }
}
