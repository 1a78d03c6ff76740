import ArgumentParser
import Foundation
import HEML
import HEMLWorkflow

/// `heml train`: the all-in-one run (`--encrypted FILE`: every role on this machine, compared with the plaintext
/// twins) or the server's step (`--dataset … --public-bundle … --out …`: no secret key anywhere).
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train logistic regression on encrypted data.",
        discussion: """
            All-in-one (start here): reads the CSV, plans, generates keys, encrypts, trains on ciphertexts only, \
            decrypts, and compares the encrypted model with two plaintext twins (same polynomial sigmoid; exact \
            sigmoid) on AUC and accuracy. On a terminal it shows the plan and live progress on stderr; --json \
            prints one JSON object on stdout.

              heml train --encrypted data.csv [--label COL] [--iterations 8]
                         [--degree 3] [--test test.csv] [--model-out model.json]
                         [--report report.html] [--dp-epsilon 1 [--dp-delta 1e-5]]

            Multiparty (--parties N): the rows are split into N banks, which build collective keys, a joint \
            scaling from encrypted sums, encrypt their own rows and release the model from decryption shares; \
            the server trains as above. Every role runs here, each timed.

              heml train --encrypted data.csv --parties 2 [--flood-release]

            Server (role-separated workflow): trains on an encrypted dataset with the public bundle's evaluation \
            keys and no secret key; the plan comes from the bundle, so plan options are refused.

              heml train --dataset data.hemlenc --public-bundle server.hemlpub
                         --out model.hemlenc [--checkpoint DIR [--resume]]

            Across processes or machines (heml built with `swift build --traits MPI`): every rank reads and \
            trains on its share of the row blocks; rank 0 prints, checkpoints and writes the model, which has the \
            bytes of the single-process run.

              mpirun -np 4 heml train --dataset data.hemlenc --public-bundle server.hemlpub
                         --out model.hemlenc --workers mpi --checkpoint DIR --resume
            """
    )

    @Option(
        name: .customLong("encrypted"), help: ArgumentHelp("All-in-one: the training CSV file.", valueName: "file.csv"))
    var csv: String?

    @Option(
        help: ArgumentHelp(
            "All-in-one: a labelled CSV to evaluate on (scaled with the training scaling).",
            valueName: "file.csv"))
    var test: String?

    @Option(
        name: .customLong("model-out"),
        help: ArgumentHelp("All-in-one: write the model (JSON) here.", valueName: "path"))
    var modelOut: String?

    @Option(
        help: ArgumentHelp(
            "All-in-one: write an HTML report (plan, ROC and training curves, weights, timings) here.",
            valueName: "report.html"))
    var report: String?

    @Option(
        help: ArgumentHelp(
            "All-in-one: split the rows into this many banks and run the multiparty protocol.", valueName: "n"))
    var parties: Int?

    @Flag(
        name: .customLong("flood-release"),
        help: "With --parties: flood the banks' decryption shares of the model (IND-CPA-D; costs precision).")
    var floodRelease = false

    @Option(help: ArgumentHelp("Server: the encrypted dataset from `heml encrypt`.", valueName: "file.hemlenc"))
    var dataset: String?

    @Option(
        name: .customLong("public-bundle"),
        help: ArgumentHelp("Server: the public bundle from `heml keygen`.", valueName: "file.hemlpub"))
    var publicBundle: String?

    @Option(help: ArgumentHelp("Server: write the encrypted model here.", valueName: "file.hemlenc"))
    var out: String?

    @OptionGroup(title: "Data (all-in-one)") var data: DataOptions
    @OptionGroup(title: "Plan (all-in-one)") var plan: PlanOptions
    @OptionGroup(title: "Differential privacy (all-in-one)") var privacy: PrivacyOptions
    @OptionGroup(title: "Server run") var distributed: DistributedOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let parties { try validateParties(parties) }
        switch (csv, dataset) {
        case (nil, nil):
            throw ValidationError(
                "give --encrypted FILE.csv (all-in-one) or --dataset FILE --public-bundle FILE --out FILE (server)")
        case (.some, .some):
            throw ValidationError("--encrypted (all-in-one) and --dataset (server) cannot be combined")
        case (.some, nil):
            for (given, name) in [(publicBundle, "--public-bundle"), (out, "--out")] where given != nil {
                throw ValidationError(
                    "\(name) belongs to the server mode (--dataset); the all-in-one run writes --model-out")
            }
            _ = try privacy.release(preconditioned: data.precondition)
            try privacy.validateColluders(parties: parties)
            if let option = distributed.given.first {
                throw ValidationError("\(option) belongs to the server mode (--dataset)")
            }
        case (nil, .some):
            guard publicBundle != nil else { throw ValidationError("the server mode needs --public-bundle") }
            guard out != nil else { throw ValidationError("the server mode needs --out for the encrypted model") }
            for (given, name) in [
                (test, "--test"), (modelOut, "--model-out"), (data.label, "--label"), (report, "--report"),
            ]
            where given != nil {
                throw ValidationError(
                    "\(name) belongs to the all-in-one run (--encrypted); the server holds no plaintext")
            }
            if privacy.given {
                throw ValidationError(
                    "--dp-epsilon belongs to the all-in-one run: the noise is drawn by the data owner")
            }
            if let option = plan.givenOptions.first {
                throw ValidationError("\(option) cannot be set on the server: the plan comes from the public bundle")
            }
        }
    }

    func run() throws {
        if let csv, let parties {
            try runParties(parties, csv: csv)
        } else if let csv {
            let result = try AllInOne.train(
                csv: OutputPath.url(csv), test: test.map(OutputPath.url),
                modelOut: modelOut.map(OutputPath.url), report: report.map(OutputPath.url), read: data.readOptions,
                scaling: data.scalingMethod, preconditioned: data.precondition, plan: plan.request(),
                privacy: privacy.release(preconditioned: data.precondition), observer: output.progress())
            output.emit(json: json(result), text: text(result))
        } else if let dataset, let publicBundle, let out {
            let outURL = OutputPath.url(out)
            let workers = try distributed.start()
            defer { workers.finish() }
            let report: Server.TrainingReport
            do {
                report = try Server.train(
                    dataset: OutputPath.url(dataset), publicBundle: OutputPath.url(publicBundle),
                    out: outURL, allowInsecure: plan.security.allowInsecure, run: distributed.run(on: workers),
                    observer: workers.rank == 0 ? output.progress() : SilentObserver())
            } catch {
                // The other ranks would wait in the next reduction: end the whole job, saying which rank failed.
                if distributed.workers == .mpi {
                    Terminal.standardError.write(
                        "heml: error: rank \(workers.rank) of \(workers.count): \(error.localizedDescription)\n")
                    workers.abortJob(code: 1)
                }
                throw error
            }
            guard workers.rank == 0 else { return }
            let plan = report.plan, run = report.run
            if run.iterationsDone < plan.iterations {
                output.emit(
                    json: .object([
                        ("command", "train"), ("mode", "server"), ("stopped_after", .int(run.iterationsDone)),
                        ("workers", Reports.workers(run)), ("timings", Reports.timings(report.timings)),
                    ]),
                    text: "Stopped after iteration \(run.iterationsDone) of \(plan.iterations); continue with "
                        + "--checkpoint \(distributed.checkpoint ?? "DIR") --resume.\n")
                return
            }
            output.emit(
                json: .object([
                    ("command", "train"),
                    ("mode", "server"),
                    ("rows", .int(plan.layout.rowCount)),
                    ("features", .int(plan.layout.width - 1)),
                    ("parameters", Reports.parameters(plan.parameterSummary)),
                    ("plan", Reports.plan(plan)),
                    ("timings", Reports.timings(report.timings)),
                    ("workers", Reports.workers(run)),
                    ("peak_memory_bytes", Reports.peakMemory(report.peakMemoryBytes)),
                    ("out", .string(outURL.path)),
                    ("out_bytes", .int(report.outBytes)),
                ]),
                text: """
                    Trained \(plan.iterations) iterations on \(report.ciphertexts) ciphertext(s) \
                    (\(plan.layout.rowCount) rows × \(plan.layout.width - 1) features) without any secret key.
                    encrypted model: \(outURL.path) (\(Format.bytes(report.outBytes)))
                    timings: \(Reports.timingsText(report.timings))
                    \(Reports.workersText(run))\(Reports.peakMemoryText(report.peakMemoryBytes))
                    """)
        }
    }

    private func json(_ report: AllInOne.Report) -> JSONValue {
        let comparison = report.comparison, raw = report.data.raw
        func scores(_ scores: [ModelScore]) -> JSONValue {
            .object(
                zip(ModelComparison.Model.allCases, scores).map {
                    ($0.rawValue, .object([("auc", .double($1.auc)), ("accuracy", .double($1.accuracy))]))
                })
        }
        var metrics = [(String, JSONValue)]()
        if case .object(let members) = scores(comparison.training) { metrics = members }
        if let test = comparison.test { metrics.append(("test", scores(test))) }
        return .object([
            ("command", "train"),
            ("mode", "all-in-one"),
            ("source", .optional(raw.source)),
            ("rows", .int(raw.rowCount)),
            ("features", .int(raw.featureCount)),
            ("test_rows", report.test.map { .int($0.rowCount) } ?? .null),
            ("parameters", Reports.parameters(report.plan.parameterSummary)),
            ("plan", Reports.plan(report.plan)),
            ("timings", Reports.timings(report.timings)),
            ("peak_memory_bytes", Reports.peakMemory(report.peakMemoryBytes)),
            ("metrics", .object(metrics)),
            ("max_weight_difference", .double(comparison.maxWeightDifference)),
            ("convergence", Reports.convergence(comparison.convergence)),
            ("differential_privacy", PrivacyOptions.json(report.privacy)),
            ("model_out", .optional(modelOut.map { OutputPath.url($0).path })),
            ("report", .optional(self.report.map { OutputPath.url($0).path })),
        ])
    }

    private func text(_ report: AllInOne.Report) -> String {
        let comparison = report.comparison, raw = report.data.raw, plan = report.plan
        var lines = """
            Encrypted logistic regression on \(raw.source ?? "the data"): \(raw.rowCount) rows × \(raw.featureCount) \
            features, \(plan.iterations) iterations, \(plan.sigmoid.name) sigmoid, \(Reports.ring(plan.parameterSummary))

            """
        var header = ["model", "train AUC", "train accuracy"]
        if comparison.test != nil { header += ["test AUC", "test accuracy"] }
        var table = Table(header)
        for (i, model) in ModelComparison.Model.allCases.enumerated() {
            var row = [
                model.label, Format.fixed(comparison.training[i].auc), Format.fixed(comparison.training[i].accuracy),
            ]
            if let test = comparison.test { row += [Format.fixed(test[i].auc), Format.fixed(test[i].accuracy)] }
            table.add(row)
        }
        lines += table.rendered()
        lines +=
            "\nlargest |encrypted − polynomial twin| weight difference: "
            + "\(Format.scientific(comparison.maxWeightDifference)) (scaled units)\n"
        lines += Reports.convergenceText(comparison.convergence)
        if let privacy = report.privacy { lines += privacy.summary + "\n" }
        lines += "timings: " + Reports.timingsText(report.timings) + "\n"
        lines += Reports.peakMemoryText(report.peakMemoryBytes)
        if let modelOut { lines += "model written to \(OutputPath.url(modelOut).path)\n" }
        if let path = self.report { lines += "report written to \(OutputPath.url(path).path)\n" }
        return lines
    }
}
