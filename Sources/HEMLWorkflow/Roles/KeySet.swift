import CKKS
import HEML

/// A fresh key set drawn by the data owner: the secret key and the evaluation keys (relinearization and the
/// rotations asked for).
struct KeySet {
    let context: CKKSContext
    let secretKey: SecretKey
    /// Nil once taken (``takeEvaluationKeys()``).
    private(set) var evaluationKeys: EvaluationKeys?

    init(context: CKKSContext, request: EvaluationKeyRequest) throws {
        let generator = KeyGenerator(context: context)
        self.context = context
        secretKey = try generator.secretKey()
        evaluationKeys = try generator.evaluationKeys(for: secretKey, request: request)
    }

    /// The evaluation keys, moved out of the set, so that the server's side can hold their only copy (and release
    /// their levels as training descends).
    mutating func takeEvaluationKeys() -> EvaluationKeys {
        guard let keys = evaluationKeys.take() else { preconditionFailure("the evaluation keys were taken") }
        return keys
    }

    init(context: CKKSContext, rotations: Set<Int>) throws {
        try self.init(context: context, request: EvaluationKeyRequest(rotations: rotations))
    }

    /// The keys for encrypted training with `plan` (its parameters and rotations), as phase `keygen`.
    init(for plan: TrainingPlan, phases: inout Phases) throws {
        self = try phases.run(
            "keygen", "generating keys (relinearization + \(plan.rotationSteps.count) rotations)",
            {
                let context = try CKKSContext.forTraining(plan.parameters)
                return try KeySet(context: context, request: plan.keyRequest(context: context))
            }, done: { _ in "keys generated" })
    }
}
