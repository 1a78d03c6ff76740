import ArgumentParser
import Foundation
import HEML
import HEMLWorkflow

/// `heml score`: probabilities from a JSON model for the rows of a CSV file (plaintext), with AUC and accuracy
/// when the file has the label column; `--compare-encrypted` runs the same scoring on ciphertexts as well.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a CSV file with a model file (probability of the positive class per row).",
        discussion: """
            Columns are matched to the model's features by name (order and extra columns do not matter); the label \
            column is optional (AUC and accuracy are reported when it is there). Without --out a summary is \
            printed; --out - writes the scores CSV to stdout.

            --compare-encrypted demonstrates encrypted inference for the data owner: fresh keys (N = 2^13, 128-bit), the \
            scaled rows encrypted, logits computed on ciphertexts with the plaintext model, decrypted, and compared \
            with the plaintext logits. The scores written are then the decrypted ones.

            --model-server URL does the same with a server started by heml serve: fresh keys registered as a             session, the rows encrypted and sent, the encrypted logits decrypted here and compared with the             plaintext ones (the model file gives the features and scaling the rows are prepared with).
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

    @Option(
        help: ArgumentHelp(
            "Missing feature cells: 'none' refuses them, 'mean' fills them with the column mean.",
            valueName: "none|mean"))
    var impute: ImputationChoice = .none

    @Flag(
        name: .customLong("compare-encrypted"),
        help: "Score on ciphertexts too (fresh keys; reports the largest logit difference).")
    var compareEncrypted = false

    @Option(
        name: .customLong("model-server"),
        help: ArgumentHelp("Score on ciphertexts on this heml serve instance.", valueName: "URL"))
    var modelServer: String?

    @Option(
        name: .customLong("insecure-test-ring"),
        help: ArgumentHelp(
            "TEST ONLY: encrypted scoring at N = 2^logN without the security check.", visibility: .hidden))
    var insecureTestRing: Int?

    @OptionGroup var security: SecurityOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard threshold.isFinite, threshold > 0, threshold < 1 else {
            throw ValidationError("--threshold must lie in (0, 1)")
        }
        if out == "-", output.json { throw ValidationError("--out - and --json both write to stdout; choose one") }
        if let ring = insecureTestRing {
            guard security.allowInsecure else {
                throw ValidationError(
                    "--insecure-test-ring is for tests only and gives NO security; add --allow-insecure")
            }
            guard (12...17).contains(ring) else { throw ValidationError("--insecure-test-ring must be 12 … 17") }
            guard compareEncrypted || modelServer != nil else {
                throw ValidationError("--insecure-test-ring only applies to --compare-encrypted or --model-server")
            }
        }
        if let modelServer {
            guard !compareEncrypted else {
                throw ValidationError("--compare-encrypted and --model-server both score on ciphertexts; choose one")
            }
            guard let url = URL(string: modelServer), url.scheme == "http" || url.scheme == "https" else {
                throw ValidationError("--model-server must be an http:// or https:// URL")
            }
        }
    }

    /// Scoring on a `heml serve` instance: the client's whole exchange, waited for.
    private func remoteLogits() -> ((ModelFile, Dataset) throws -> [Double])? {
        guard let address = modelServer, let url = URL(string: address) else { return nil }
        let ring = insecureTestRing
        return { model, rows in
            let client = try ScoringClient(
                model: model,
                parameters: ring.map { logN throws(WorkflowError) in
                    try ScoringClient.insecureTestParameters(logDegree: logN)
                })
            return try runBlocking { try await client.logits(for: rows, on: ScoringServiceClient(baseURL: url)) }
        }
    }

    func run() throws {
        let progress = Progress.standard(quiet: output.quiet, quietWhenPiped: output.json || out == "-")
        let outURL = out.flatMap { $0 == "-" ? nil : OutputPath.url($0) }
        if let outURL { try OutputPath.check(outURL, option: "--out") }
        let modelURL = OutputPath.url(model)
        let run = try ModelScoring(
            csv: OutputPath.url(csv), model: modelURL, imputation: impute.imputation,
            threshold: threshold, compareEncrypted: compareEncrypted,
            insecureLogDegree: insecureTestRing, encryptedLogits: remoteLogits(), observer: progress)
        if let outURL { try run.write(to: outURL) }

        var metricsText = "no label column \"\(run.model.label)\": no AUC or accuracy\n"
        if let accuracy = run.accuracy {
            metricsText =
                "AUC \(run.auc.map { Format.fixed($0) } ?? "n/a (one class)"), accuracy \(Format.fixed(accuracy)) "
                + "at threshold \(Format.short(threshold))\n"
        }
        var encryptedReport: JSONValue = .null
        var encryptedText = ""
        if run.encrypted == nil, let difference = run.maxLogitDifference, let modelServer {
            encryptedReport = .object([
                ("model_server", .string(modelServer)), ("max_logit_difference", .double(difference)),
            ])
            encryptedText =
                "encrypted scoring on \(modelServer); largest |encrypted − plaintext| logit difference "
                + "\(Format.scientific(difference))\n"
        }
        if let check = run.encrypted, let difference = run.maxLogitDifference {
            encryptedReport = .object([
                ("ring_degree", .int(check.parameters.ringDegree)),
                ("security_bits", .int(check.parameters.securityBits)),
                ("block_width", .int(check.layout.blockWidth)),
                ("ciphertexts", .int(check.layout.ciphertextCount)),
                ("max_logit_difference", .double(difference)),
            ])
            encryptedText =
                "encrypted scoring: N = 2^\(check.parameters.logDegree), \(check.layout.ciphertextCount) "
                + "ciphertext(s); largest |encrypted − plaintext| logit difference \(Format.scientific(difference))\n"
        }
        if out == "-" {
            Terminal.standardOutput.write(run.csvText)
            if !output.quiet { Terminal.standardError.write(metricsText + encryptedText) }
            return
        }
        let meanProbability = run.probabilities.reduce(0, +) / Double(max(1, run.probabilities.count))
        let json: JSONValue = .object([
            ("command", "score"),
            ("rows", .int(run.logits.count)),
            ("features", .int(run.model.features.count)),
            ("model", .string(modelURL.path)),
            (
                "metrics",
                run.accuracy == nil ? .null : .object([("auc", .double(run.auc)), ("accuracy", .double(run.accuracy))])
            ),
            ("mean_probability", .double(meanProbability)),
            ("positive_predictions", .int(run.positivePredictions)),
            ("encrypted", encryptedReport),
            ("timings", Reports.timings(run.timings)),
            ("out", .optional(outURL?.path)),
        ])
        var text = "scored \(run.logits.count) rows of \(run.source) with \(modelURL.lastPathComponent); "
        text += "\(run.positivePredictions) predicted positive\n"
        text += metricsText + encryptedText
        if let outURL { text += "scores written to \(outURL.path)\n" }
        output.emit(json: json, text: text)
    }
}
