import CKKS
import HEML

extension Phases {
    /// The server's step as phase `train`: the plan's training on `data` with the evaluation keys alone.
    mutating func train(
        _ data: EncryptedDataset, plan: TrainingPlan, context: CKKSContext, evaluationKeys: EvaluationKeys,
        step: String = "training on ciphertexts"
    ) throws -> EncryptedModel {
        let observer = observer
        return try run(
            "train", step,
            {
                try EncryptedLogisticRegression(plan: plan, context: context, evaluationKeys: evaluationKeys)
                    .train(data) { observer.iteration($0) }
            }, done: { _ in "trained \(plan.iterations) iterations on ciphertexts" })
    }
}
