import Foundation

@testable import HEML

/// The repository's `datasets/` folder, found from this file's location.
let datasetsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("datasets")

/// German credit one-hot data, read once per test process.
let germanOneHot: Dataset = {
    try! CSVReader.read(
        datasetsDirectory.appendingPathComponent("german_credit_onehot.csv"),
        options: CSVReadOptions(labelColumn: "bad_credit"))
}()

/// A fresh empty directory under the system temporary directory; removed by `cleanUp`.
struct TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("heml-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func file(_ name: String, contents: String) throws -> URL {
        try file(name, bytes: Array(contents.utf8))
    }
    func file(_ name: String, bytes: [UInt8]) throws -> URL {
        let target = url.appendingPathComponent(name)
        try Data(bytes).write(to: target)
        return target
    }
    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }
    func cleanUp() { try? FileManager.default.removeItem(at: url) }
}

/// Reads CSV text given in memory under the name `t.csv`.
func readCSV(_ text: String, options: CSVReadOptions = CSVReadOptions()) throws(HEMLError) -> Dataset {
    try CSVReader.read(bytes: Array(text.utf8), name: "t.csv", options: options)
}

/// 5-fold stratified CV AUC (pooled mean of per-fold AUCs) of plaintext NAG; scaling fitted on each training fold.
func crossValidatedAUC(
    _ data: Dataset, configuration: TrainingConfiguration,
    scaling: FeatureScaling.Method = .default, folds k: Int = 5, seed: UInt64 = 0
) throws -> Double {
    let folds = try DataSplits.stratifiedKFold(labels: data.labels, k: k, seed: seed)
    var total = 0.0
    for fold in folds {
        let train = try data.selecting(rows: fold.train), test = try data.selecting(rows: fold.test)
        let scaler = try FeatureScaling.fit(train, method: scaling)
        let result = try PlainLogisticRegression.train(scaler.apply(to: train), configuration: configuration)
        total += try Metrics.auc(scores: result.logits(for: scaler.apply(to: test)), labels: test.labels)
    }
    return total / Double(k)
}

/// The largest absolute difference between corresponding elements.
func largestDifference(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
