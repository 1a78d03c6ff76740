import CKKS
import Foundation
import HEML
import Testing

/// The rotation keys the planner asks for: a key for every doubling step of training's sums when the keys fit the
/// bundle budget, else every s-th power of two for the smallest stride s that fits.
@Suite struct RotationKeyPlanTests {
    static let sigmoid = SigmoidApproximation.kim(degree: 3)!

    /// German credit's shape (1000 rows, 61 features) plans N = 2^16, B = 32: 16 rotation keys at stride 1. At 7
    /// iterations (2 digits) stride 2 fits the budget: 9 keys for 45 rotations per iteration; at 8 (3 digits) 9 keys
    /// are over it and stride 3 keeps 6 for 71 rotations.
    @Test(arguments: [7, 8])
    func germanCreditUsesTheSmallestStrideThatFits(iterations: Int) throws {
        let plan = try TrainingPlan.make(
            rows: 1000, features: 61, iterations: iterations, sigmoid: Self.sigmoid, learningRate: 10)
        #expect(plan.parameters.logDegree == 16 && plan.layout.blockWidth == 32)
        #expect(plan.layout.rotationSteps(keyStride: 1).count == 16)
        #expect(plan.layout.rotationsPerIteration(keyStride: 1) == 31)
        let keySize = plan.parameters.serializedKeySwitchingKeyBytes
        if iterations == 7 {
            #expect(plan.rotationKeyStride == 2)
            #expect(plan.rotationSteps == [1, 4, 16, 64, 256, 1024, 4096, 16384, -31])
            #expect(plan.rotationsPerIteration == 45)
            #expect(plan.trainingKeyBytes == 10 * keySize)
        } else {
            #expect(plan.rotationKeyStride == 3)
            #expect(plan.rotationSteps == [1, 8, 64, 512, 4096, -31])
            #expect(plan.rotationsPerIteration == 71)
            #expect(plan.trainingKeyBytes == 7 * keySize)
            #expect(10 * keySize > TrainingPlan.keyBudgetBytes)
            #expect(plan.keyStrideReason.contains("stride 2 needs"))
        }
        #expect(plan.trainingKeyBytes <= TrainingPlan.keyBudgetBytes)
    }

    /// A larger budget buys back rotations: 17 keys of 40.4 MiB fit in 700 MiB (stride 1, 31 rotations), 10 in
    /// 450 MiB (stride 2). The budget travels with the stored plan, so the server rebuilds the same key set.
    @Test func aUserBudgetPicksTheStrideAndIsStored() throws {
        func plan(_ megabytes: Int) throws -> TrainingPlan {
            try TrainingPlan.make(
                rows: 1000, features: 61, iterations: 8, sigmoid: Self.sigmoid, learningRate: 10,
                keyBudget: megabytes << 20)
        }
        #expect(try plan(700).rotationKeyStride == 1)
        #expect(try plan(700).rotationsPerIteration == 31)
        #expect(try plan(450).rotationKeyStride == 2)
        #expect(try plan(450).keyStrideReason.contains("over the 450 MiB budget"))
        let stored = try JSONEncoder().encode(try plan(450))
        let read = try JSONDecoder().decode(TrainingPlan.self, from: stored)
        #expect(read == (try plan(450)) && read.keyBudget == 450 << 20)
        #expect(throws: HEMLError.self) { try plan(0) }
    }

    @Test func smallKeySetsKeepAKeyForEveryStep() throws {
        let plan = try TrainingPlan.make(
            rows: 100, features: 7, iterations: 3, sigmoid: Self.sigmoid, learningRate: 10, logDegree: 12,
            security: .unchecked)
        #expect(plan.rotationKeyStride == 1)
        #expect(plan.keyStrideReason == "key stride 1")
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
