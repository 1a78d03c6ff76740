import CKKS
import Foundation
import HERing
import Testing

/// Keys and helpers for one parameter set, built once per test process.
final class Fixture: Sendable {
    let context: CKKSContext
    let secretKey: SecretKey
    let publicKey: PublicKey
    let keys: EvaluationKeys
    let encoder: CKKSEncoder
    let encryptor: Encryptor
    let decryptor: Decryptor
    let evaluator: Evaluator

    static let rotationSteps: Set<Int> = [1, 2, 3, 4, 5, 6, 7, 8, -1, -3, 16, 100]

    convenience init(_ parameters: CKKSParameters) throws {
        try self.init(parameters) { _ in
            EvaluationKeyRequest(
                rotations: Self.rotationSteps
                    .union(Evaluator.innerSumSteps(batch: 1, count: parameters.slotCount)),
                conjugation: true)
        }
    }

    /// Keys for the request made from the context.
    init(_ parameters: CKKSParameters, request: (CKKSContext) throws -> EvaluationKeyRequest) throws {
        context = try CKKSContext(parameters: parameters)
        let generator = KeyGenerator(context: context)
        secretKey = try generator.secretKey()
        publicKey = try generator.publicKey(for: secretKey)
        keys = try generator.evaluationKeys(for: secretKey, request: request(context))
        encoder = CKKSEncoder(context: context)
        encryptor = try Encryptor(context: context, publicKey: publicKey)
        decryptor = try Decryptor(context: context, secretKey: secretKey)
        evaluator = try Evaluator(context: context, evaluationKeys: keys)
    }

    /// Deterministic values in [−1, 1].
    func values(seed: UInt64, count: Int? = nil) -> [Double] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<(count ?? context.slotCount)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
    }

    func encrypt(_ values: [Double], level: Int? = nil) throws -> Ciphertext {
        try encryptor.encrypt(encoder.encode(values, level: level))
    }

    /// Bytes of one key's digits over Q_ℓ ∪ P: every b_j in memory, every a_j as its seed (8 bytes per limb and the
    /// seed), with its residues in memory too when `expanded`.
    func keyBytes(level: Int, expanded: Bool) -> Int {
        let switching = context.keySwitching
        let limbs = level + 1 + switching.ringP.limbCount, n = context.parameters.degree
        return switching.digitCount(level: level) * ((expanded ? 2 : 1) * limbs * n * 8 + 8 * limbs + 32)
    }

    /// Expects `evaluator` to relinearize, rotate (single and hoisted) and conjugate ciphertexts at `level` exactly
    /// as the fixture's evaluator does (keys in another form or released above `level` switch bit for bit).
    func expectSameKeySwitches(_ evaluator: Evaluator, level: Int, seed: UInt64) throws {
        let x = try encrypt(values(seed: seed), level: level), y = try encrypt(values(seed: seed + 1), level: level)
        let product = try self.evaluator.multiply(x, y)
        #expect(try evaluator.relinearize(product) == self.evaluator.relinearize(product), "level \(level)")
        #expect(try evaluator.rotate(x, by: 3) == self.evaluator.rotate(x, by: 3), "level \(level)")
        #expect(
            try evaluator.rotations(of: x, by: [1, -1, 16]) == self.evaluator.rotations(of: x, by: [1, -1, 16]),
            "level \(level)")
        #expect(try evaluator.conjugate(y) == self.evaluator.conjugate(y), "level \(level)")
    }

    func decrypt(_ ciphertext: Ciphertext) throws -> [Double] {
        try encoder.decode(decryptor.decrypt(ciphertext))
    }

    static let small = Result { try Fixture(CKKSParameters(preset: .insecure_n4096_l6_s40)) }
    static let medium = Result { try Fixture(CKKSParameters(preset: .n8192_l2_s40)) }
}

/// −log2 of the largest absolute error: the number of correct bits after the binary point.
func precisionBits(_ got: [Double], _ expected: [Double]) -> Double {
    let error = zip(got, expected).map { abs($0 - $1) }.max() ?? 0
    return error == 0 ? 64 : -log2(error)
}

extension Tag {
    /// Tests at N ≥ 2^14. They sit in suites named `Slow`, so that `make test-fast` can skip them by name
    /// (`swift test --skip /Slow/`: `swift test` cannot filter by tag); `make test` runs them.
    @Tag static var slow: Self
}
