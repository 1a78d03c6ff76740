import ArgumentParser
import Foundation
import HEML
import HEMLWorkflow

/// `heml aggregate STEP`: the aggregator's step of a multiparty session (no secret; anyone may run it).
struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Several banks: combine the parties' files (keys, bundle, dataset, model).",
        discussion: """
            keys sums the parties' key shares (after every party's keys step); bundle writes the server's public \
            bundle from the collective keys (after round2); dataset merges the parties' encrypted rows into the \
            dataset the server trains on (after encrypt); model combines the parties' decryption shares of the \
            server's encrypted model into the model file (after release). Holds no secret.
            """
    )

    @Argument(help: ArgumentHelp("The step.", valueName: "step"))
    var step: SessionAggregator.Step

    @Option(help: ArgumentHelp("The session file.", valueName: "session.hemlsession"))
    var session: String

    @Option(help: ArgumentHelp("bundle, dataset, model: the file to write.", valueName: "path"))
    var out: String?

    @Option(help: ArgumentHelp("model: the server's encrypted model.", valueName: "model.hemlenc"))
    var model: String?

    @OptionGroup var security: SecurityOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if step == .keys, out != nil {
            throw ValidationError("the keys step writes to the exchange directory; no --out")
        }
        if step != .keys, out == nil { throw ValidationError("the \(step.rawValue) step needs --out") }
        if (step == .model) != (model != nil) {
            throw ValidationError(
                step == .model
                    ? "the model step needs --model (the server's encrypted model)"
                    : "only the model step takes --model")
        }
    }

    func run() throws {
        let report = try SessionAggregator.run(
            step, session: OutputPath.url(session), out: out.map(OutputPath.url), model: model.map(OutputPath.url),
            allowInsecure: security.allowInsecure, observer: output.progress())
        let next = SessionNext.afterAggregate(step, parties: report.session.parties, session: session)
        let accounting =
            report.privacy.map { $0.calibration.summary + "\n" + $0.sharing.summary($0.calibration.budget) + "\n" }
            ?? ""
        output.emit(
            json: .object([
                ("command", "aggregate"),
                ("step", .string(step.rawValue)),
                ("session", .string(report.session.id.description)),
                ("written", .array(report.written.map { .string($0.path) })),
                ("timings", Reports.timings(report.timings)),
                (
                    "differential_privacy",
                    PrivacyOptions.json(report.privacy?.calibration, sharing: report.privacy?.sharing)
                ),
                ("next", .array(next.map(JSONValue.string))),
            ]),
            text: """
                aggregator: \(step.rawValue) done (\(Reports.timingsText(report.timings)))
                \(report.written.map { "wrote \($0.path) (\(Format.bytes(OutputPath.size($0))))" }.joined(separator: "\n"))
                \(accounting)\
                next:
                \(next.map { "  " + $0 }.joined(separator: "\n"))

                """)
    }
}

extension SessionAggregator.Step: ExpressibleByArgument {}
