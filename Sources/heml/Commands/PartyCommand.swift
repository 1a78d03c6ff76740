import ArgumentParser
import Foundation
import HEML
import HEMLWorkflow

/// `heml party STEP`: one bank's step of a multiparty session.
struct PartyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "party",
        abstract:
            "Several banks: one party's step (keys, round2, statistics-share, gram, gram-share, encrypt, release).",
        discussion: """
            Each step reads the session, this party's secret share and what the other roles put in the exchange \
            directory (the session file's), and writes this party's file there as <party>.<step>.hemlmp. The keys \
            step draws the secret share (mode 0600, never overwritten without --force); it never leaves the party. \
            Each step prints what to run next. In a differentially private session (heml session --dp-epsilon) \
            there are no gram and gram-share steps, and encrypt also encrypts this party's share of the gradient \
            noise (system CSPRNG) into its rows file.
            """
    )

    @Argument(help: ArgumentHelp("The step.", valueName: "step"))
    var step: SessionParty.Step

    @Option(help: ArgumentHelp("The session file.", valueName: "session.hemlsession"))
    var session: String

    @Option(help: ArgumentHelp("This party's name in the session.", valueName: "name"))
    var party: String

    @Option(
        name: .customLong("secret-share"),
        help: ArgumentHelp("This party's secret share (written by the keys step; keep it).", valueName: "path"))
    var secretShare: String

    @Option(help: ArgumentHelp("This party's CSV (round2, gram, encrypt).", valueName: "file.csv"))
    var data: String?

    @Option(help: ArgumentHelp("The server's encrypted model (release).", valueName: "model.hemlenc"))
    var model: String?

    @Flag(help: "keys: overwrite an existing secret share.")
    var force = false

    @OptionGroup var security: SecurityOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if step.readsData, data == nil {
            throw ValidationError("the \(step.rawValue) step needs --data (this party's CSV)")
        }
        if !step.readsData, data != nil { throw ValidationError("the \(step.rawValue) step reads no --data") }
        if (step == .release) != (model != nil) {
            throw ValidationError(
                step == .release
                    ? "the release step needs --model (the server's encrypted model)"
                    : "only the release step takes --model")
        }
        if force, step != .keys { throw ValidationError("--force belongs to the keys step") }
    }

    func run() throws {
        let report = try SessionParty.run(
            step, session: OutputPath.url(session), party: party, secretShare: OutputPath.url(secretShare),
            data: data.map(OutputPath.url), model: model.map(OutputPath.url), overwriteSecretShare: force,
            allowInsecure: security.allowInsecure, observer: output.progress())
        let next = SessionNext.afterParty(
            step, party: party, session: session, withPrivacy: report.session.privacy != nil)
        output.emit(
            json: .object([
                ("command", "party"),
                ("step", .string(step.rawValue)),
                ("party", .string(party)),
                ("session", .string(report.session.id.description)),
                ("written", .array(report.written.map { .string($0.path) })),
                ("timings", Reports.timings(report.timings)),
                ("next", .array(next.map(JSONValue.string))),
            ]),
            text: """
                party \(party): \(step.rawValue) done (\(Reports.timingsText(report.timings)))
                \(report.written.map { "wrote \($0.path)" }.joined(separator: "\n"))
                next, once every party has run \(step.rawValue):
                \(next.map { "  " + $0 }.joined(separator: "\n"))

                """)
    }
}

extension SessionParty.Step: ExpressibleByArgument {}
