import ArgumentParser
import Foundation
import HEML
import HEMLWorkflow

/// `heml keygen`: the data owner plans training from the data's shape and makes a key set: the secret key (kept)
/// and the public bundle (sent to the server: parameters, evaluation keys, plan; never the secret key).
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Data owner: plan from the data's shape, write the secret key and the server's public bundle.",
        discussion: """
            Reads FILE.csv only for its shape (rows, features) and plans with the same options as the all-in-one \
            run. The secret key file is created with mode 0600 and is never overwritten unless --force is given: \
            losing it makes everything encrypted under it unreadable. The public bundle holds the CKKS parameters, \
            the evaluation keys and the plan, never the secret key.
            """
    )

    @Argument(help: ArgumentHelp("The training data (CSV with a header row).", valueName: "file.csv"))
    var csv: String

    @Option(
        name: .customLong("secret-key"),
        help: ArgumentHelp("Write the secret key here (keep it).", valueName: "owner.hemlsk"))
    var secretKey: String

    @Option(
        name: .customLong("public-bundle"),
        help: ArgumentHelp("Write the public bundle for the server here.", valueName: "server.hemlpub"))
    var publicBundle: String

    @Flag(help: "Overwrite an existing secret key file.")
    var force = false

    @OptionGroup(title: "Data") var data: DataOptions
    @OptionGroup(title: "Plan") var plan: PlanOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard OutputPath.url(secretKey) != OutputPath.url(publicBundle) else {
            throw ValidationError("--secret-key and --public-bundle must be different files")
        }
    }

    func run() throws {
        let keyURL = OutputPath.url(secretKey), bundleURL = OutputPath.url(publicBundle)
        let report = try DataOwner.keygen(
            csv: OutputPath.url(csv), secretKey: keyURL, publicBundle: bundleURL,
            overwriteSecretKey: force, read: data.readOptions, plan: plan.request(),
            observer: output.progress())
        let plan = report.plan
        output.emit(
            json: .object([
                ("command", "keygen"),
                ("key_set", .string(report.keyID.description)),
                ("rows", .int(report.rows)),
                ("features", .int(report.features)),
                ("parameters", Reports.parameters(plan.parameterSummary)),
                ("plan", Reports.plan(plan)),
                ("timings", Reports.timings(report.timings)),
                ("peak_memory_bytes", Reports.peakMemory(report.peakMemoryBytes)),
                ("secret_key", .string(keyURL.path)),
                ("secret_key_bytes", .int(report.secretKeyBytes)),
                ("public_bundle", .string(bundleURL.path)),
                ("public_bundle_bytes", .int(report.publicBundleBytes)),
            ]),
            text: """
                key set \(report.keyID.short) for \(report.rows) rows × \(report.features) features, \
                \(plan.iterations) iterations, \(plan.sigmoid.name) sigmoid
                secret key (keep it, mode 0600): \(keyURL.path) (\(Format.bytes(report.secretKeyBytes)))
                public bundle (for the server):   \(bundleURL.path) (\(Format.bytes(report.publicBundleBytes)))
                \(Reports.peakMemoryText(report.peakMemoryBytes))
                """)
    }
}
