import ArgumentParser
import Foundation
import HEML
import HEMLWorkflow
import HugePageRestart

/// `heml`: logistic regression on encrypted tabular data, from the command line.
///
/// The tool parses arguments, calls the workflow library and prints what it reports; every file format and every
/// cryptographic step lives in the libraries.
@main
struct Heml: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heml",
        abstract: "Logistic regression on encrypted data (CKKS homomorphic encryption).",
        discussion: """
            Start with the all-in-one run, which plays every role on one machine and compares the encrypted model \
            with its plaintext twins:

              heml train --encrypted datasets/german_credit_onehot.csv --label bad_credit

            Role-separated workflow (data owner / server), exchanging checked files:

              owner:  heml keygen data.csv --secret-key owner.hemlsk
                        --public-bundle server.hemlpub
              owner:  heml encrypt data.csv --secret-key owner.hemlsk
                        --public-bundle server.hemlpub --out data.hemlenc
              server: heml train --dataset data.hemlenc
                        --public-bundle server.hemlpub --out model.hemlenc
              owner:  heml decrypt model.hemlenc --secret-key owner.hemlsk
                        --public-bundle server.hemlpub
                        --owner-state data.hemlenc.owner.json --model-out model.json
              anyone: heml score new.csv --model model.json --out scores.csv

            Several banks train one model (no party can decrypt alone; `heml party --help`):

              heml session bank-a.csv --parties bank-a,bank-b --rows 500,500
                --out exchange/session.hemlsession
              then each party and the aggregator run their steps; each prints the next

            Encrypted scoring as a service (the server never holds a secret key):

              server: heml serve --model model.json --port 8080
              client: heml score new.csv --model model.json
                        --model-server http://127.0.0.1:8080 --out scores.csv

            The server never sees the secret key, the feature scaling or the data in the clear. Errors go to \
            stderr as "heml: error: …" with exit status 1 (usage errors: 64).
            """,
        version: HEMLVersion.string,
        subcommands: [
            TrainCommand.self, KeygenCommand.self, EncryptCommand.self, DecryptCommand.self, ScoreCommand.self,
            ServeCommand.self, ScoreClientCommand.self, SessionCommand.self, PartyCommand.self,
            AggregateCommand.self,
        ]
    )

    /// Restarts once with huge-page-backed malloc where the kernel offers it (`HEML_HUGE_PAGES=0` opts out; see
    /// `HugePageRestart`), then keeps freed large blocks for reuse.
    static func main() {
        HugePageRestart.restartIfAvailable()
        HEMLRuntime.prepare()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as HEMLError {
            fail(error.description, hint: hint(for: error))
        } catch let error as WorkflowError {
            switch error {
            case .heml(let underlying): fail(underlying.description, hint: hint(for: underlying))
            case .floodingLeavesNoPrecision:
                fail(
                    error.description,
                    hint: "flooding costs about s/2 + ½·log2(N) bits at heml's 2^40 scale; share "
                        + "unflooded weights only with parties that hold no ciphertexts of this key set, or accept a lower "
                        + "--flood-security knowingly")
            default: fail(error.description)
            }
        } catch let error as any LocalizedError where error.errorDescription != nil {
            fail(error.errorDescription ?? "")
        } catch {
            exit(withError: error)
        }
    }

    /// Prints `heml: error: …` (and a hint) on stderr and exits with status 1.
    static func fail(_ message: String, hint: String? = nil) -> Never {
        // A live progress line may be open on a terminal: clear it first.
        if Terminal.standardError.isTerminal { Terminal.standardError.write("\r\u{1B}[K") }
        Terminal.standardError.write("heml: error: \(message)\n")
        if let hint { Terminal.standardError.write("heml: hint: \(hint)\n") }
        Foundation.exit(1)
    }

    static func hint(for error: HEMLError) -> String? {
        switch error {
        case .planDoesNotFit(_, let maxIterations) where maxIterations > 0:
            "run with --iterations \(maxIterations) (or fewer), or a lower --degree"
        case .malformedCSV(_, _, _, .missingValue):
            "--impute mean fills missing feature cells with the column mean"
        default: nil
        }
    }
}
