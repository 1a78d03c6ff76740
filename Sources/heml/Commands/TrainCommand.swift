import ArgumentParser
import Foundation
import HEML

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

          heml train --encrypted data.csv [--label COL] [--iterations 7]
                     [--degree 3] [--test test.csv] [--model-out model.json]

        Server (role-separated workflow): trains on an encrypted dataset with the public bundle's evaluation \
        keys and no secret key; the plan comes from the bundle, so plan options are refused.

          heml train --dataset data.hemlenc --public-bundle server.hemlpub
                     --out model.hemlenc
        """
    )

    @Option(name: .customLong("encrypted"), help: ArgumentHelp("All-in-one: the training CSV file.", valueName: "file.csv"))
    var csv: String?

    @Option(help: ArgumentHelp("All-in-one: a labelled CSV to evaluate on (scaled with the training scaling).",
                               valueName: "file.csv"))
    var test: String?

    @Option(name: .customLong("model-out"), help: ArgumentHelp("All-in-one: write the model (JSON) here.", valueName: "path"))
    var modelOut: String?

    @Option(help: ArgumentHelp("Server: the encrypted dataset from `heml encrypt`.", valueName: "file.hemlenc"))
    var dataset: String?

    @Option(name: .customLong("public-bundle"),
            help: ArgumentHelp("Server: the public bundle from `heml keygen`.", valueName: "file.hemlpub"))
    var publicBundle: String?

    @Option(help: ArgumentHelp("Server: write the encrypted model here.", valueName: "file.hemlenc"))
    var out: String?

    @OptionGroup(title: "Data (all-in-one)") var data: DataOptions
    @OptionGroup(title: "Plan (all-in-one)") var plan: PlanOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        switch (csv, dataset) {
        case (nil, nil):
            throw ValidationError("give --encrypted FILE.csv (all-in-one) or --dataset FILE --public-bundle FILE --out FILE (server)")
        case (.some, .some):
            throw ValidationError("--encrypted (all-in-one) and --dataset (server) cannot be combined")
        case (.some, nil):
            for (given, name) in [(publicBundle, "--public-bundle"), (out, "--out")] where given != nil {
                throw ValidationError("\(name) belongs to the server mode (--dataset); the all-in-one run writes --model-out")
            }
        case (nil, .some):
            guard publicBundle != nil else { throw ValidationError("the server mode needs --public-bundle") }
            guard out != nil else { throw ValidationError("the server mode needs --out for the encrypted model") }
            for (given, name) in [(test, "--test"), (modelOut, "--model-out"), (data.label, "--label")] where given != nil {
                throw ValidationError("\(name) belongs to the all-in-one run (--encrypted); the server holds no plaintext")
            }
            if let option = plan.givenOptions.first {
                throw ValidationError("\(option) cannot be set on the server: the plan comes from the public bundle")
            }
        }
    }

    func run() throws {
        if let csv {
            try AllInOneTraining(command: self, csv: OutputPath.url(csv)).run()
        } else if let dataset, let publicBundle, let out {
            try ServerTraining(dataset: OutputPath.url(dataset), bundle: OutputPath.url(publicBundle),
                               out: OutputPath.url(out), output: output).run()
        }
    }
}
