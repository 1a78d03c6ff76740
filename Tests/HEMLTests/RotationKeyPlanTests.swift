import CKKS
import HEML
import Testing

/// The rotation keys the planner asks for: a key for every doubling step of training's sums when the keys fit the
/// bundle budget, every other power of two above it.
@Suite struct RotationKeyPlanTests {
    static let sigmoid = SigmoidApproximation.kim(degree: 3)!

    /// German credit's shape (1000 rows, 61 features) plans N = 2^16, B = 32: 16 rotation keys at stride 1 (20 before
    /// replication shared the inner sum's), 9 at stride 2 for 15 more rotations per iteration.
    @Test(arguments: [7, 8])
    func germanCreditUsesEveryOtherPowerOfTwo(iterations: Int) throws {
        let plan = try TrainingPlan.make(
            rows: 1000, features: 61, iterations: iterations, sigmoid: Self.sigmoid, learningRate: 10)
        #expect(plan.parameters.logDegree == 16 && plan.layout.blockWidth == 32)
        #expect(plan.layout.rotationSteps(keyStride: 1).count == 16)
        #expect(plan.layout.rotationsPerIteration(keyStride: 1) == 31)
        #expect(plan.rotationKeyStride == 2)
        #expect(plan.rotationSteps == [1, 4, 16, -31, 32, 128, 512, 2048, 8192])
        #expect(plan.rotationsPerIteration == 45)
        #expect(plan.trainingKeyBytes == 10 * plan.parameters.serializedKeySwitchingKeyBytes)
        // 7 iterations fit the budget (2 digits); 8 need 3 digits and stay above it.
        #expect((plan.trainingKeyBytes <= TrainingPlan.keyBudgetBytes) == (iterations == 7))
    }

    @Test func smallKeySetsKeepAKeyForEveryStep() throws {
        let plan = try TrainingPlan.make(
            rows: 100, features: 7, iterations: 3, sigmoid: Self.sigmoid, learningRate: 10, logDegree: 12,
            security: .unchecked)
        #expect(plan.rotationKeyStride == 1)
        #expect(plan.rotationSteps == plan.layout.rotationSteps(keyStride: 1))
    }

    /// The size the planner budgets with is the size of the key in an evaluation-keys file, to the byte.
    @Test func keySizeIsTheSerializedSize() throws {
        let plan = try TrainingPlan.make(
            rows: 100, features: 7, iterations: 3, sigmoid: Self.sigmoid, learningRate: 10, logDegree: 12,
            security: .unchecked)
        let generator = KeyGenerator(context: try CKKSContext(parameters: plan.parameters))
        let empty = try generator.evaluationKeysFileSize(request: EvaluationKeyRequest(relinearization: false))
        let one = try generator.evaluationKeysFileSize(request: EvaluationKeyRequest())
        let three = try generator.evaluationKeysFileSize(request: EvaluationKeyRequest(rotations: [1, 2]))
        #expect(one - empty == plan.parameters.serializedKeySwitchingKeyBytes)
        #expect(three - one == 2 * (8 + plan.parameters.serializedKeySwitchingKeyBytes))
    }
}
