import ArgumentParser
import Foundation
import HEML
import HEMLWorkflow

/// `heml decrypt`: the data owner decrypts the server's encrypted model and writes the JSON model file (with the
/// scaling from the owner state, so it scores raw data).
struct DecryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decrypt",
        abstract: "Data owner: decrypt the encrypted model into a JSON model file.",
        discussion: "All four inputs must come from the same keygen run; every file is checked before decryption."
    )

    @Argument(help: ArgumentHelp("The encrypted model from `heml train --dataset`.", valueName: "model.hemlenc"))
    var model: String

    @OptionGroup var keys: KeySetOptions

    @Option(name: .customLong("owner-state"), help: ArgumentHelp("The owner state from encrypt.", valueName: "path"))
    var ownerState: String

    @Option(name: .customLong("model-out"), help: ArgumentHelp("Write the model (JSON) here.", valueName: "model.json"))
    var modelOut: String

    @Flag(
        help: ArgumentHelp(
            "Flood the decryption with calibrated Gaussian noise before the model leaves you "
                + "(IND-CPA-D: Li–Micciancio); the weights are rounded to the precision it leaves."))
    var flood = false

    @Option(
        name: .customLong("flood-security"),
        help: ArgumentHelp("With --flood: bits of statistical security (1 … 100).", valueName: "s"))
    var floodSecurity = 30

    @Option(
        name: .customLong("flood-publications"),
        help: ArgumentHelp("With --flood: how many times models of this key set will be published.", valueName: "n"))
    var floodPublications = 1

    @Option(
        help: ArgumentHelp(
            "Write an HTML report (plan, ROC and training curves, weights, timings) here; needs --data.",
            valueName: "report.html"))
    var report: String?

    @Option(
        help: ArgumentHelp(
            "With --report: the training CSV you encrypted (the model is compared with its plaintext twins on it).",
            valueName: "file.csv"))
    var data: String?

    @OptionGroup var security: SecurityOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...100).contains(floodSecurity) else { throw ValidationError("--flood-security must be 1 … 100") }
        guard floodPublications >= 1 else { throw ValidationError("--flood-publications must be at least 1") }
        guard (report == nil) == (data == nil) else {
            throw ValidationError("--report and --data go together (the report compares the model on the training CSV)")
        }
    }

    func run() throws {
        let outURL = OutputPath.url(modelOut)
        let report = try DataOwner.decrypt(
            model: OutputPath.url(model), secretKey: keys.secretKeyURL, publicBundle: keys.publicBundleURL,
            ownerState: OutputPath.url(ownerState), modelOut: outURL,
            flooding: flood ? .init(statisticalSecurity: floodSecurity, publications: floodPublications) : nil,
            report: self.report.flatMap { url in
                data.map { .init(url: OutputPath.url(url), trainingCSV: OutputPath.url($0)) }
            },
            allowInsecure: security.allowInsecure,
            observer: output.progress())
        let file = report.model
        output.emit(
            json: .object([
                ("command", "decrypt"),
                ("key_set", .string(report.keyID.description)),
                ("features", .int(file.features.count)),
                ("intercept", .double(file.intercept)),
                ("largest_weight", .double(file.weights.map(abs).max())),
                (
                    "flooding",
                    report.flooding.map { flooding in
                        .object([
                            ("statistical_security", .int(floodSecurity)),
                            ("publications", .int(floodPublications)),
                            ("log2_standard_deviation", .double(flooding.log2StandardDeviation)),
                            ("precision_bits_before", .double(flooding.unfloodedBits)),
                            ("precision_bits", .double(flooding.precisionBits)),
                            ("rounded_fractional_bits", .int(flooding.roundedFractionalBits)),
                        ])
                    } ?? .null
                ),
                ("timings", Reports.timings(report.timings)),
                ("peak_memory_bytes", Reports.peakMemory(report.peakMemoryBytes)),
                ("model_out", .string(outURL.path)),
                ("report", .optional(self.report.map { OutputPath.url($0).path })),
            ]),
            text: """
                decrypted a model of \(file.features.count) features (label \(file.label)) trained on ciphertexts
                \(report.flooding.map { floodingText($0) } ?? "")model: \(outURL.path)
                \(Reports.peakMemoryText(report.peakMemoryBytes))
                """)
    }

    private func floodingText(_ flooding: DataOwner.FloodingReport) -> String {
        "flooded for \(floodSecurity) bits of statistical security over \(floodPublications) publication(s): "
            + "σ = 2^\(Format.fixed(flooding.log2StandardDeviation, 1)); precision \(Format.fixed(flooding.unfloodedBits, 1)) → "
            + "\(Format.fixed(flooding.precisionBits, 1)) bits; weights rounded to \(flooding.roundedFractionalBits) fractional bits\n"
    }
}
