import ArgumentParser
import CKKS
import Foundation
import HEML

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

    @Option(name: .customLong("secret-key"), help: ArgumentHelp("Write the secret key here (keep it).", valueName: "owner.hemlsk"))
    var secretKey: String

    @Option(name: .customLong("public-bundle"),
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
        let progress = output.progress()
        var clock = Stopwatch()
        var timings: [(String, Double)] = []
        let keyURL = OutputPath.url(secretKey), bundleURL = OutputPath.url(publicBundle)
        try OutputPath.check(keyURL, option: "--secret-key", overwrite: force)
        try OutputPath.check(bundleURL, option: "--public-bundle")
        let request = try PlanRequest(plan)

        progress.begin("reading \(URL(fileURLWithPath: csv).lastPathComponent)")
        let dataset = try CSVReader.read(OutputPath.url(csv), options: data.readOptions)
        timings.append(("read", clock.lap()))
        progress.finish("\(dataset.source ?? csv): \(dataset.rowCount) rows × \(dataset.featureCount) features",
                        seconds: timings.last!.1)
        let trainingPlan = try request.plan(rows: dataset.rowCount, features: dataset.featureCount, progress: progress)
        _ = clock.lap()

        let keys = try KeySet(for: trainingPlan, progress: progress)
        timings.append(("keygen", clock.lap()))
        progress.finish("keys generated", seconds: timings.last!.1)

        progress.begin("writing \(keyURL.lastPathComponent) and \(bundleURL.lastPathComponent)")
        let keyID = KeyID.random()
        try SecretKeyFile.write(to: keyURL, keyID: keyID, parameters: trainingPlan.parameters, secretKey: keys.secretKey)
        do {
            try PublicBundle.write(to: bundleURL, keyID: keyID, plan: trainingPlan, evaluationKeys: keys.evaluationKeys,
                                   columnsDigest: ColumnsDigest.of(dataset))
        } catch {
            OutputPath.remove([keyURL])
            throw error
        }
        timings.append(("write", clock.lap()))
        progress.finish("key set \(keyID.short) written", seconds: timings.last!.1)
        timings.append(("total", clock.total))

        let keyBytes = OutputPath.size(keyURL), bundleBytes = OutputPath.size(bundleURL)
        output.emit(json: .object([
            ("command", "keygen"),
            ("key_set", .string(keyID.description)),
            ("rows", .int(dataset.rowCount)),
            ("features", .int(dataset.featureCount)),
            ("parameters", Reports.parameters(trainingPlan.parameters)),
            ("plan", Reports.plan(trainingPlan)),
            ("timings", Reports.timings(timings)),
            ("secret_key", .string(keyURL.path)),
            ("secret_key_bytes", .int(keyBytes)),
            ("public_bundle", .string(bundleURL.path)),
            ("public_bundle_bytes", .int(bundleBytes)),
        ]), text: """
        key set \(keyID.short) for \(dataset.rowCount) rows × \(dataset.featureCount) features, \
        \(trainingPlan.iterations) iterations, \(trainingPlan.sigmoid.name) sigmoid
        secret key (keep it, mode 0600): \(keyURL.path) (\(Format.bytes(keyBytes)))
        public bundle (for the server):   \(bundleURL.path) (\(Format.bytes(bundleBytes)))

        """)
    }
}
