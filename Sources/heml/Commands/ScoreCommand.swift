import ArgumentParser
import CKKS
import Foundation
import HEML

/// `heml score`: probabilities from a JSON model for the rows of a CSV file (plaintext), with AUC and accuracy
/// when the file has the label column; `--encrypted` runs the same scoring on ciphertexts as a demonstration.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a CSV file with a model file (probability of the positive class per row).",
        discussion: """
        Columns are matched to the model's features by name (order and extra columns do not matter); the label \
        column is optional (AUC and accuracy are reported when it is there). Without --out a summary is \
        printed; --out - writes the scores CSV to stdout.

        --encrypted demonstrates encrypted inference for the data owner: fresh keys (N = 2^13, 128-bit), the \
        scaled rows encrypted, logits computed on ciphertexts with the plaintext model, decrypted, and compared \
        with the plaintext logits. The scores written are then the decrypted ones.
        """
    )

    @Argument(help: ArgumentHelp("Rows to score (CSV with a header row).", valueName: "file.csv"))
    var csv: String

    @Option(help: ArgumentHelp("The model file (JSON) from train or decrypt.", valueName: "model.json"))
    var model: String

    @Option(help: ArgumentHelp("Write row,logit,probability,predicted here ('-': stdout).", valueName: "scores.csv"))
    var out: String?

    @Option(help: ArgumentHelp("Probability threshold for the predicted class and accuracy.", valueName: "p"))
    var threshold: Double = 0.5

    @Option(help: ArgumentHelp("Missing feature cells: 'none' refuses them, 'mean' fills them with the column mean.",
                               valueName: "none|mean"))
    var impute: ImputationChoice = .none

    @Flag(help: "Score on ciphertexts too (fresh keys; reports the largest logit difference).")
    var encrypted = false

    @Option(name: .customLong("insecure-test-ring"),
            help: ArgumentHelp("TEST ONLY: encrypted scoring at N = 2^logN without the security check.", visibility: .hidden))
    var insecureTestRing: Int?

    @Flag(name: .customLong("allow-insecure"), help: ArgumentHelp("TEST ONLY: accept --insecure-test-ring.", visibility: .hidden))
    var allowInsecure = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard threshold.isFinite, threshold > 0, threshold < 1 else { throw ValidationError("--threshold must lie in (0, 1)") }
        if out == "-", output.json { throw ValidationError("--out - and --json both write to stdout; choose one") }
        if let ring = insecureTestRing {
            guard allowInsecure else {
                throw ValidationError("--insecure-test-ring is for tests only and gives NO security; add --allow-insecure")
            }
            guard (12...17).contains(ring) else { throw ValidationError("--insecure-test-ring must be 12 … 17") }
            guard encrypted else { throw ValidationError("--insecure-test-ring only applies to --encrypted") }
        }
    }

    func run() throws {
        let progress = Progress.standard(quiet: output.quiet, quietWhenPiped: output.json || out == "-")
        var clock = Stopwatch()
        var timings: [(String, Double)] = []
        let outURL = out.flatMap { $0 == "-" ? nil : OutputPath.url($0) }
        if let outURL { try OutputPath.check(outURL, option: "--out") }

        progress.begin("reading the model and \(OutputPath.url(csv).lastPathComponent)")
        let modelFile = try ModelFile.read(from: OutputPath.url(model))
        let table = try CSVReader.readForScoring(OutputPath.url(csv),
                                                 options: CSVReadOptions(labelColumn: modelFile.label,
                                                                         imputation: impute.imputation),
                                                 labelMapping: modelFile.labelMapping)
        let rows = try table.dataset(labelName: modelFile.label)
        let plainLogits = try modelFile.logits(for: rows)
        timings.append(("score", clock.lap()))
        progress.finish("\(table.source): \(table.rowCount) rows scored in plaintext", seconds: timings.last!.1)

        var logits = plainLogits
        var encryptedReport: JSONValue = .null
        var encryptedText = ""
        if encrypted {
            let run = try EncryptedScoring(model: modelFile, rows: rows, insecureLogDegree: insecureTestRing, progress: progress)
            logits = run.logits
            let difference = zip(run.logits, plainLogits).map { abs($0 - $1) }.max() ?? 0
            timings += run.timings
            encryptedReport = .object([
                ("ring_degree", .int(run.parameters.degree)),
                ("security_bits", .int(run.parameters.securityBits)),
                ("block_width", .int(run.layout.blockWidth)),
                ("ciphertexts", .int(run.layout.ciphertextCount)),
                ("max_logit_difference", .double(difference)),
            ])
            encryptedText = "encrypted scoring: N = 2^\(run.parameters.logDegree), \(run.layout.ciphertextCount) ciphertext(s); " +
                "largest |encrypted − plaintext| logit difference \(Format.scientific(difference))\n"
        }
        let probabilities = logits.map(logistic)

        var metrics: JSONValue = .null
        var metricsText = "no label column \"\(modelFile.label)\": no AUC or accuracy\n"
        if let labels = table.labels {
            let accuracy = try Metrics.accuracy(probabilities: probabilities, labels: labels, threshold: threshold)
            let bothClasses = labels.contains(0) && labels.contains(1)
            let auc = bothClasses ? try Metrics.auc(scores: logits, labels: labels) : nil
            metrics = .object([("auc", .double(auc)), ("accuracy", .double(accuracy))])
            metricsText = "AUC \(auc.map { Format.fixed($0) } ?? "n/a (one class)"), accuracy \(Format.fixed(accuracy)) " +
                "at threshold \(Format.short(threshold))\n"
        }

        let scoresCSV = csvText(logits: logits, probabilities: probabilities, mapping: modelFile.labelMapping)
        if let outURL {
            try AtomicFile.write(Data(scoresCSV.utf8), to: outURL)
        }
        timings.append(("total", clock.total))
        if out == "-" {
            Terminal.standardOutput.write(scoresCSV)
            if !output.quiet { Terminal.standardError.write(metricsText + encryptedText) }
            return
        }
        let positives = probabilities.filter { $0 >= threshold }.count
        let meanProbability = probabilities.reduce(0, +) / Double(max(1, probabilities.count))
        let modelPath = OutputPath.url(model)
        let json: JSONValue = .object([
            ("command", "score"),
            ("rows", .int(table.rowCount)),
            ("features", .int(modelFile.features.count)),
            ("model", .string(modelPath.path)),
            ("metrics", metrics),
            ("mean_probability", .double(meanProbability)),
            ("positive_predictions", .int(positives)),
            ("encrypted", encryptedReport),
            ("timings", Reports.timings(timings)),
            ("out", .optional(outURL?.path)),
        ])
        var text = "scored \(table.rowCount) rows of \(table.source) with \(modelPath.lastPathComponent); "
        text += "\(positives) predicted positive\n"
        text += metricsText + encryptedText
        if let outURL { text += "scores written to \(outURL.path)\n" }
        output.emit(json: json, text: text)
    }

    /// `row,logit,probability,predicted` with the predicted class as the file's label value.
    private func csvText(logits: [Double], probabilities: [Double], mapping: LabelMapping) -> String {
        var text = "row,logit,probability,predicted\n"
        for (i, (logit, p)) in zip(logits, probabilities).enumerated() {
            let predicted = p >= threshold ? mapping.positiveValue : mapping.negativeValue
            text += "\(i + 1),\(logit),\(p),\(Format.short(predicted))\n"
        }
        return text
    }
}
