import CKKS
import HEML

extension Phases {
    /// The server's step as phase `train`: the plan's training on `data` with the evaluation keys alone, adding
    /// the owner's encrypted gradient noise to every iteration when given (differential privacy).
    mutating func train(
        _ data: EncryptedDataset, plan: TrainingPlan, context: CKKSContext, evaluationKeys: EvaluationKeys,
        noise: EncryptedGradientNoise? = nil, step: String = "training on ciphertexts"
    ) throws -> EncryptedModel {
        let observer = observer
        return try run(
            "train", step,
            {
                try EncryptedLogisticRegression(plan: plan, context: context, evaluationKeys: evaluationKeys)
                    .train(data, noise: noise) { observer.iteration($0) }
            }, done: { _ in "trained \(plan.iterations) iterations on ciphertexts" })
    }
}
