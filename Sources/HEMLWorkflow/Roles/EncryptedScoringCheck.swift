import CKKS
import Foundation
import HEML

/// Encrypted inference end to end, for the data owner: fresh keys for scoring only, the rows (matched to the
/// model by name and scaled with its scaling) encrypted in the layout `SlotLayout` chooses, logits computed on
/// ciphertexts with the plaintext model by `EncryptedScorer` (which holds only evaluation keys), then decrypted.
public struct EncryptedScoringCheck: Sendable {
    /// The parameters used.
    public let parameters: ParameterSummary
    /// How the rows were packed into ciphertexts.
    public let layout: SlotLayout
    /// The decrypted logits, one per row.
    public let logits: [Double]
    /// (phase, seconds): keygen, encrypt, score, decrypt (each prefixed `encrypted_`).
    public let timings: [(String, Double)]

    /// - Parameters:
    ///   - model: the plaintext model.
    ///   - rows: raw rows with the model's features (matched by name; extra columns ignored).
    ///   - insecureLogDegree: tests only; otherwise N = 2^13 with two levels, 128-bit secure.
    ///   - observer: receives the steps as they run.
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.missingFeature(name:)` when the rows lack a
    ///   model feature, or `HEMLError.encryption(_:)` for CKKS failures.
    public init(
        model: ModelFile, rows: Dataset, insecureLogDegree: Int? = nil,
        observer: any WorkflowObserver = SilentObserver()
    ) throws(WorkflowError) {
        do {
            self = try Self(model, rows, insecureLogDegree, observer)
        } catch {
            throw WorkflowError(error)
        }
    }

    private init(
        _ model: ModelFile, _ rows: Dataset, _ insecureLogDegree: Int?, _ observer: any WorkflowObserver
    ) throws {
        let scaled = try model.scaling.apply(to: rows.selecting(features: model.features))
        let parameters: CKKSParameters
        if let logN = insecureLogDegree {
            parameters = try ScoringClient.insecureTestParameters(logDegree: logN)
            observer.warn("insecure test ring N = 2^\(logN) for encrypted scoring: NOT SECURE, tests only")
        } else {
            parameters = try CKKSParameters(preset: .n8192_l2_s40)
        }
        var phases = Phases(observer)
        let context = try CKKSContext(parameters: parameters)
        let layout = try SlotLayout(
            rowCount: scaled.rowCount, width: scaled.featureCount + 1, slotCount: context.slotCount)
        var keys = try phases.run(
            "encrypted_keygen", "encrypted scoring: generating keys",
            {
                try KeySet(context: context, rotations: EncryptedScorer.rotationSteps(for: layout))
            }, done: { _ in "scoring keys generated (N = 2^\(parameters.logDegree))" })
        let encoder = CKKSEncoder(context: context)
        let encryptedRows = try phases.run(
            "encrypted_encrypt", "encrypting \(layout.ciphertextCount) ciphertext(s) of rows",
            {
                try EncryptedDataset.encryptForScoring(
                    scaled, layout: layout, encoder: encoder,
                    encryptor: Encryptor(context: context, secretKey: keys.secretKey))
            }, done: { _ in "rows encrypted into \(layout.ciphertextCount) ciphertext(s)" })
        let evaluationKeys = keys.takeEvaluationKeys()
        let scores = try phases.run(
            "encrypted_score", "scoring on ciphertexts",
            {
                try EncryptedScorer(context: context, evaluationKeys: evaluationKeys)
                    .logits(encryptedRows, weights: [model.intercept] + model.weights)
            }, done: { _ in "logits computed on ciphertexts" })
        logits = try phases.run(
            "encrypted_decrypt", "decrypting the logits",
            {
                try scores.decrypt(decryptor: Decryptor(context: context, secretKey: keys.secretKey), encoder: encoder)
            }, done: { _ in "logits decrypted" })
        self.parameters = ParameterSummary(parameters)
        self.layout = layout
        timings = phases.timings
    }
}
