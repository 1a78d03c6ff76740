import ComplexModule
import HERing

@testable import CKKS

/// Keys for exactly the rotations of one CoeffToSlot/SlotToCoeff pair on a small insecure ring, built once per
/// configuration.
final class BootstrappingFixture: Sendable {
    let context: CKKSContext
    let secretKey: SecretKey
    let encoder: CKKSEncoder
    let encryptor: Encryptor
    let decryptor: Decryptor
    let evaluator: Evaluator
    let coeffToSlot: CoeffToSlot
    let slotToCoeff: SlotToCoeff

    init(_ parameters: CKKSParameters, slots: Int, levelBudget: Int) throws {
        context = try CKKSContext(parameters: parameters)
        let generator = KeyGenerator(context: context)
        secretKey = try generator.secretKey()
        coeffToSlot = try CoeffToSlot(context: context, slots: slots, levelBudget: levelBudget)
        slotToCoeff = try SlotToCoeff(
            context: context, slots: slots, levelBudget: levelBudget,
            inputLevel: coeffToSlot.outputLevel)
        let request = EvaluationKeyRequest(coeffToSlot: coeffToSlot, slotToCoeff: slotToCoeff, relinearization: false)
        evaluator = try Evaluator(
            context: context, evaluationKeys: generator.evaluationKeys(for: secretKey, request: request))
        encoder = CKKSEncoder(context: context)
        encryptor = try Encryptor(context: context, publicKey: generator.publicKey(for: secretKey))
        decryptor = try Decryptor(context: context, secretKey: secretKey)
    }

    /// N = 2^10, L = 8, 40-bit scale, with the given secret.
    static func smallRing(secret: SecretDistribution = .ternary) throws -> CKKSParameters {
        try CKKSParameters(
            logDegree: 10, levels: 8, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 50,
            specialModulusCount: 2, secret: secret, security: .unchecked)
    }

    static let full4096 = Result {
        try BootstrappingFixture(CKKSParameters(preset: .insecure_n4096_l6_s40), slots: 2048, levelBudget: 3)
    }
    static let sparse64 = Result { try BootstrappingFixture(smallRing(), slots: 64, levelBudget: 3) }
    static let sparse256 = Result { try BootstrappingFixture(smallRing(), slots: 256, levelBudget: 4) }

    /// n values repeated over the N/2 slots (the slots of a polynomial in X^(N/(2n))).
    func replicated(_ values: [Complex<Double>]) -> [Complex<Double>] {
        (0..<context.slotCount).map { values[$0 % values.count] }
    }

    /// The N real coefficients (scale removed) of the polynomial whose slots are `slots`.
    func coefficients(ofSlots slots: [Complex<Double>]) -> [Double] {
        context.embedding.coefficients(fromSlots: slots.flatMap { [$0.real, $0.imaginary] })
    }
}
