import ArgumentParser
import Foundation
import HEML
import HEMLWorkflow

/// `heml score-client`: the client's steps of encrypted scoring on files, for use with `heml serve` and curl.
struct ScoreClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score-client",
        abstract: "Client of encrypted scoring, step by step on files (keys, encrypt rows, decrypt scores).",
        discussion: """
            With a server started by heml serve --model model.json:

              heml score-client keys --model model.json --keys client.hemlscore --secret-key client.hemlsk
              curl -s --data-binary @client.hemlscore http://127.0.0.1:8080/v1/sessions
                  → {"expires_after_seconds":900,"session":"ID"}
              heml score-client encrypt rows.csv --model model.json --keys client.hemlscore \\
                  --secret-key client.hemlsk --out rows.hemlrows
              curl -s --fail-with-body --data-binary @rows.hemlrows \\
                  http://127.0.0.1:8080/v1/sessions/ID/scores -o scores.hemlscores
              heml score-client decrypt scores.hemlscores --model model.json --keys client.hemlscore \\
                  --secret-key client.hemlsk --request rows.hemlrows --out scores.csv

            heml score rows.csv --model model.json --model-server URL does all of this in one run.
            """,
        subcommands: [Keys.self, Encrypt.self, Decrypt.self]
    )

    /// The files every step names: the model, the scoring keys and the secret key.
    struct ClientFiles: ParsableArguments {
        @Option(help: ArgumentHelp("The model file (JSON): features, order and scaling.", valueName: "model.json"))
        var model: String

        @Option(help: ArgumentHelp("The scoring keys (sent to the server; no secret).", valueName: "client.hemlscore"))
        var keys: String

        @Option(
            name: .customLong("secret-key"),
            help: ArgumentHelp("The client's secret key (keep it).", valueName: "client.hemlsk"))
        var secretKey: String

        @OptionGroup var security: SecurityOptions

        /// The client restored from its files.
        func client() throws -> ScoringClient {
            try ScoringClient(
                model: ModelFile.read(from: OutputPath.url(model)),
                keys: ScoringKeys(reading: OutputPath.url(keys), allowInsecure: security.allowInsecure),
                secretKey: OutputPath.url(secretKey), allowInsecure: security.allowInsecure)
        }
    }

    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw a scoring key set: the scoring keys for the server and the secret key (mode 0600).")

        @OptionGroup var files: ClientFiles

        @Option(
            name: .customLong("insecure-test-ring"),
            help: ArgumentHelp("TEST ONLY: N = 2^logN without the security check.", visibility: .hidden))
        var insecureTestRing: Int?

        func validate() throws {
            if let ring = insecureTestRing {
                guard files.security.allowInsecure else {
                    throw ValidationError("--insecure-test-ring gives NO security; add --allow-insecure")
                }
                guard (12...17).contains(ring) else { throw ValidationError("--insecure-test-ring must be 12 … 17") }
            }
        }

        func run() throws {
            let keysURL = OutputPath.url(files.keys), secretURL = OutputPath.url(files.secretKey)
            try OutputPath.check(keysURL, option: "--keys")
            try OutputPath.check(secretURL, option: "--secret-key", overwrite: false)
            let client = try ScoringClient(
                model: ModelFile.read(from: OutputPath.url(files.model)),
                parameters: insecureTestRing.map { logN throws(WorkflowError) in
                    try ScoringClient.insecureTestParameters(logDegree: logN)
                })
            try client.writeSecretKey(to: secretURL)
            try client.keys.write(to: keysURL)
            Terminal.standardOutput.write(
                "scoring keys \(client.keys.keyID) written to \(keysURL.lastPathComponent) (for the server), "
                    + "secret key to \(secretURL.lastPathComponent) (keep it)\n")
        }
    }

    struct Encrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Encrypt the rows of a CSV file (matched to the model by name, checked and scaled).")

        @Argument(help: ArgumentHelp("Rows to score (CSV with a header row).", valueName: "file.csv"))
        var csv: String

        @OptionGroup var files: ClientFiles

        @Option(help: ArgumentHelp("Write the encrypted rows here.", valueName: "rows.hemlrows"))
        var out: String

        @Option(
            help: ArgumentHelp(
                "Missing feature cells: 'none' refuses them, 'mean' fills them with the column mean.",
                valueName: "none|mean"))
        var impute: ImputationChoice = .none

        func run() throws {
            let outURL = OutputPath.url(out)
            try OutputPath.check(outURL, option: "--out")
            let request = try files.client().encrypt(csv: OutputPath.url(csv), imputation: impute.imputation)
            try request.write(to: outURL)
            Terminal.standardOutput.write(
                "\(request.rows.layout.rowCount) rows encrypted into \(request.rows.layout.ciphertextCount) "
                    + "ciphertext(s): \(outURL.lastPathComponent)\n")
        }
    }

    struct Decrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decrypt the server's encrypted scores into a scores CSV (row,logit,probability,predicted).")

        @Argument(help: ArgumentHelp("The server's answer.", valueName: "scores.hemlscores"))
        var scores: String

        @OptionGroup var files: ClientFiles

        @Option(help: ArgumentHelp("The encrypted rows the scores answer.", valueName: "rows.hemlrows"))
        var request: String

        @Option(help: ArgumentHelp("Write the scores CSV here ('-': stdout).", valueName: "scores.csv"))
        var out = "-"

        @Option(help: ArgumentHelp("Probability threshold for the predicted class.", valueName: "p"))
        var threshold: Double = 0.5

        func validate() throws {
            guard threshold.isFinite, threshold > 0, threshold < 1 else {
                throw ValidationError("--threshold must lie in (0, 1)")
            }
        }

        func run() throws {
            let outURL = out == "-" ? nil : OutputPath.url(out)
            if let outURL { try OutputPath.check(outURL, option: "--out") }
            let client = try files.client()
            let requestURL = OutputPath.url(request), scoresURL = OutputPath.url(scores)
            let sent = try ScoringRequest(reading: requestURL, keys: client.keys)
            let response = try ScoringResponse(reading: scoresURL, keys: client.keys, answering: sent)
            let text = ModelScoring.csvText(
                logits: try client.logits(response), model: client.model, threshold: threshold)
            if let outURL {
                try AtomicFile.write(Data(text.utf8), to: outURL)
            } else {
                Terminal.standardOutput.write(text)
            }
        }
    }
}
