import ArgumentParser
import CKKS
import Foundation
import HEML

/// `heml encrypt`: the data owner scales the data and encrypts Z = y·(1, x) in the bundle's layout; the scaling
/// and column names stay in the owner-state file, which the server never sees.
struct EncryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypt",
        abstract: "Data owner: scale and encrypt the training data for the server.",
        discussion: """
        Fits the feature scaling on FILE.csv, encrypts the scaled data with the secret key in the layout the \
        public bundle plans for (rows and features must match the file keygen read), and writes the encrypted \
        dataset (for the server) and the owner state (kept by the owner; `heml decrypt` needs it).
        """
    )

    @Argument(help: ArgumentHelp("The training data (the file keygen read).", valueName: "file.csv"))
    var csv: String

    @Option(name: .customLong("secret-key"), help: ArgumentHelp("The secret key from keygen.", valueName: "owner.hemlsk"))
    var secretKey: String

    @Option(name: .customLong("public-bundle"), help: ArgumentHelp("The public bundle from keygen.", valueName: "server.hemlpub"))
    var publicBundle: String

    @Option(help: ArgumentHelp("Write the encrypted dataset here.", valueName: "data.hemlenc"))
    var out: String

    @Option(name: .customLong("owner-state"),
            help: ArgumentHelp("Write the owner state here (default: <out>.owner.json).", valueName: "path"))
    var ownerState: String?

    @OptionGroup(title: "Data") var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let progress = output.progress()
        var clock = Stopwatch()
        var timings: [(String, Double)] = []
        let outURL = OutputPath.url(out)
        let stateURL = OutputPath.url(ownerState ?? out + ".owner.json")
        guard outURL != stateURL else { throw ValidationError("--out and --owner-state must be different files") }
        try OutputPath.check(outURL, option: "--out")
        try OutputPath.check(stateURL, option: "--owner-state")
        let bundleName = OutputPath.url(publicBundle).lastPathComponent

        progress.begin("reading the keys and \(OutputPath.url(csv).lastPathComponent)")
        let bundle = try PublicBundle(reading: OutputPath.url(publicBundle), evaluationKeys: false)
        let key = try SecretKeyFile(reading: OutputPath.url(secretKey), context: bundle.context)
        try requireSameKeySet(key.container, OutputPath.url(secretKey).lastPathComponent, bundle.container, bundleName)
        let owner = try OwnerData(reading: OutputPath.url(csv), options: data)
        let layout = bundle.plan.layout
        guard owner.raw.rowCount == layout.rowCount, owner.raw.featureCount == layout.width - 1 else {
            throw CLIError("\(owner.raw.source ?? csv) has \(owner.raw.rowCount) rows × \(owner.raw.featureCount) features, " +
                           "but \(bundleName) was planned for \(layout.rowCount) rows × \(layout.width - 1) features; " +
                           "run keygen on this file")
        }
        if let digest = bundle.columnsDigest, digest != ColumnsDigest.of(owner.raw) {
            throw CLIError("the columns of \(owner.raw.source ?? csv) (or the --label choice) differ from those of the file " +
                           "keygen read for \(bundleName); encrypt the same file with the same --label")
        }
        timings.append(("read", clock.lap()))
        progress.finish(owner.summary, seconds: timings.last!.1)

        progress.begin("encrypting \(layout.ciphertextCount) ciphertext(s)")
        let encrypted = try EncryptedDataset.encrypt(owner.scaled, layout: layout, encoder: CKKSEncoder(context: bundle.context),
                                                     encryptor: Encryptor(context: bundle.context, secretKey: key.secretKey))
        timings.append(("encrypt", clock.lap()))
        progress.finish("encrypted \(layout.ciphertextCount) ciphertext(s)", seconds: timings.last!.1)

        let fingerprint = bundle.plan.parameters.fingerprint
        try EncryptedDatasetFile.write(encrypted, to: outURL, keyID: bundle.keyID, fingerprint: fingerprint)
        do {
            try OwnerState(data: owner.raw, scaling: owner.scaling, keyID: bundle.keyID, fingerprint: fingerprint).write(to: stateURL)
        } catch {
            OutputPath.remove([outURL])
            throw error
        }
        timings.append(("write", clock.lap()))
        timings.append(("total", clock.total))

        output.emit(json: .object([
            ("command", "encrypt"),
            ("key_set", .string(bundle.keyID.description)),
            ("rows", .int(owner.raw.rowCount)),
            ("features", .int(owner.raw.featureCount)),
            ("ciphertexts", .int(layout.ciphertextCount)),
            ("scaling", .string(owner.scaling.methodName)),
            ("imputed_cells", .int(owner.raw.imputation?.total ?? 0)),
            ("timings", Reports.timings(timings)),
            ("out", .string(outURL.path)),
            ("out_bytes", .int(OutputPath.size(outURL))),
            ("owner_state", .string(stateURL.path)),
        ]), text: """
        encrypted \(owner.raw.rowCount) rows × \(owner.raw.featureCount) features into \(layout.ciphertextCount) ciphertext(s)
        encrypted dataset (for the server): \(outURL.path) (\(Format.bytes(OutputPath.size(outURL))))
        owner state (keep it):              \(stateURL.path)

        """)
    }
}
