import Foundation
import HEML

/// Scoring a CSV file with a model file: logits and probabilities per row, AUC and accuracy when the file has
/// the label column, optionally the same scoring on ciphertexts for comparison.
public struct ModelScoring: Sendable {
    /// The model used.
    public let model: ModelFile
    /// The CSV file's name.
    public let source: String
    /// One logit per row: the decrypted ones when compared on ciphertexts, else the plaintext ones.
    public let logits: [Double]
    /// σ(logit) per row (exact sigmoid).
    public let probabilities: [Double]
    /// Probability threshold for the predicted class, in (0, 1).
    public let threshold: Double
    /// AUC, in [0, 1]; nil when the file has no label column or only one class.
    public let auc: Double?
    /// Share of rows classified right at ``threshold``, in [0, 1]; nil when the file has no label column.
    public let accuracy: Double?
    /// The run on ciphertexts, when asked for.
    public let encrypted: EncryptedScoringCheck?
    /// The largest |encrypted − plaintext| logit difference, when compared on ciphertexts (locally or on a
    /// service).
    public let maxLogitDifference: Double?
    /// (phase, seconds): score, the encrypted phases when compared, total.
    public let timings: [(String, Double)]

    /// Scores `csv` with the model at `modelURL`; columns are matched by name (order and extra columns do not
    /// matter, a missing feature is refused).
    ///
    /// - Parameters:
    ///   - csv: the rows to score.
    ///   - modelURL: the model file (JSON).
    ///   - imputation: how missing cells are filled.
    ///   - threshold: in (0, 1).
    ///   - compareEncrypted: also score on ciphertexts with fresh keys (``EncryptedScoringCheck``).
    ///   - insecureLogDegree: tests only, with `compareEncrypted`.
    ///   - encryptedLogits: scores the rows on ciphertexts some other way (e.g. on a scoring service with
    ///     ``ScoringClient/logits(for:on:maximumScaledMagnitude:)``); its logits are then the ones written, and
    ///     compared with the plaintext ones.
    ///   - observer: receives the steps as they run.
    /// - Throws: ``WorkflowError/heml(_:)`` for a malformed CSV or model file or a missing feature; whatever
    ///   `encryptedLogits` throws, bridged (``WorkflowError/init(_:)``).
    public init(
        csv: URL, model modelURL: URL, imputation: Imputation, threshold: Double, compareEncrypted: Bool,
        insecureLogDegree: Int? = nil, encryptedLogits: ((ModelFile, Dataset) throws -> [Double])? = nil,
        observer: any WorkflowObserver = SilentObserver()
    ) throws(WorkflowError) {
        do {
            try self.init(
                csv, modelURL, imputation, threshold, compareEncrypted, insecureLogDegree, encryptedLogits, observer)
        } catch {
            throw WorkflowError(error)
        }
    }

    private init(
        _ csv: URL, _ modelURL: URL, _ imputation: Imputation, _ threshold: Double, _ compareEncrypted: Bool,
        _ insecureLogDegree: Int?, _ encryptedLogits: ((ModelFile, Dataset) throws -> [Double])?,
        _ observer: any WorkflowObserver
    ) throws {
        var phases = Phases(observer)
        let (model, table, rows, plainLogits) = try phases.run(
            "score", "reading the model and \(csv.lastPathComponent)",
            {
                let model = try ModelFile.read(from: modelURL)
                let table = try CSVReader.readForScoring(
                    csv, options: CSVReadOptions(labelColumn: model.label, imputation: imputation),
                    labelMapping: model.labelMapping)
                let rows = try table.dataset(labelName: model.label)
                return (model, table, rows, try model.logits(for: rows))
            }, done: { "\($0.1.source): \($0.1.rowCount) rows scored in plaintext" })
        var logits = plainLogits
        if compareEncrypted {
            let check = try EncryptedScoringCheck(
                model: model, rows: rows, insecureLogDegree: insecureLogDegree,
                observer: observer)
            logits = check.logits
            encrypted = check
            maxLogitDifference = zip(check.logits, plainLogits).map { abs($0 - $1) }.max() ?? 0
            for timing in check.timings { phases.record(timing) }
        } else if let encryptedLogits {
            logits = try phases.run(
                "encrypted_remote", "scoring on ciphertexts elsewhere", { try encryptedLogits(model, rows) },
                done: { "\($0.count) logits decrypted" })
            encrypted = nil
            maxLogitDifference = zip(logits, plainLogits).map { abs($0 - $1) }.max() ?? 0
        } else {
            encrypted = nil
            maxLogitDifference = nil
        }
        probabilities = logits.map(logistic)
        if let labels = table.labels {
            accuracy = try Metrics.accuracy(probabilities: probabilities, labels: labels, threshold: threshold)
            auc = labels.contains(0) && labels.contains(1) ? try Metrics.auc(scores: logits, labels: labels) : nil
        } else {
            accuracy = nil
            auc = nil
        }
        self.model = model
        self.logits = logits
        self.threshold = threshold
        source = table.source
        timings = phases.finishTotal()
    }

    /// Rows predicted positive (probability ≥ threshold).
    public var positivePredictions: Int { probabilities.filter { $0 >= threshold }.count }

    /// `row,logit,probability,predicted`, one line per row, the predicted class written as the file's label value.
    public var csvText: String { Self.csvText(logits: logits, model: model, threshold: threshold) }

    /// The scores CSV for `logits` (exact sigmoid, the predicted class at `threshold` in (0, 1) written as the
    /// model's label value).
    public static func csvText(logits: [Double], model: ModelFile, threshold: Double) -> String {
        var text = "row,logit,probability,predicted\n"
        for (i, logit) in logits.enumerated() {
            let p = logistic(logit)
            let predicted = p >= threshold ? model.labelMapping.positiveValue : model.labelMapping.negativeValue
            text += "\(i + 1),\(logit),\(p),\(formatLabel(predicted))\n"
        }
        return text
    }

    /// Writes ``csvText`` atomically.
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.writeFailed(file:reason:)`.
    public func write(to url: URL) throws(WorkflowError) {
        try bridged { try AtomicFile.write(Data(csvText.utf8), to: url) }
    }

    private static func formatLabel(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
