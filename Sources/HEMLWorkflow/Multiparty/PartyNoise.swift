import CKKS
import HEML

/// Differentially private multiparty training (DP-GD): every bank draws its own share of each iteration's gradient
/// noise and encrypts it under the collective public key; the aggregator adds the shares; the server adds the sum to
/// every iteration exactly as it adds a single owner's noise (``EncryptedGradientNoise``). No bank knows the total;
/// ``NoiseSharing`` states against whom the budget holds.
///
/// The calibration needs only public values: the plan (n, T, the polynomial) and the joint scaling (clip, no
/// preconditioner), which every bank holds after the joint scaling's first round.
public enum PartyNoise {
    /// The noise widths σ_t of a run of `plan` on features scaled by `scaling` under `budget`.
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` when the scaling has no clip (no sensitivity exists) or is
    ///   preconditioned (its data-derived multipliers would enter the sensitivity; see `docs/differential-privacy.md`).
    public static func calibration(_ budget: DPRelease, plan: TrainingPlan, scaling: FeatureScaling)
        throws(WorkflowError) -> DPCalibration
    {
        guard scaling.multipliers == nil else {
            throw .heml(
                .invalidArgument(
                    "differential privacy needs the joint scaling without the preconditioner (its multipliers "
                        + "are computed from the rows without noise)"))
        }
        return try bridged { budget.calibrate(try GradientSensitivity(plan: plan, scaling: scaling)) }
    }

    /// A bank's share: drawn from `generator` (the system CSPRNG, `SystemRandomNumberGenerator`, for a real run) and
    /// encrypted, γ_t·ξ_t packed like the weights, under the collective public key at the top level.
    ///
    /// - Returns: the plaintext share, which stays with the bank (the one-process demo and the tests sum them for
    ///   the plaintext twin), and its encryption, which the bank sends to the aggregator.
    /// - Throws: ``WorkflowError/heml(_:)`` for CKKS failures.
    public static func share(
        _ calibration: DPCalibration, sharing: NoiseSharing, plan: TrainingPlan, publicKey: PublicKey,
        context: CKKSContext, using generator: inout some RandomNumberGenerator
    ) throws(WorkflowError) -> (noise: GradientNoise, encrypted: EncryptedGradientNoise) {
        let noise = try bridged { try calibration.noiseShare(sharing, width: plan.layout.width, using: &generator) }
        let encrypted = try bridged {
            try EncryptedGradientNoise.encrypt(
                noise, plan: plan, encoder: CKKSEncoder(context: context),
                encryptor: Encryptor(context: context, publicKey: publicKey))
        }
        return (noise, encrypted)
    }

    /// The aggregator: the sum of every bank's encrypted share, what the server adds to the iterations.
    ///
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` for no shares; ``WorkflowError/heml(_:)`` for shares of
    ///   other shapes, keys, levels or scales.
    public static func sum(_ shares: [EncryptedGradientNoise], context: CKKSContext) throws(WorkflowError)
        -> EncryptedGradientNoise
    {
        guard var total = shares.first else { throw .mismatchedFiles("no bank's noise share to add") }
        let evaluator = try bridged { try Evaluator(context: context) }
        for share in shares.dropFirst() { total = try bridged { try total.adding(share, evaluator: evaluator) } }
        return total
    }
}
