import CKKS
import Foundation
import HEML

/// The all-in-one run for a first look: owner, server and owner again in one process, then the comparison with
/// the plaintext twins. The trainer is built from the evaluation keys alone; the secret key only encrypts and
/// decrypts.
public enum AllInOne {
    /// What ``train(csv:test:modelOut:report:read:scaling:preconditioned:plan:privacy:observer:)`` did.
    public struct Report: Sendable {
        /// The training rows as read, and their scaling.
        public let data: OwnerData
        /// The labelled test rows, scaled with the training scaling, when given.
        public let test: Dataset?
        /// The plan the run followed.
        public let plan: TrainingPlan
        /// The encrypted model against its twins, on the training rows and the test rows.
        public let comparison: ModelComparison
        /// The model file (written to `modelOut` when given).
        public let model: ModelFile
        /// (phase, seconds): read, keygen, encrypt, train, decrypt, twins, total.
        public let timings: [(String, Double)]
        /// Peak resident memory of the process when the step ended, in bytes (nil where the system does not
        /// report it); see ``PeakMemory``.
        public let peakMemoryBytes: Int?
        /// The differential-privacy calibration the run's noise was drawn with, nil without `privacy`.
        public let privacy: DPCalibration?
    }

    /// Reads the CSV, plans, generates keys, encrypts, trains on ciphertexts only, decrypts, and compares the
    /// encrypted model with two plaintext twins (same polynomial sigmoid; exact sigmoid) on AUC and accuracy.
    ///
    /// - Parameters:
    ///   - csv: the training data.
    ///   - testURL: a labelled CSV with the training columns, scored with the training scaling, or nil.
    ///   - modelOut: where to write the model (JSON), or nil.
    ///   - reportURL: where to write the HTML training report (plan, ROC and training curves, weights, timings), or nil.
    ///   - read: how the CSV files are read (label column, imputation).
    ///   - scaling: the feature scaling fitted on the training data.
    ///   - preconditioned: multiply the scaled features by the diagonal preconditioner (the default; the model
    ///     file maps the weights back to the plain scaling).
    ///   - request: the plan's options (iterations, sigmoid, ring).
    ///   - privacy: train with DP-GD under this budget (``DPRelease``): the owner draws the noise from the system
    ///     CSPRNG and encrypts it, the server adds it to every iteration, and both twins get the same noise.
    ///   - observer: receives the steps as they run.
    /// - Throws: ``WorkflowError/heml(_:)`` for malformed data or a plan that does not fit; ``WorkflowError`` for
    ///   unusable paths or a test file with other columns.
    public static func train(
        csv: URL, test testURL: URL?, modelOut: URL?, report reportURL: URL? = nil, read: CSVReadOptions,
        scaling: FeatureScaling.Method, preconditioned: Bool = true, plan request: PlanRequest,
        privacy: DPRelease? = nil, observer: any WorkflowObserver = SilentObserver()
    ) throws(WorkflowError) -> Report {
        do {
            if let modelOut { try OutputPath.check(modelOut, option: "--model-out") }
            if let reportURL { try OutputPath.check(reportURL, option: "--report") }
            if let testURL { try OutputPath.requireInput(testURL) }
            var phases = Phases(observer)
            let (owner, test) = try phases.run(
                "read", "reading \(csv.lastPathComponent)",
                {
                    let owner = try OwnerData(
                        reading: csv, options: read, scaling: scaling, preconditioned: preconditioned)
                    return (owner, try testURL.map { try owner.evaluationData($0, options: read) })
                }, done: { $0.0.summary + ($0.1.map { "; test \($0.rowCount) rows" } ?? "") })
            let plan = try request.plan(rows: owner.raw.rowCount, features: owner.raw.featureCount, observer: observer)
            let calibration = try privacy?.calibrate(GradientSensitivity(plan: plan, scaling: owner.scaling))
            if let calibration { observer.finish(calibration.summary, seconds: nil) }
            var system = SystemRandomNumberGenerator()
            let noise = try calibration?.noise(width: plan.layout.width, using: &system)
            var keys = try KeySet(for: plan, phases: &phases)
            let encoder = CKKSEncoder(context: keys.context)
            let (encrypted, encryptedNoise) = try phases.run(
                "encrypt", "encrypting \(plan.layout.ciphertextCount) ciphertext(s)",
                {
                    let encryptor = try Encryptor(context: keys.context, secretKey: keys.secretKey)
                    return (
                        try EncryptedDataset.encrypt(
                            owner.scaled, layout: plan.layout, encoder: encoder, encryptor: encryptor,
                            level: plan.dataLevel),
                        try noise.map {
                            try EncryptedGradientNoise.encrypt($0, plan: plan, encoder: encoder, encryptor: encryptor)
                        }
                    )
                }, done: { _ in "encrypted \(plan.layout.ciphertextCount) ciphertext(s)" })
            // Held as the server holds them, the a_j as seeds; the trainer gets the keys' only copy.
            var evaluationKeys = keys.takeEvaluationKeys()
            evaluationKeys.holdUniformHalves(.seeded)
            let model = try phases.train(
                encrypted, plan: plan, context: keys.context, evaluationKeys: consume evaluationKeys,
                releasingKeys: true, noise: encryptedNoise)
            let coefficients = try phases.run(
                "decrypt", "decrypting the weights",
                {
                    try model.decrypt(
                        decryptor: Decryptor(context: keys.context, secretKey: keys.secretKey), encoder: encoder)
                }, done: { "decrypted \($0.count) weights" })
            let comparison = try phases.run(
                "twins", "training the plaintext twins",
                {
                    try ModelComparison(
                        encrypted: coefficients, plan: plan, scaled: owner.scaled, test: test, gradientNoise: noise)
                }, done: { _ in "plaintext twins trained and all models scored" })
            let file = try ModelAssembly.model(
                unfoldedCoefficients: owner.scaling.unfolding(coefficients), plan: plan,
                features: owner.raw.featureNames, label: owner.raw.labelName,
                labelMapping: owner.raw.labelMapping, scaling: owner.scaling, rows: owner.raw.rowCount,
                source: owner.raw.source)
            if let modelOut {
                try file.write(to: modelOut)
                observer.finish("model written to \(modelOut.path)", seconds: nil)
            }
            let timings = phases.finishTotal()
            if let reportURL {
                try TrainingReport(
                    comparison: comparison, plan: plan, raw: owner.raw, scaled: owner.scaled, test: test,
                    timings: timings
                ).write(to: reportURL)
                observer.finish("report written to \(reportURL.path)", seconds: nil)
            }
            return Report(
                data: owner, test: test, plan: plan, comparison: comparison, model: file, timings: timings,
                peakMemoryBytes: PeakMemory.bytes(), privacy: calibration)
        } catch {
            throw WorkflowError(error)
        }
    }
}
