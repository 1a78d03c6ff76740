import Foundation
import HEML

/// The data owner's training data: read from CSV, scaling fitted, features scaled into [−1, 1] and, by default,
/// multiplied by the diagonal preconditioner (`FeatureScaling.preconditioned(on:)`).
public struct OwnerData: Sendable {
    /// The rows as read.
    public let raw: Dataset
    /// The scaling fitted on them.
    public let scaling: FeatureScaling
    /// The rows scaled.
    public let scaled: Dataset

    /// Reads `url` and fits `scaling`, then the preconditioner when `preconditioned`.
    ///
    /// - Throws: `HEMLError` for a malformed CSV (file, line, column) or data the scaling cannot fit.
    public init(
        reading url: URL, options: CSVReadOptions, scaling method: FeatureScaling.Method, preconditioned: Bool = true
    ) throws(HEMLError) {
        raw = try CSVReader.read(url, options: options)
        let fitted = try FeatureScaling.fit(raw, method: method)
        scaling = preconditioned ? try fitted.preconditioned(on: raw) : fitted
        scaled = try scaling.apply(to: raw)
    }

    /// One line for progress: `german.csv: 1000 rows × 61 features, label bad_credit (300 positive)`.
    public var summary: String {
        var text =
            "\(raw.source ?? "data"): \(raw.rowCount) rows × \(raw.featureCount) features, label \(raw.labelName) "
            + "(\(raw.positiveCount) positive)"
        if let imputed = raw.imputation, imputed.total > 0 { text += ", \(imputed.total) missing cell(s) imputed" }
        return text
    }

    /// A labelled evaluation file (e.g. a test set) scaled with the training scaling; its features must be the
    /// training features in the same order and its labels the same two values.
    ///
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` when the columns or label values differ;
    ///   ``WorkflowError/heml(_:)`` wrapping `HEMLError.malformedCSV(file:line:column:reason:)` for a
    ///   malformed CSV.
    public func evaluationData(_ url: URL, options: CSVReadOptions) throws(WorkflowError) -> Dataset {
        try Self.evaluationData(url, options: options, raw: raw, scaling: scaling)
    }

    /// ``evaluationData(_:options:)`` for training rows `raw` and their `scaling`.
    static func evaluationData(_ url: URL, options: CSVReadOptions, raw: Dataset, scaling: FeatureScaling)
        throws(WorkflowError) -> Dataset
    {
        var read = options
        read.labelColumn = raw.labelName
        let data = try bridged { try CSVReader.read(url, options: read) }
        let name = url.lastPathComponent
        guard data.featureNames == raw.featureNames else {
            let missing = raw.featureNames.first { !data.featureNames.contains($0) }
            let extra = data.featureNames.first { !raw.featureNames.contains($0) }
            let detail =
                missing.map { "it lacks \"\($0)\"" } ?? extra.map { "it has \"\($0)\", which training did not" }
                ?? "the columns are in another order"
            throw WorkflowError.mismatchedFiles("\(name): its feature columns are not the training file's: \(detail)")
        }
        guard data.labelMapping == raw.labelMapping else {
            throw WorkflowError.mismatchedFiles("\(name): its two label values are not the training file's")
        }
        return try bridged { try scaling.apply(to: data) }
    }
}
