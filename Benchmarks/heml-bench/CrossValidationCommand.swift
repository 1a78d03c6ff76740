import ArgumentParser
import Foundation
import HEML

/// `heml-bench cv`: stratified k-fold cross-validation of encrypted training through the real CLI, against the
/// converged plaintext fit (IRLS) and the plaintext twin on the same folds.
struct CrossValidationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cv",
        abstract: "k-fold cross-validation: each fold trained encrypted with `heml train --encrypted` and scored with "
            + "`heml score`, beside IRLS and the plaintext twin on the same folds.",
        discussion: """
            Folds are stratified and seeded (DataSplits). Per fold the training part and the held-out part are \
            written as CSV files, `heml train --encrypted train.csv --label L --model-out model.json --json` trains \
            (arguments after -- are passed on), and `heml score test.csv --model model.json --json` scores. The \
            reference scaling is fitted on the training part (z-score clipped at 4); the twin uses heml's defaults.
            """
    )

    @Argument(help: ArgumentHelp("The labelled CSV file.", valueName: "data.csv"))
    var data: String

    @Argument(help: ArgumentHelp("The label column.", valueName: "label"))
    var label: String

    @Argument(help: ArgumentHelp("Number of folds.", valueName: "folds"))
    var folds = 5

    @Option(help: "Seed of the fold assignment.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("The heml executable (default: next to heml-bench).", valueName: "path"))
    var heml: String?

    @Flag(help: "Skip the encrypted runs (IRLS and the plaintext twin only).")
    var plaintextOnly = false

    @OptionGroup var twin: TwinOptions

    @Flag(help: "Print JSON instead of a Markdown table.")
    var json = false

    @Argument(parsing: .postTerminator, help: "Extra arguments for `heml train` (after --).")
    var trainArguments: [String] = []

    func validate() throws {
        guard (2...20).contains(folds) else { throw ValidationError("folds must be 2 … 20") }
    }

    struct FoldRow: Codable {
        var fold: Int
        var trainRows: Int
        var testRows: Int
        var irlsAUC: Double
        var twinAUC: Double
        var twinMaxArgument: Double
        var encryptedAUC: Double?
        var trainSeconds: Double?
        var keygenSeconds: Double?
        var trainPhaseSeconds: Double?
        var gradientNorm: Double?
        var logLikelihoodGap: Double?
    }

    struct Summary: Codable {
        var data: String
        var folds: [FoldRow]
        var meanIRLSAUC: Double
        var meanTwinAUC: Double
        var twinMaxArgument: Double
        var meanEncryptedAUC: Double?
        var maxTrainSeconds: Double?
    }

    func run() throws {
        let dataset = try CSVReader.read(URL(fileURLWithPath: data), options: CSVReadOptions(labelColumn: label))
        let splits = try DataSplits.stratifiedKFold(labels: dataset.labels, k: folds, seed: seed)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("heml-cv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var rows: [FoldRow] = []
        for (index, split) in splits.enumerated() {
            let train = try dataset.selecting(rows: split.train), test = try dataset.selecting(rows: split.test)
            let twin = try twinRun(train: train, test: test)
            var row = try FoldRow(
                fold: index + 1, trainRows: train.rowCount, testRows: test.rowCount,
                irlsAUC: Self.referenceAUC(train: train, test: test), twinAUC: twin.auc,
                twinMaxArgument: twin.maxArgument)
            if !plaintextOnly {
                try encryptedRun(train: train, test: test, directory: directory, into: &row)
            }
            rows.append(row)
            if !json { FileHandle.standardError.write(Data("fold \(index + 1)/\(folds) done\n".utf8)) }
        }
        let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
        let summary = Summary(
            data: URL(fileURLWithPath: data).lastPathComponent, folds: rows, meanIRLSAUC: mean(rows.map(\.irlsAUC)),
            meanTwinAUC: mean(rows.map(\.twinAUC)), twinMaxArgument: rows.map(\.twinMaxArgument).max()!,
            meanEncryptedAUC: plaintextOnly ? nil : mean(rows.compactMap(\.encryptedAUC)),
            maxTrainSeconds: rows.compactMap(\.trainSeconds).max())
        if json {
            try printJSON(summary)
        } else {
            print(Self.table(summary))
        }
    }

    /// IRLS on the training part (z-score clipped at 4), AUC on the held-out part.
    static func referenceAUC(train: Dataset, test: Dataset) throws -> Double {
        let scaling = try FeatureScaling.fit(train)
        let fit = try IRLS.fit(scaling.apply(to: train))
        return try Metrics.auc(scores: fit.linearModel.logits(for: scaling.apply(to: test)), labels: test.labels)
    }

    /// The plaintext twin (Kim's degree-3 sigmoid) with this run's settings (by default heml's): held-out AUC and
    /// the largest sigmoid argument |zᵢᵀv| it met (the polynomial holds on [−8, 8]).
    func twinRun(train: Dataset, test: Dataset) throws -> (auc: Double, maxArgument: Double) {
        let scaling = try twin.scaling(fittedOn: train)
        let result = try PlainLogisticRegression.train(scaling.apply(to: train), configuration: twin.configuration)
        let auc = try Metrics.auc(scores: result.logits(for: scaling.apply(to: test)), labels: test.labels)
        return (auc, result.history.map(\.maxAbsArgument).max() ?? 0)
    }

    func encryptedRun(train: Dataset, test: Dataset, directory: URL, into row: inout FoldRow) throws {
        let trainURL = directory.appendingPathComponent("train-\(row.fold).csv")
        let testURL = directory.appendingPathComponent("test-\(row.fold).csv")
        let modelURL = directory.appendingPathComponent("model-\(row.fold).json")
        try Self.csv(train).write(to: trainURL, atomically: true, encoding: .utf8)
        try Self.csv(test).write(to: testURL, atomically: true, encoding: .utf8)
        let start = Date()
        let trained = try runHeml(
            ["train", "--encrypted", trainURL.path, "--label", label, "--model-out", modelURL.path, "--json"]
                + trainArguments, directory: directory)
        row.trainSeconds = Date().timeIntervalSince(start)
        let timings = trained["timings"] as? [String: Any]
        row.keygenSeconds = timings?["keygen"] as? Double
        row.trainPhaseSeconds = timings?["train"] as? Double
        let convergence = trained["convergence"] as? [String: Any]
        row.gradientNorm = convergence?["gradient_norm"] as? Double
        row.logLikelihoodGap = convergence?["log_likelihood_gap"] as? Double
        let scored = try runHeml(
            ["score", testURL.path, "--model", modelURL.path, "--json"], directory: directory)
        guard let metrics = scored["metrics"] as? [String: Any], let auc = metrics["auc"] as? Double else {
            throw ValidationError("heml score printed no AUC for fold \(row.fold)")
        }
        row.encryptedAUC = auc
    }

    /// Runs heml with `arguments` and parses the JSON object it prints.
    func runHeml(_ arguments: [String], directory: URL) throws -> [String: Any] {
        let executable =
            heml.map { URL(fileURLWithPath: $0) }
            ?? Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("heml")
        let outURL = directory.appendingPathComponent("stdout.json")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        try out.close()
        guard process.terminationStatus == 0 else {
            throw ValidationError("heml \(arguments[0]) failed with status \(process.terminationStatus)")
        }
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: outURL)) as? [String: Any] else {
            throw ValidationError("heml \(arguments[0]) printed no JSON object")
        }
        return object
    }

    /// The dataset as CSV: feature columns, then the label as 0/1.
    static func csv(_ data: Dataset) -> String {
        var text = (data.featureNames + [data.labelName]).joined(separator: ",") + "\n"
        for i in 0..<data.rowCount {
            text += data.row(i).map { "\($0)" }.joined(separator: ",") + ",\(Int(data.labels[i]))\n"
        }
        return text
    }

    static func table(_ s: Summary) -> String {
        func f(_ value: Double?, _ format: String = "%.4f") -> String {
            value.map { String(format: format, $0) } ?? "–"
        }
        var lines = [
            "| \(s.data) fold | train rows | test rows | IRLS AUC | twin AUC | encrypted AUC | heml train s "
                + "(keygen, training) | ‖∇ℓ‖ | ℓ gap |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in s.folds {
            lines.append(
                "| \(r.fold) | \(r.trainRows) | \(r.testRows) | \(f(r.irlsAUC)) | \(f(r.twinAUC)) | "
                    + "\(f(r.encryptedAUC)) | \(f(r.trainSeconds, "%.1f")) (\(f(r.keygenSeconds, "%.1f")), "
                    + "\(f(r.trainPhaseSeconds, "%.1f"))) | \(f(r.gradientNorm, "%.1e")) | "
                    + "\(f(r.logLikelihoodGap, "%.1e")) |")
        }
        lines.append(
            "| mean | | | \(f(s.meanIRLSAUC)) | \(f(s.meanTwinAUC)) | \(f(s.meanEncryptedAUC)) | "
                + "max \(f(s.maxTrainSeconds, "%.1f")) | | |")
        lines.append("twin: largest sigmoid argument |zᵀv| \(f(s.twinMaxArgument, "%.2f"))")
        return lines.joined(separator: "\n")
    }
}
