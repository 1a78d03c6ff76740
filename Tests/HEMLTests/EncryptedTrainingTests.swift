import CKKS
import Foundation
import Testing

@testable import HEML

/// Encrypted training against its plaintext twin, on a small insecure ring so CI stays fast.
@Suite struct EncryptedTrainingTests {
    /// German credit, first 240 rows and 13 features, raw.
    static func sampleRaw() throws -> Dataset {
        let full = germanOneHot
        let rows = 240, keep = 13
        let features = (0..<rows).flatMap { i in Array(full.row(i).prefix(keep)) }
        return try Dataset(
            featureNames: Array(full.featureNames.prefix(keep)), labelName: full.labelName,
            features: features, labels: Array(full.labels.prefix(rows)))
    }

    /// ``sampleRaw()`` z-score clipped at 4 (then preconditioned when asked).
    static func sample(preconditioned: Bool = false) throws -> Dataset {
        let data = try sampleRaw()
        let scaling = try FeatureScaling.fit(data)
        return try (preconditioned ? scaling.preconditioned(on: data) : scaling).apply(to: data)
    }

    /// Kim et al.'s schedule on plainly scaled data, and the defaults (preconditioned, c = 8, f = 4).
    @Test(arguments: [(false, 10.0, 0.0), (true, PreconditionedNAG.learningRate, PreconditionedNAG.stepOffset)])
    func matchesThePolynomialTwin(preconditioned: Bool, learningRate: Double, stepOffset: Double) throws {
        let data = try Self.sample(preconditioned: preconditioned)
        let sigmoid = try #require(SigmoidApproximation.kim(degree: 3))
        let plan = try TrainingPlan.make(
            rows: data.rowCount, features: data.featureCount, iterations: 3, sigmoid: sigmoid,
            learningRate: learningRate, stepOffset: stepOffset, logDegree: 12, security: .unchecked)
        #expect(plan.layout.rowBlocks >= 1)
        let context = try CKKSContext(parameters: plan.parameters)
        let generator = KeyGenerator(context: context)
        let secretKey = try generator.secretKey()
        let keys = try generator.evaluationKeys(
            for: secretKey, request: EvaluationKeyRequest(rotations: plan.rotationSteps))
        let encoder = CKKSEncoder(context: context)
        let encrypted = try EncryptedDataset.encrypt(
            data, layout: plan.layout, encoder: encoder,
            encryptor: Encryptor(context: context, secretKey: secretKey))
        let trainer = try EncryptedLogisticRegression(plan: plan, context: context, evaluationKeys: keys)
        var seen: [Int] = []
        let model = try trainer.train(encrypted) { seen.append($0.iteration) }
        #expect(seen == [1, 2, 3])
        let weights = try model.decrypt(decryptor: Decryptor(context: context, secretKey: secretKey), encoder: encoder)
        let twin = try PlainLogisticRegression.train(
            data,
            configuration: TrainingConfiguration(
                iterations: 3, learningRate: learningRate, stepOffset: stepOffset, sigmoid: .polynomial(sigmoid)))
        let difference = largestDifference(weights, twin.coefficients)
        // The README states about 5·10⁻⁶ at N = 2^16 over 7 iterations; this smaller run measures about 5·10⁻⁸.
        #expect(difference < 1e-5, "largest weight difference \(difference)")
    }
}

@Suite struct EncryptedScoringTests {
    @Test func scoresMatchPlaintextWithPlainAndEncryptedModels() throws {
        let data = try EncryptedTrainingTests.sample()
        let sigmoid = try #require(SigmoidApproximation.kim(degree: 3))
        let plan = try TrainingPlan.make(
            rows: data.rowCount, features: data.featureCount, iterations: 2, sigmoid: sigmoid,
            learningRate: 10, logDegree: 12, reservedLevels: 1, security: .unchecked)
        let context = try CKKSContext(parameters: plan.parameters)
        let generator = KeyGenerator(context: context)
        let secretKey = try generator.secretKey()
        let keys = try generator.evaluationKeys(
            for: secretKey, request: EvaluationKeyRequest(rotations: plan.rotationSteps))
        let encoder = CKKSEncoder(context: context)
        let encryptor = try Encryptor(context: context, publicKey: generator.publicKey(for: secretKey))
        let decryptor = try Decryptor(context: context, secretKey: secretKey)
        let model = try EncryptedLogisticRegression(plan: plan, context: context, evaluationKeys: keys)
            .train(EncryptedDataset.encrypt(data, layout: plan.layout, encoder: encoder, encryptor: encryptor))
        let weights = try model.decrypt(decryptor: decryptor, encoder: encoder)

        let rows = try SlotLayout(
            rowCount: data.rowCount, width: data.featureCount + 1, slotCount: context.slotCount,
            blockWidth: plan.layout.blockWidth)
        let encryptedRows = try EncryptedDataset.encryptForScoring(
            data, layout: rows, encoder: encoder, encryptor: encryptor)
        let scorer = try EncryptedScorer(context: context, evaluationKeys: keys)
        let expected = (0..<data.rowCount).map { i in
            zip(weights, [1] + Array(data.row(i))).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let plain = try scorer.logits(encryptedRows, weights: weights).decrypt(decryptor: decryptor, encoder: encoder)
        // Measured: about 10⁻⁸ (logits and probabilities), 3·10⁻⁸ with the encrypted model.
        #expect(largestDifference(plain, expected) < 1e-6)
        // σ'(x) ≤ 1/4, so exact probabilities of decrypted logits are at least as close as the logits.
        #expect(largestDifference(Sigmoid.probabilities(logits: plain), expected.map(logistic)) < 1e-6)
        let viaEncrypted = try scorer.logits(encryptedRows, model: model).decrypt(
            decryptor: decryptor, encoder: encoder)
        #expect(largestDifference(viaEncrypted, expected) < 1e-6)
        let probabilities = try scorer.approximateProbabilities(encryptedRows, weights: weights, sigmoid: sigmoid)
            .decrypt(decryptor: decryptor, encoder: encoder)
        #expect(largestDifference(probabilities, expected.map(sigmoid.evaluate)) < 1e-6)
    }
}
