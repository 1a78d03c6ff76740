import CKKS
import Foundation
import HEML

/// The all-in-one run: owner, server and owner again in one process, then the comparison with the twins.
/// The trainer is built from the evaluation keys alone; the secret key only encrypts and decrypts.
struct AllInOneTraining {
    let command: TrainCommand
    let csv: URL

    func run() throws {
        let output = command.output
        let progress = output.progress()
        var clock = Stopwatch()
        var timings: [(String, Double)] = []
        let modelOut = command.modelOut.map(OutputPath.url)
        if let modelOut { try OutputPath.check(modelOut, option: "--model-out") }
        let testURL = command.test.map(OutputPath.url)
        if let testURL { try OutputPath.requireInput(testURL) }
        let request = try PlanRequest(command.plan)

        progress.begin("reading \(csv.lastPathComponent)")
        let owner = try OwnerData(reading: csv, options: command.data)
        let test = try testURL.map { try readEvaluationData($0, like: owner.raw, scaling: owner.scaling, options: command.data) }
        timings.append(("read", clock.lap()))
        progress.finish(owner.summary + (test.map { "; test \($0.rowCount) rows" } ?? ""), seconds: timings.last!.1)

        let plan = try request.plan(rows: owner.raw.rowCount, features: owner.raw.featureCount, progress: progress)
        _ = clock.lap()

        let keys = try KeySet(for: plan, progress: progress)
        let context = keys.context, secretKey = keys.secretKey
        timings.append(("keygen", clock.lap()))
        progress.finish("keys generated", seconds: timings.last!.1)

        progress.begin("encrypting \(plan.layout.ciphertextCount) ciphertext(s)")
        let encoder = CKKSEncoder(context: context)
        let encrypted = try EncryptedDataset.encrypt(owner.scaled, layout: plan.layout, encoder: encoder,
                                                     encryptor: Encryptor(context: context, secretKey: secretKey))
        timings.append(("encrypt", clock.lap()))
        progress.finish("encrypted \(plan.layout.ciphertextCount) ciphertext(s)", seconds: timings.last!.1)

        progress.begin("training on ciphertexts")
        let trainer = try EncryptedLogisticRegression(plan: plan, context: context, evaluationKeys: keys.evaluationKeys)
        let model = try trainer.train(encrypted) { progress.iteration($0) }
        timings.append(("train", clock.lap()))
        progress.finish("trained \(plan.iterations) iterations on ciphertexts", seconds: timings.last!.1)

        progress.begin("decrypting the weights")
        let coefficients = try model.decrypt(decryptor: Decryptor(context: context, secretKey: secretKey), encoder: encoder)
        timings.append(("decrypt", clock.lap()))
        progress.finish("decrypted \(coefficients.count) weights", seconds: timings.last!.1)

        progress.begin("training the plaintext twins")
        let comparison = try Comparison(encrypted: coefficients, plan: plan, scaled: owner.scaled, test: test)
        timings.append(("twins", clock.lap()))
        progress.finish("plaintext twins trained and all models scored", seconds: timings.last!.1)

        let modelFile = try ModelAssembly.model(
            coefficients: coefficients, plan: plan, features: owner.raw.featureNames, label: owner.raw.labelName,
            labelMapping: owner.raw.labelMapping, scaling: owner.scaling, rows: owner.raw.rowCount, source: owner.raw.source)
        if let modelOut {
            try modelFile.write(to: modelOut)
            progress.finish("model written to \(modelOut.path)")
        }
        timings.append(("total", clock.total))

        var metrics = Comparison.json(comparison.training)
        if let scores = comparison.test, case .object(var members) = metrics {
            members.append(("test", Comparison.json(scores)))
            metrics = .object(members)
        }
        output.emit(json: .object([
            ("command", "train"),
            ("mode", "all-in-one"),
            ("source", .optional(owner.raw.source)),
            ("rows", .int(owner.raw.rowCount)),
            ("features", .int(owner.raw.featureCount)),
            ("test_rows", test.map { .int($0.rowCount) } ?? .null),
            ("parameters", Reports.parameters(plan.parameters)),
            ("plan", Reports.plan(plan)),
            ("timings", Reports.timings(timings)),
            ("metrics", metrics),
            ("max_weight_difference", .double(comparison.maxWeightDifference)),
            ("model_out", .optional(modelOut?.path)),
        ]), text: text(comparison, owner: owner, plan: plan, timings: timings, modelOut: modelOut))
    }

    private func text(_ comparison: Comparison, owner: OwnerData, plan: TrainingPlan, timings: [(String, Double)],
                      modelOut: URL?) -> String {
        var lines = """
        Encrypted logistic regression on \(owner.raw.source ?? "the data"): \(owner.raw.rowCount) rows × \
        \(owner.raw.featureCount) features, \(plan.iterations) iterations, \(plan.sigmoid.name) sigmoid, \
        N = 2^\(plan.parameters.logDegree)\(plan.parameters.securityBits >= 128 ? " (128-bit secure)" : " (INSECURE test ring)")

        """
        lines += comparison.table
        lines += "\nlargest |encrypted − polynomial twin| weight difference: " +
            "\(Format.scientific(comparison.maxWeightDifference)) (scaled units)\n"
        lines += "timings: " + timings.map { "\($0.0) \(Format.duration($0.1))" }.joined(separator: ", ") + "\n"
        if let modelOut { lines += "model written to \(modelOut.path)\n" }
        return lines
    }
}
