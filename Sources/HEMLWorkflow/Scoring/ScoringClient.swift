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
    /// - Parameters:
    ///   - model: the model the rows will be scored with (its features, order and scaling).
    ///   - parameters: the CKKS parameters; default `n8192_l2_s40` (N = 2^13, 128-bit secure, 4096 slots:
    ///     scoring needs one level). Parameters below 128-bit security are for tests only.
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.invalidArgument(_:)` for a model wider than
    ///   `SlotLayout.maximumWidth` − 1 features, or `HEMLError.encryption(_:)` for parameter or
    ///   key-generation failures.
    public init(model: ModelFile, parameters: CKKSParameters? = nil) throws(WorkflowError) {
        let (context, template, secretKey, evaluationKeys) = try bridged {
            let context = try CKKSContext(parameters: parameters ?? CKKSParameters(preset: .n8192_l2_s40))
            let width = model.features.count + 1
            let padded = try SlotLayout(rowCount: 1, width: width, slotCount: context.slotCount, blockWidth: 1)
                .paddedWidth
            let template = try SlotLayout(
                rowCount: 1, width: width, slotCount: context.slotCount, blockWidth: min(padded, context.slotCount))
            let generator = KeyGenerator(context: context)
            let secretKey = try generator.secretKey()
            let evaluationKeys = try generator.evaluationKeys(
                for: secretKey,
                request: EvaluationKeyRequest(
                    rotations: EncryptedScorer.rotationSteps(for: template), relinearization: false))
            return (context, template, secretKey, evaluationKeys)
        }
        self.model = model
        self.secretKey = secretKey
        keys = ScoringKeys(
            keyID: .random(), context: context, evaluationKeys: evaluationKeys, width: template.width,
            blockWidth: template.blockWidth)
    }

    /// Parameters for tests only: N = 2^`logDegree`, one level at a 2^40 scale, NOT checked for 128-bit security.
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.encryption(_:)` for a ring degree out of
    ///   range.
    public static func insecureTestParameters(logDegree: Int) throws(WorkflowError) -> CKKSParameters {
        try bridged {
            try CKKSParameters(
                logDegree: logDegree, levels: 1, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 50,
                specialModulusCount: 1, security: .unchecked)
        }
    }

    /// A client restored from its files: the scoring keys it sent the server and its secret-key file.
    ///
    /// - Parameters:
    ///   - model: the model the keys were drawn for.
    ///   - keys: the client's scoring keys, as read with ``ScoringKeys/init(reading:allowInsecure:)``.
    ///   - url: the secret-key file ``writeSecretKey(to:)`` wrote.
    ///   - allowInsecure: accept parameters below 128-bit security (tests on small rings only).
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` when the secret key is of another key set or the keys are for
    ///   another number of features; ``WorkflowError/invalidFile(file:reason:)`` or ``WorkflowError/heml(_:)``
    ///   wrapping `HEMLError.fileUnreadable(file:reason:)` for a file that is not a valid secret key.
    public init(model: ModelFile, keys: ScoringKeys, secretKey url: URL, allowInsecure: Bool = false)
        throws(WorkflowError)
    {
        try keys.requireFits(model)
        let file = try bridged { try SecretKeyFile(reading: url, context: keys.context, allowInsecure: allowInsecure) }
        try requireSameKeySet(file.container, url.lastPathComponent, keys.header, "the scoring keys")
        self.model = model
        self.keys = keys
        secretKey = file.secretKey
    }

    /// Writes the secret key atomically to `url` (mode 0600, a container of kind ``Container/Kind/secretKey``
    /// with the parameters). Whoever holds the file can decrypt every request and response of this key set.
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.writeFailed(file:reason:)`.
    public func writeSecretKey(to url: URL) throws(WorkflowError) {
        try bridged {
            try SecretKeyFile.write(
                to: url, keyID: keys.keyID, parameters: keys.context.parameters, secretKey: secretKey)
        }
    }

    /// Matches `rows` to the model by name, checks and scales them (``ScoringInput/prepare(_:for:maximumScaledMagnitude:)``),
    /// then encrypts them.
    ///
    /// - Parameters:
    ///   - rows: raw rows with the model's features (any column order; extra columns ignored).
    ///   - maximumScaledMagnitude: the range policy's bound on |(x − center) / scale|, > 0.
    /// - Throws: ``WorkflowError/unscorableValue(row:feature:reason:)``; ``WorkflowError/heml(_:)`` wrapping
    ///   `HEMLError.missingFeature(name:)`, `HEMLError.invalidArgument(_:)` (more rows than one
    ///   request holds) or `HEMLError.encryption(_:)`.
    public func encrypt(
        _ rows: Dataset, maximumScaledMagnitude: Double = ScoringInput.defaultMaximumScaledMagnitude
    ) throws(WorkflowError) -> ScoringRequest {
        let scaled = try ScoringInput.prepare(rows, for: model, maximumScaledMagnitude: maximumScaledMagnitude)
        let layout = try keys.layout(rowCount: scaled.rowCount)
        let encrypted = try bridged {
            try EncryptedDataset.encryptForScoring(
                scaled, layout: layout, encoder: CKKSEncoder(context: keys.context),
                encryptor: Encryptor(context: keys.context, secretKey: secretKey))
        }
        return ScoringRequest(keyID: keys.keyID, fingerprint: keys.header.fingerprint, rows: encrypted)
    }

    /// Reads a CSV file of rows (any column order, extra columns and the label column ignored) and encrypts them as
    /// ``encrypt(_:maximumScaledMagnitude:)`` does.
    ///
    /// - Parameters:
    ///   - url: the CSV file (header row; the label column, if present, is ignored).
    ///   - imputation: how missing cells are filled (default: refused).
    ///   - maximumScaledMagnitude: as in ``encrypt(_:maximumScaledMagnitude:)``.
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.fileUnreadable(file:reason:)` or
    ///   `HEMLError.malformedCSV(file:line:column:reason:)`; otherwise as
    ///   ``encrypt(_:maximumScaledMagnitude:)``.
    public func encrypt(
        csv url: URL, imputation: Imputation = .none,
        maximumScaledMagnitude: Double = ScoringInput.defaultMaximumScaledMagnitude
    ) throws(WorkflowError) -> ScoringRequest {
        let rows = try bridged {
            try CSVReader.readForScoring(
                url, options: CSVReadOptions(labelColumn: model.label, imputation: imputation),
                labelMapping: model.labelMapping
            ).dataset(labelName: model.label)
        }
        return try encrypt(rows, maximumScaledMagnitude: maximumScaledMagnitude)
    }

    /// The decrypted logits intercept + Σ wⱼ xⱼ, one per row in request order.
    ///
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` for a response under another key set;
    ///   ``WorkflowError/heml(_:)`` wrapping `HEMLError.encryption(_:)` for CKKS failures.
    public func logits(_ response: ScoringResponse) throws(WorkflowError) -> [Double] {
        guard response.keyID == keys.keyID else {
            throw .mismatchedFiles("the response was encrypted under another key set")
        }
        return try bridged {
            try response.scores.decrypt(
                decryptor: Decryptor(context: keys.context, secretKey: secretKey),
                encoder: CKKSEncoder(context: keys.context))
        }
    }

    /// σ(logit) per row with the exact sigmoid, applied after decryption: values in [0, 1].
    ///
    /// - Throws: as ``logits(_:)``.
    public func probabilities(_ response: ScoringResponse) throws(WorkflowError) -> [Double] {
        Sigmoid.probabilities(logits: try logits(response))
    }
}
