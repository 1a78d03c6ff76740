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

    @Option(name: .customLong("secret-key"), help: ArgumentHelp("The secret key from keygen.", valueName: "owner.hemlsk"))
    var secretKey: String

    @Option(name: .customLong("public-bundle"), help: ArgumentHelp("The public bundle from keygen.", valueName: "server.hemlpub"))
    var publicBundle: String

    @Option(name: .customLong("owner-state"), help: ArgumentHelp("The owner state from encrypt.", valueName: "path"))
    var ownerState: String

    @Option(name: .customLong("model-out"), help: ArgumentHelp("Write the model (JSON) here.", valueName: "model.json"))
    var modelOut: String

    @OptionGroup var security: SecurityOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let outURL = OutputPath.url(modelOut)
        let report = try DataOwner.decrypt(
            model: OutputPath.url(model), secretKey: OutputPath.url(secretKey), publicBundle: OutputPath.url(publicBundle),
            ownerState: OutputPath.url(ownerState), modelOut: outURL, allowInsecure: security.allowInsecure,
            observer: output.progress())
        let file = report.model
        output.emit(json: .object([
            ("command", "decrypt"),
            ("key_set", .string(report.keyID.description)),
            ("features", .int(file.features.count)),
            ("intercept", .double(file.intercept)),
            ("largest_weight", .double(file.weights.map(abs).max())),
            ("timings", Reports.timings(report.timings)),
            ("model_out", .string(outURL.path)),
        ]), text: """
        decrypted a model of \(file.features.count) features (label \(file.label)) trained on ciphertexts
        model: \(outURL.path)

        """)
    }
}
