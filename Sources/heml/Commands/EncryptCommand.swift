import ArgumentParser
import Foundation
import HEML
import HEMLWorkflow

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

    @OptionGroup var keys: KeySetOptions

    @Option(help: ArgumentHelp("Write the encrypted dataset here.", valueName: "data.hemlenc"))
    var out: String

    @Option(
        name: .customLong("owner-state"),
        help: ArgumentHelp("Write the owner state here (default: <out>.owner.json).", valueName: "path"))
    var ownerState: String?

    @OptionGroup(title: "Data") var data: DataOptions
    @OptionGroup var security: SecurityOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let outURL = OutputPath.url(out), stateURL = OutputPath.url(ownerState ?? out + ".owner.json")
        let report = try DataOwner.encrypt(
            csv: OutputPath.url(csv), secretKey: keys.secretKeyURL, publicBundle: keys.publicBundleURL,
            out: outURL, ownerState: stateURL, read: data.readOptions, scaling: data.scalingMethod,
            preconditioned: data.precondition,
            allowInsecure: security.allowInsecure, observer: output.progress())
        let raw = report.data.raw
        output.emit(
            json: .object([
                ("command", "encrypt"),
                ("key_set", .string(report.keyID.description)),
                ("rows", .int(raw.rowCount)),
                ("features", .int(raw.featureCount)),
                ("ciphertexts", .int(report.layout.ciphertextCount)),
                ("scaling", .string(report.data.scaling.methodName)),
                ("imputed_cells", .int(raw.imputation?.total ?? 0)),
                ("timings", Reports.timings(report.timings)),
                ("peak_memory_bytes", Reports.peakMemory(report.peakMemoryBytes)),
                ("out", .string(outURL.path)),
                ("out_bytes", .int(report.outBytes)),
                ("owner_state", .string(stateURL.path)),
            ]),
            text: """
                encrypted \(raw.rowCount) rows × \(raw.featureCount) features into \(report.layout.ciphertextCount) ciphertext(s)
                encrypted dataset (for the server): \(outURL.path) (\(Format.bytes(report.outBytes)))
                owner state (keep it):              \(stateURL.path)
                \(Reports.peakMemoryText(report.peakMemoryBytes))
                """)
    }
}
