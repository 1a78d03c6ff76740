import ArgumentParser
import Foundation
import HEML
import HEMLWorkflow

/// `heml session`: fixes a multiparty session once (parties, rows, plan, CRS) for every role to read.
struct SessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "Several banks: make the session file every party and the aggregator read.",
        discussion: """
            Reads FILE.csv (any party's data) for its columns and label classes, plans training for the union of \
            the parties' rows with the same options as keygen, draws the common reference string and writes the \
            session file. Its directory is the exchange directory: every role puts the files it sends there (or \
            copies them there). The session holds no rows and no key.

            With --dp-epsilon the parties train with differentially private noisy gradient steps: the joint \
            scaling skips the preconditioner (no gram and gram-share steps), every party's encrypt step also \
            encrypts its share of the gradient noise, the aggregator's dataset step adds the shares into the \
            dataset, and the server adds their sum to every iteration (see docs/differential-privacy.md).
            """
    )

    @Argument(help: ArgumentHelp("Any party's training data (for its columns).", valueName: "file.csv"))
    var csv: String

    @Option(help: ArgumentHelp("The parties' names, in the order of their rows.", valueName: "bank-a,bank-b,…"))
    var parties: String

    @Option(help: ArgumentHelp("Each party's row count, in the same order.", valueName: "n1,n2,…"))
    var rows: String

    @Option(
        help: ArgumentHelp(
            "Write the session here (its directory is the exchange directory).", valueName: "session.hemlsession"))
    var out: String

    @Option(help: ArgumentHelp("Label column name (default: the last column).", valueName: "column"))
    var label: String?

    @Option(help: ArgumentHelp("Clip the joint z-scores to ±c (default 4).", valueName: "c"))
    var clip: Double = 4

    @Flag(
        name: .customLong("flood-release"),
        help: "Parties flood their decryption shares of the model (no party sees the weights' exact decryption).")
    var floodRelease = false

    @Option(
        name: .customLong("flood-security"),
        help: ArgumentHelp("Bits of statistical security of the flooded shares (1 … 100).", valueName: "s"))
    var floodSecurity = 30

    @Flag(help: "Overwrite an existing session file (files of the old session are then refused).")
    var force = false

    @OptionGroup(title: "Differential privacy") var privacy: PrivacyOptions
    @OptionGroup(title: "Plan") var plan: PlanOptions
    @OptionGroup var output: OutputOptions

    var partyNames: [String] { parties.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }

    func validate() throws {
        guard (2...64).contains(partyNames.count) else { throw ValidationError("--parties names 2 … 64 parties") }
        let counts = rows.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        guard counts.count == partyNames.count, counts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--rows gives one positive row count per party (\(partyNames.count))")
        }
        guard clip.isFinite, clip > 0 else { throw ValidationError("--clip must be a positive number") }
        guard (1...100).contains(floodSecurity) else { throw ValidationError("--flood-security must be 1 … 100") }
        _ = try privacy.release(preconditioned: false)
        try privacy.validateColluders(parties: partyNames.count)
    }

    func run() throws {
        let url = OutputPath.url(out)
        let session = try MultipartySession.create(
            csv: OutputPath.url(csv), out: url, parties: partyNames,
            rows: rows.split(separator: ",").compactMap { Int($0) }, label: label, clip: clip,
            plan: plan.request(), statisticalSecurity: floodSecurity, floodRelease: floodRelease,
            privacy: privacy.release(preconditioned: false), colluders: privacy.colluders, overwrite: force,
            allowInsecure: plan.security.allowInsecure, observer: output.progress())
        let dp = session.privacy
        let privacyLine =
            dp.map { "differential privacy (δ = \($0.budget.delta)): " + $0.sharing.summary($0.budget) + "\n" } ?? ""
        let next = session.parties.map { SessionNext.party(.keys, party: $0, session: out) }
        output.emit(
            json: .object([
                ("command", "session"),
                ("session", .string(url.path)),
                ("id", .string(session.id.description)),
                ("parties", .array(session.parties.map(JSONValue.string))),
                ("rows", .array(session.rows.map(JSONValue.int))),
                ("parameters", Reports.parameters(session.plan.parameterSummary)),
                ("plan", Reports.plan(session.plan)),
                (
                    "differential_privacy",
                    dp.map {
                        JSONValue.object([
                            ("epsilon", .double($0.budget.epsilon)), ("delta", .double($0.budget.delta)),
                            ("colluders", .int($0.sharing.colluders)),
                        ])
                    } ?? .null
                ),
                ("next", .array(next.map(JSONValue.string))),
            ]),
            text: """
                session \(session.id.short): \(session.parties.count) parties, \
                \(session.rows.map(String.init).joined(separator: " + ")) rows, \(session.plan.iterations) \
                iterations, \(Reports.ring(session.plan.parameterSummary))
                \(privacyLine)\
                session file (give it to every party and the aggregator): \(url.path)
                exchange directory: \(session.directory.path)
                next, every party:
                \(next.map { "  " + $0 }.joined(separator: "\n"))

                """)
    }
}
