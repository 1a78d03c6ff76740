import Foundation
import HEML

/// What a training report shows, gathered from a finished run: the plan, the encrypted model against its twins
/// (scores, ROC curves, weights), the twins' training curves with the level budget, and the phase timings.
/// ``html`` renders it as one self-contained page (inline SVG and CSS, no script, nothing fetched).
struct TrainingReport: Sendable {
    /// What the run trained on: `german.csv: 1000 rows × 61 features, label bad_credit`.
    let dataSummary: String
    /// Feature names, in weight order (after the intercept).
    let featureNames: [String]
    let plan: TrainingPlan
    let comparison: ModelComparison
    /// ROC curves on the training rows, in ``ModelComparison/Model`` order.
    let trainingROC: [ROCCurve]
    /// ROC curves on the test rows, when a test set was given.
    let testROC: [ROCCurve]?
    /// The two twins' curves (same polynomial, exact sigmoid).
    let curves: [TrainingCurve]
    /// (phase, seconds) of the run that produced the model.
    let timings: [(String, Double)]
    /// When the report was made (ISO 8601, UTC).
    let generated: String

    /// Gathers the report of a run that compared its encrypted model with the twins on `scaled` (and `test`).
    ///
    /// - Throws: ``HEMLError`` when a dataset has other features than the models.
    init(
        comparison: ModelComparison, plan: TrainingPlan, raw: Dataset, scaled: Dataset, test: Dataset?,
        timings: [(String, Double)], date: Date = Date()
    ) throws(HEMLError) {
        dataSummary =
            "\(raw.source ?? "data"): \(raw.rowCount) rows × \(raw.featureCount) features, label \(raw.labelName)"
        featureNames = raw.featureNames
        self.plan = plan
        self.comparison = comparison
        let models = [
            try LinearModel(coefficients: comparison.encrypted), comparison.polynomialTwin.linearModel,
            comparison.exactTwin.linearModel,
        ]
        func curves(_ data: Dataset) throws(HEMLError) -> [ROCCurve] {
            var result: [ROCCurve] = []
            for model in models { result.append(ROCCurve(scores: try model.logits(for: data), labels: data.labels)) }
            return result
        }
        trainingROC = try curves(scaled)
        testROC = try test.map { (data: Dataset) throws(HEMLError) in try curves(data) }
        self.curves = [
            TrainingCurve(
                name: ModelComparison.Model.polynomialTwin.label, twin: comparison.polynomialTwin, plan: plan),
            TrainingCurve(name: ModelComparison.Model.exactTwin.label, twin: comparison.exactTwin, plan: plan),
        ]
        self.timings = timings
        generated = ModelFile.timestamp(date)
    }

    /// Writes ``html`` to `url` atomically (readers see the old file or the whole new one).
    ///
    /// - Throws: ``HEMLError/writeFailed(file:reason:)``.
    func write(to url: URL) throws(HEMLError) {
        try AtomicFile.write(Data(html.utf8), to: url)
    }
}
