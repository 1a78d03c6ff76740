import ArgumentParser
import CKKS
import Foundation
import HEML

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

    @OptionGroup var output: OutputOptions

    func run() throws {
        let progress = output.progress()
        var clock = Stopwatch()
        var timings: [(String, Double)] = []
        let outURL = OutputPath.url(modelOut)
        try OutputPath.check(outURL, option: "--model-out")
        let bundleURL = OutputPath.url(publicBundle), keyURL = OutputPath.url(secretKey), stateURL = OutputPath.url(ownerState)

        progress.begin("reading and checking the inputs")
        let bundle = try PublicBundle(reading: bundleURL, evaluationKeys: false)
        let key = try SecretKeyFile(reading: keyURL, context: bundle.context)
        try requireSameKeySet(key.container, keyURL.lastPathComponent, bundle.container, bundleURL.lastPathComponent)
        let encrypted = try EncryptedModelFile.read(OutputPath.url(model), for: bundle, bundleName: bundleURL.lastPathComponent)
        let state = try OwnerState.read(stateURL)
        guard state.keySet == bundle.keyID.description else {
            throw CLIError("\(stateURL.lastPathComponent) and \(bundleURL.lastPathComponent) come from different keygen runs; " +
                           "they do not belong together")
        }
        guard state.rows == bundle.plan.layout.rowCount, state.features.count == bundle.plan.layout.width - 1 else {
            throw CLIError("\(stateURL.lastPathComponent) describes other data than \(bundleURL.lastPathComponent) plans for")
        }
        timings.append(("read", clock.lap()))
        progress.finish("inputs belong to key set \(bundle.keyID.short)", seconds: timings.last!.1)

        progress.begin("decrypting the weights")
        let coefficients = try encrypted.decrypt(decryptor: Decryptor(context: bundle.context, secretKey: key.secretKey),
                                                 encoder: CKKSEncoder(context: bundle.context))
        timings.append(("decrypt", clock.lap()))
        progress.finish("decrypted \(coefficients.count) weights", seconds: timings.last!.1)

        let modelFile = try ModelAssembly.model(
            coefficients: coefficients, plan: bundle.plan, features: state.features, label: state.label,
            labelMapping: state.labelMapping, scaling: state.featureScaling, rows: state.rows, source: state.source)
        try modelFile.write(to: outURL)
        timings.append(("write", clock.lap()))
        timings.append(("total", clock.total))

        output.emit(json: .object([
            ("command", "decrypt"),
            ("key_set", .string(bundle.keyID.description)),
            ("features", .int(state.features.count)),
            ("intercept", .double(modelFile.intercept)),
            ("largest_weight", .double(modelFile.weights.map(abs).max())),
            ("timings", Reports.timings(timings)),
            ("model_out", .string(outURL.path)),
        ]), text: """
        decrypted a model of \(state.features.count) features (label \(state.label)) trained on ciphertexts
        model: \(outURL.path)

        """)
    }
}
