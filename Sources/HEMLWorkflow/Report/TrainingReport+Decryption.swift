import Foundation
import HEML

extension TrainingReport {
    /// The report of a model decrypted after server training: the owner reads the training CSV again (the file
    /// they encrypted), scales it with the owner state's scaling and compares the decrypted weights with the twins.
    ///
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` when the CSV is not the one the owner state describes;
    ///   ``HEMLError`` for a malformed CSV.
    static func decrypted(
        coefficients: [Double], plan: TrainingPlan, state: OwnerState, csv: URL, read: CSVReadOptions,
        timings: [(String, Double)]
    ) throws -> TrainingReport {
        var options = read
        options.labelColumn = state.label
        let raw = try CSVReader.read(csv, options: options)
        guard raw.featureNames == state.features, raw.rowCount == state.rows, raw.labelMapping == state.labelMapping
        else {
            throw WorkflowError.mismatchedFiles(
                "\(csv.lastPathComponent) is not the training file the owner state describes (its columns, rows or "
                    + "label values differ); give the CSV that was encrypted")
        }
        let scaled = try state.scaling.apply(to: raw)
        let comparison = try ModelComparison(encrypted: coefficients, plan: plan, scaled: scaled, test: nil)
        return try TrainingReport(
            comparison: comparison, plan: plan, raw: raw, scaled: scaled, test: nil, timings: timings)
    }
}
