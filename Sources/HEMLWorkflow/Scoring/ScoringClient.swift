import CKKS
import Foundation
import HEML

/// The data owner's side of encrypted scoring: draws a fresh key set, encrypts rows matched and scaled for the
/// model (``ScoringInput``), and decrypts the server's logits. The server gets ``keys`` (no secret) and
/// ``ScoringRequest``s, and returns ``ScoringResponse``s. A client that must outlive its process writes its secret
/// key with ``writeSecretKey(to:)`` and its keys with ``ScoringKeys/write(to:)``, and comes back with
/// ``init(model:keys:secretKey:allowInsecure:)``.
///
/// Scores come back as logits; ``probabilities(_:)`` applies the exact sigmoid after decryption.
public struct ScoringClient: Sendable {
    /// The model the rows are prepared for (its features, order and scaling).
    public let model: ModelFile
    /// What to send the server once: parameters and rotation keys, no secret.
    public let keys: ScoringKeys
    let secretKey: SecretKey

    /// Draws a key set for scoring rows with `model`.
    ///
    /// - Parameter parameters: the CKKS parameters; default `n8192_l2_s40` (N = 2^13, 128-bit secure, 4096 slots:
    ///   scoring needs one level). Parameters below 128-bit security are for tests only.
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for a model wider than ``SlotLayout/maximumWidth`` − 1
    ///   features; ``CKKSError`` for parameter or key-generation failures.
    public init(model: ModelFile, parameters: CKKSParameters? = nil) throws {
        let context = try CKKSContext(parameters: parameters ?? CKKSParameters(preset: .n8192_l2_s40))
        let width = model.features.count + 1
        let padded = try SlotLayout(rowCount: 1, width: width, slotCount: context.slotCount, blockWidth: 1).paddedWidth
        let template = try SlotLayout(
            rowCount: 1, width: width, slotCount: context.slotCount, blockWidth: min(padded, context.slotCount))
        let generator = KeyGenerator(context: context)
        let secretKey = try generator.secretKey()
        let evaluationKeys = try generator.evaluationKeys(
            for: secretKey,
            request: EvaluationKeyRequest(
                rotations: EncryptedScorer.rotationSteps(for: template), relinearization: false))
        self.model = model
        self.secretKey = secretKey
        keys = ScoringKeys(
            keyID: .random(), context: context, evaluationKeys: evaluationKeys, width: width,
            blockWidth: template.blockWidth)
    }

    /// A client restored from its files: the scoring keys it sent the server and its secret-key file.
    ///
    /// - Parameters:
    ///   - keys: the client's scoring keys, as read with ``ScoringKeys/init(reading:allowInsecure:)``.
    ///   - secretKey: the file ``writeSecretKey(to:)`` wrote.
    ///   - allowInsecure: accept parameters below 128-bit security (tests on small rings only).
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` when the secret key is of another key set or the keys are for
    ///   another number of features; ``WorkflowError`` or ``HEMLError/fileUnreadable(file:reason:)`` for a file that
    ///   is not a valid secret key.
    public init(model: ModelFile, keys: ScoringKeys, secretKey url: URL, allowInsecure: Bool = false) throws {
        try keys.requireFits(model)
        let file = try SecretKeyFile(reading: url, context: keys.context, allowInsecure: allowInsecure)
        try requireSameKeySet(file.container, url.lastPathComponent, keys.header, "the scoring keys")
        self.model = model
        self.keys = keys
        secretKey = file.secretKey
    }

    /// Writes the secret key atomically to `url` (mode 0600, a container of kind ``Container/Kind/secretKey``
    /// with the parameters). Whoever holds the file can decrypt every request and response of this key set.
    ///
    /// - Throws: ``HEMLError/writeFailed(file:reason:)``.
    public func writeSecretKey(to url: URL) throws(HEMLError) {
        try SecretKeyFile.write(
            to: url, keyID: keys.keyID, parameters: keys.context.parameters, secretKey: secretKey)
    }

    /// Matches `rows` to the model by name, checks and scales them (``ScoringInput/prepare(_:for:maximumScaledMagnitude:)``),
    /// then encrypts them.
    ///
    /// - Parameter maximumScaledMagnitude: the range policy's bound on |(x − center) / scale|, > 0.
    /// - Throws: ``WorkflowError/unscorableValue(row:feature:reason:)``; ``WorkflowError/heml(_:)`` wrapping
    ///   ``HEMLError/missingFeature(name:)``; ``HEMLError/encryption(_:)``.
    public func encrypt(
        _ rows: Dataset, maximumScaledMagnitude: Double = ScoringInput.defaultMaximumScaledMagnitude
    ) throws -> ScoringRequest {
        let scaled = try ScoringInput.prepare(rows, for: model, maximumScaledMagnitude: maximumScaledMagnitude)
        let layout = try keys.layout(rowCount: scaled.rowCount)
        let encrypted = try EncryptedDataset.encryptForScoring(
            scaled, layout: layout, encoder: CKKSEncoder(context: keys.context),
            encryptor: Encryptor(context: keys.context, secretKey: secretKey))
        return ScoringRequest(keyID: keys.keyID, fingerprint: keys.header.fingerprint, rows: encrypted)
    }

    /// Reads a CSV file of rows (any column order, extra columns and the label column ignored) and encrypts them as
    /// ``encrypt(_:maximumScaledMagnitude:)`` does.
    ///
    /// - Parameter imputation: how missing cells are filled (default: refused).
    /// - Throws: ``HEMLError/fileUnreadable(file:reason:)``; ``HEMLError/malformedCSV(file:line:column:reason:)``;
    ///   otherwise as ``encrypt(_:maximumScaledMagnitude:)``.
    public func encrypt(
        csv url: URL, imputation: Imputation = .none,
        maximumScaledMagnitude: Double = ScoringInput.defaultMaximumScaledMagnitude
    ) throws -> ScoringRequest {
        let table = try CSVReader.readForScoring(
            url, options: CSVReadOptions(labelColumn: model.label, imputation: imputation),
            labelMapping: model.labelMapping)
        return try encrypt(table.dataset(labelName: model.label), maximumScaledMagnitude: maximumScaledMagnitude)
    }

    /// The decrypted logits intercept + Σ wⱼ xⱼ, one per row in request order.
    ///
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` for a response under another key set;
    ///   ``HEMLError/encryption(_:)`` for CKKS failures.
    public func logits(_ response: ScoringResponse) throws -> [Double] {
        guard response.keyID == keys.keyID else {
            throw WorkflowError.mismatchedFiles("the response was encrypted under another key set")
        }
        return try response.scores.decrypt(
            decryptor: Decryptor(context: keys.context, secretKey: secretKey),
            encoder: CKKSEncoder(context: keys.context))
    }

    /// σ(logit) per row with the exact sigmoid, applied after decryption: values in [0, 1].
    ///
    /// - Throws: as ``logits(_:)``.
    public func probabilities(_ response: ScoringResponse) throws -> [Double] {
        Sigmoid.probabilities(logits: try logits(response))
    }
}
