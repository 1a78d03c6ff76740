import CKKS
import HEML

extension Phases {
    /// The server's step as phase `train`: the plan's training on `data` with the evaluation keys alone, adding
    /// the owner's encrypted gradient noise to every iteration when given (differential privacy). With
    /// `releasingKeys` the keys' levels are released as training descends
    /// (``EncryptedLogisticRegression/trainReleasingKeys(_:reducer:noise:from:through:afterIteration:progress:)``):
    /// pass the keys' only copy then, or the memory grows instead.
    mutating func train(
        _ data: EncryptedDataset, plan: TrainingPlan, context: CKKSContext, evaluationKeys: consuming EvaluationKeys,
        releasingKeys: Bool, noise: EncryptedGradientNoise? = nil, step: String = "training on ciphertexts"
    ) throws -> EncryptedModel {
        let observer = observer
        var trainer = try EncryptedLogisticRegression(
            plan: plan, context: context, evaluationKeys: consume evaluationKeys)
        return try run(
            "train", step,
            { () throws -> EncryptedModel in
                let progress = { (state: TrainingProgress) in observer.iteration(state) }
                let shard = try data.shard()
                // A statement of its own: `trainer.model(trainer.trainReleasingKeys(…))` would copy the trainer, and
                // so share its keys, before the release.
                let state =
                    releasingKeys
                    ? try trainer.trainReleasingKeys(shard, noise: noise, progress: progress)
                    : try trainer.train(shard, noise: noise, progress: progress)
                return try trainer.model(state)
            }, done: { _ in "trained \(plan.iterations) iterations on ciphertexts" })
    }
}
