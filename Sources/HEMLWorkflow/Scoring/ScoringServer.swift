import CKKS
import HEML

/// The server's side of encrypted scoring: holds a plaintext model and a client's ``ScoringKeys`` (evaluation keys
/// only) and turns ``ScoringRequest``s into ``ScoringResponse``s of encrypted logits. It never sees a plaintext
/// row or score.
public struct ScoringServer: Sendable {
    /// The client's keys.
    public let keys: ScoringKeys
    let weights: [Double]
    let scorer: EncryptedScorer

    /// - Parameters:
    ///   - model: the plaintext model (its intercept and weights are used; scaling is the client's business).
    ///   - keys: the client's scoring keys, as read with ``ScoringKeys/init(decoding:name:allowInsecure:)``.
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` when the keys were drawn for another number of features;
    ///   ``WorkflowError/heml(_:)`` wrapping `HEMLError.encryption(_:)` when the keys do not fit their
    ///   parameters.
    public init(model: ModelFile, keys: ScoringKeys) throws(WorkflowError) {
        try keys.requireFits(model)
        self.keys = keys
        weights = [model.intercept] + model.weights
        scorer = try bridged { try EncryptedScorer(context: keys.context, evaluationKeys: keys.evaluationKeys) }
    }

    /// Encrypted logits for every row of `request` (one level; log2(block width) rotations per row block).
    ///
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` for a request under another key set;
    ///   ``WorkflowError/heml(_:)`` wrapping `HEMLError.encryption(_:)` for CKKS failures (e.g. ciphertexts
    ///   with no level left).
    public func score(_ request: ScoringRequest) throws(WorkflowError) -> ScoringResponse {
        guard request.keyID == keys.keyID else {
            throw .mismatchedFiles("the request was encrypted under another key set")
        }
        return ScoringResponse(
            keyID: keys.keyID, fingerprint: keys.header.fingerprint,
            scores: try bridged { try scorer.logits(request.rows, weights: weights) })
    }
}
