import Foundation
import HEML

/// The data owner's training data: read from CSV, scaling fitted, features scaled into [−1, 1].
struct OwnerData {
    let raw: Dataset
    let scaling: FeatureScaling
    let scaled: Dataset

    init(reading url: URL, options: DataOptions) throws(HEMLError) {
        raw = try CSVReader.read(url, options: options.readOptions)
        scaling = try FeatureScaling.fit(raw, method: options.scalingMethod)
        scaled = try scaling.apply(to: raw)
    }

    /// One line for progress: `german.csv: 1000 rows × 61 features, label bad_credit (300 positive)`.
    var summary: String {
        var text = "\(raw.source ?? "data"): \(raw.rowCount) rows × \(raw.featureCount) features, label \(raw.labelName) " +
            "(\(raw.positiveCount) positive)"
        if let imputed = raw.imputation, imputed.total > 0 { text += ", \(imputed.total) missing cell(s) imputed" }
        return text
    }
}

/// A labelled evaluation file (e.g. `--test`) scaled with the training scaling; its features must be the
/// training features in the same order and its labels the same two values.
func readEvaluationData(_ url: URL, like training: Dataset, scaling: FeatureScaling,
                        options: DataOptions) throws -> Dataset {
    var read = options.readOptions
    read.labelColumn = training.labelName
    let data = try CSVReader.read(url, options: read)
    let name = url.lastPathComponent
    guard data.featureNames == training.featureNames else {
        let missing = training.featureNames.first { !data.featureNames.contains($0) }
        let extra = data.featureNames.first { !training.featureNames.contains($0) }
        let detail = missing.map { "it lacks \"\($0)\"" } ?? extra.map { "it has \"\($0)\", which training did not" }
            ?? "the columns are in another order"
        throw CLIError("\(name): its feature columns are not the training file's: \(detail)")
    }
    guard data.labelMapping == training.labelMapping else {
        throw CLIError("\(name): its two label values are not the training file's")
    }
    return try scaling.apply(to: data)
}
