import CKKS
import HEML

/// Releasing the jointly trained model: every party contributes a flooded decryption share of each weight
/// ciphertext, and anyone combines them into the weights. Before that, an optional hook adds noise encrypted by
/// the parties (e.g. for differential privacy), so that no party knows the noise in the released weights.
public enum ModelRelease {
    /// The model plus the sum of the parties' encrypted noise: `noise[p]` holds party p's ciphertexts, one per
    /// weight block, encrypted under the collective key at the weights' level and scale (encode the noise with
    /// `CKKSEncoder.encode(_:level:scale:)` at ``EncryptedModel/weights``' level and scale). Adding costs no level.
    ///
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` unless each party gives one ciphertext per weight block;
    ///   ``WorkflowError/heml(_:)`` for ciphertexts at another level or scale.
    public static func addingNoise(_ noise: [[Ciphertext]], to model: EncryptedModel, context: CKKSContext)
        throws(WorkflowError) -> EncryptedModel
    {
        guard noise.allSatisfy({ $0.count == model.weights.count }) else {
            throw .mismatchedFiles("each party's noise needs one ciphertext per weight block (\(model.weights.count))")
        }
        let evaluator = try bridged { try Evaluator(context: context) }
        var weights = model.weights
        for party in noise {
            for (i, ciphertext) in party.enumerated() {
                weights[i] = try bridged { try evaluator.add(weights[i], ciphertext) }
            }
        }
        return try bridged {
            try EncryptedModel.restored(layout: model.layout, weights: weights, iterations: model.iterations)
        }
    }

    /// A party: its decryption share of each weight ciphertext, flooded with `flooding` (nil: no flooding, so every
    /// party sees the weights' exact decryption, as a single owner does without `--flood`; see
    /// `MultipartyParty.decryptionShare(of:flooding:)`).
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` for CKKS failures, e.g. flooding that could wrap the weights' modulus.
    public static func shares(of model: EncryptedModel, party: MultipartyParty, flooding: NoiseFlooding?)
        throws(WorkflowError) -> [MultipartyShare]
    {
        var shares: [MultipartyShare] = []
        for weight in model.weights {
            shares.append(try bridged { try party.decryptionShare(of: weight, flooding: flooding) })
        }
        return shares
    }

    /// Anyone: the weights (intercept first, in the units training ran in, as ``EncryptedModel/decrypt(decryptor:encoder:flooding:)``
    /// returns them) from every party's shares (`shares[p]` from ``shares(of:party:flooding:)``).
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `CKKSError.shareMismatch` for a missing, duplicated or
    ///   foreign share; ``WorkflowError/mismatchedFiles(_:)`` unless each party gives one share per ciphertext.
    public static func weights(of model: EncryptedModel, shares: [[MultipartyShare]], combiner: MultipartyCombiner)
        throws(WorkflowError) -> [Double]
    {
        guard shares.allSatisfy({ $0.count == model.weights.count }) else {
            throw .mismatchedFiles("each party needs one decryption share per weight block (\(model.weights.count))")
        }
        let encoder = CKKSEncoder(context: combiner.context)
        var blocks: [[Double]] = []
        for (i, weight) in model.weights.enumerated() {
            blocks.append(
                try bridged { try encoder.decode(combiner.decrypt(weight, shares: shares.map { $0[i] })) })
        }
        return model.layout.unpackWeights(blocks)
    }
}
