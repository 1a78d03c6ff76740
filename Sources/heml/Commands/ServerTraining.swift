import CKKS
import Foundation
import HEML

/// The server's step: public bundle + encrypted dataset in, encrypted model out. No secret key is read or held.
struct ServerTraining {
    let dataset: URL
    let bundle: URL
    let out: URL
    let output: OutputOptions

    func run() throws {
        let progress = output.progress()
        var clock = Stopwatch()
        var timings: [(String, Double)] = []
        try OutputPath.check(out, option: "--out")

        progress.begin("reading \(bundle.lastPathComponent) and \(dataset.lastPathComponent)")
        let publicBundle = try PublicBundle(reading: bundle)
        let data = try EncryptedDatasetFile.read(dataset, for: publicBundle, bundleName: bundle.lastPathComponent)
        let plan = publicBundle.plan
        timings.append(("read", clock.lap()))
        progress.finish("read the public bundle and \(data.blocks.count) ciphertext(s)", seconds: timings.last!.1)
        if plan.parameters.securityBits < 128 { warn("the public bundle uses an insecure test ring: NOT SECURE, tests only") }
        progress.note(plan.summary)

        progress.begin("training on ciphertexts")
        let trainer = try EncryptedLogisticRegression(plan: plan, context: publicBundle.context,
                                                      evaluationKeys: publicBundle.evaluationKeys!)
        let model = try trainer.train(data) { progress.iteration($0) }
        timings.append(("train", clock.lap()))
        progress.finish("trained \(plan.iterations) iterations on ciphertexts", seconds: timings.last!.1)

        try EncryptedModelFile.write(model, to: out, keyID: publicBundle.keyID, fingerprint: plan.parameters.fingerprint)
        timings.append(("write", clock.lap()))
        progress.finish("encrypted model written to \(out.path)", seconds: timings.last!.1)
        timings.append(("total", clock.total))

        output.emit(json: .object([
            ("command", "train"),
            ("mode", "server"),
            ("rows", .int(plan.layout.rowCount)),
            ("features", .int(plan.layout.width - 1)),
            ("parameters", Reports.parameters(plan.parameters)),
            ("plan", Reports.plan(plan)),
            ("timings", Reports.timings(timings)),
            ("out", .string(out.path)),
            ("out_bytes", .int(OutputPath.size(out))),
        ]), text: """
        Trained \(plan.iterations) iterations on \(data.blocks.count) ciphertext(s) \
        (\(plan.layout.rowCount) rows × \(plan.layout.width - 1) features) without any secret key.
        encrypted model: \(out.path) (\(Format.bytes(OutputPath.size(out))))
        timings: \(timings.map { "\($0.0) \(Format.duration($0.1))" }.joined(separator: ", "))

        """)
    }
}
