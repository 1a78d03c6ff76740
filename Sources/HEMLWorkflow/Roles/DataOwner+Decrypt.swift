import CKKS
import Foundation
import HEML

extension DataOwner {
    /// What ``DataOwner/decrypt(model:secretKey:publicBundle:ownerState:modelOut:flooding:report:allowInsecure:observer:)``
    /// wrote.
    public struct DecryptReport: Sendable {
        /// The key set of the inputs.
        public let keyID: KeyID
        /// The model file written (JSON: features, scaling, weights, training metadata).
        public let model: ModelFile
        /// The flooding applied, when asked for.
        public let flooding: FloodingReport?
        /// (phase, seconds): read, decrypt, write, total.
        public let timings: [(String, Double)]
        /// Peak resident memory of the process when the step ended, in bytes (nil where the system does not
        /// report it); see ``PeakMemory``.
        public let peakMemoryBytes: Int?
    }

    /// Noise flooding for decrypted weights that leave the owner (IND-CPA-D; see `EncryptedModel.flooding(context:statisticalSecurity:publications:)`).
    public struct FloodingRequest: Sendable {
        /// s, bits of statistical security against a recipient who holds ciphertexts of this key set (1…100).
        public let statisticalSecurity: Int
        /// How many times the model (or models of this key set) will be published (≥ 1).
        public let publications: Int

        public init(statisticalSecurity: Int = 30, publications: Int = 1) {
            self.statisticalSecurity = statisticalSecurity
            self.publications = publications
        }
    }

    /// An HTML report of the decrypted model (as `heml train --report` writes): where to write it, and the training
    /// CSV (the one encrypted) to compare the model with its plaintext twins on.
    public struct ReportRequest: Sendable {
        public let url: URL
        public let trainingCSV: URL
        /// How to read the CSV (the label column comes from the owner state).
        public let read: CSVReadOptions

        public init(url: URL, trainingCSV: URL, read: CSVReadOptions = CSVReadOptions()) {
            self.url = url
            self.trainingCSV = trainingCSV
            self.read = read
        }
    }

    /// What flooding did to the published weights.
    public struct FloodingReport: Sendable {
        /// log2 of the flooding's standard deviation, in coefficient units.
        public let log2StandardDeviation: Double
        /// −log2 of the error standard deviation of the published weight with the largest preconditioner multiplier
        /// (unfolding multiplies each weight and its error by its m_k), before and after flooding.
        public let unfloodedBits: Double
        public let precisionBits: Double
        /// The weights were rounded to this many fractional bits (no digit beyond the precision left).
        public let roundedFractionalBits: Int
    }

    /// Decrypts the server's encrypted model and writes the JSON model file, with the scaling from the owner
    /// state so it scores raw data. All four inputs must come from one keygen run; each is checked before
    /// anything is decrypted.
    ///
    /// - Parameters:
    ///   - modelURL: the server's encrypted model.
    ///   - keyURL: the owner's secret key.
    ///   - bundleURL: the public bundle of the same key set.
    ///   - stateURL: the owner state `heml encrypt` wrote (the scaling).
    ///   - outURL: where to write the model (JSON).
    ///   - request: when the model leaves the owner for anyone who holds ciphertexts of this key set, Gaussian
    ///     noise calibrated to it; the weights are then rounded to the precision it leaves, and a run that would
    ///     leave less than one bit is refused
    ///     (``WorkflowError/floodingLeavesNoPrecision(statisticalSecurity:precisionBits:unfloodedBits:)``).
    ///   - reportRequest: an HTML report to write after the model (the twins are trained on the CSV it names).
    ///   - allowInsecure: accept files on test rings below 128-bit security.
    ///   - observer: receives the steps as they run.
    /// - Throws: ``WorkflowError`` for files that do not belong together, malformed files or an unusable path;
    ///   ``WorkflowError/heml(_:)`` wrapping `HEMLError.numericalFailure(_:)` when the decrypted weights are not
    ///   finite.
    public static func decrypt(
        model modelURL: URL, secretKey keyURL: URL, publicBundle bundleURL: URL,
        ownerState stateURL: URL, modelOut outURL: URL, flooding request: FloodingRequest? = nil,
        report reportRequest: ReportRequest? = nil, allowInsecure: Bool = false,
        observer: any WorkflowObserver = SilentObserver()
    ) throws(WorkflowError) -> DecryptReport {
        do {
            try OutputPath.check(outURL, option: "--model-out")
            if let reportRequest {
                try OutputPath.check(reportRequest.url, option: "--report")
                try OutputPath.requireInput(reportRequest.trainingCSV)
            }
            let bundleName = bundleURL.lastPathComponent
            var phases = Phases(observer)
            let (bundle, key, encrypted, state) = try phases.run(
                "read", "reading and checking the inputs",
                {
                    let bundle = try PublicBundle(
                        reading: bundleURL, evaluationKeys: false, allowInsecure: allowInsecure)
                    let key = try SecretKeyFile(reading: keyURL, context: bundle.context, allowInsecure: allowInsecure)
                    try requireSameKeySet(key.container, keyURL.lastPathComponent, bundle.container, bundleName)
                    let encrypted = try EncryptedModelFile.read(modelURL, for: bundle, bundleName: bundleName)
                    let state = try OwnerState.read(stateURL)
                    guard state.keySet == bundle.keyID.description else {
                        throw WorkflowError.mismatchedFiles(
                            "\(stateURL.lastPathComponent) and \(bundleName) come from different "
                                + "keygen runs; they do not belong together")
                    }
                    guard state.rows == bundle.plan.layout.rowCount,
                        state.features.count == bundle.plan.layout.width - 1
                    else {
                        throw WorkflowError.mismatchedFiles(
                            "\(stateURL.lastPathComponent) describes other data than \(bundleName) plans for")
                    }
                    return (bundle, key, encrypted, state)
                }, done: { "inputs belong to key set \($0.0.keyID.short)" })
            let flooding = try request.map { request throws -> (NoiseFlooding, FloodingReport) in
                let flooding = try encrypted.flooding(
                    context: bundle.context, statisticalSecurity: request.statisticalSecurity,
                    publications: request.publications)
                // Unfolding multiplies weight k by the preconditioner's m_k, and its error with it.
                let largestMultiplier = state.scaling.multipliers?.max() ?? 1
                let unflooded = -log2(EncryptedModel.weightErrorBound * largestMultiplier)
                let precision = encrypted.precisionBits(after: flooding) - log2(largestMultiplier)
                guard precision >= 1 else {
                    throw WorkflowError.floodingLeavesNoPrecision(
                        statisticalSecurity: request.statisticalSecurity,
                        precisionBits: precision, unfloodedBits: unflooded)
                }
                return (
                    flooding,
                    FloodingReport(
                        log2StandardDeviation: log2(flooding.standardDeviation), unfloodedBits: unflooded,
                        precisionBits: precision, roundedFractionalBits: Int(precision.rounded(.down)))
                )
            }
            let folded = try phases.run(
                "decrypt", "decrypting the weights" + (flooding == nil ? "" : " with flooding"),
                {
                    try encrypted.decrypt(
                        decryptor: Decryptor(context: bundle.context, secretKey: key.secretKey),
                        encoder: CKKSEncoder(context: bundle.context), flooding: flooding?.0)
                }, done: { "decrypted \($0.count) weights" })
            let unfolded = try state.scaling.unfolding(folded)
            let coefficients =
                try flooding.map { try WeightRounding($0.1.roundedFractionalBits, .fractionalBits).rounded(unfolded) }
                ?? unfolded
            let model = try phases.run(
                "write", "writing \(outURL.lastPathComponent)",
                {
                    let model = try ModelAssembly.model(
                        unfoldedCoefficients: coefficients, plan: bundle.plan, features: state.features,
                        label: state.label,
                        labelMapping: state.labelMapping, scaling: state.scaling, rows: state.rows, source: state.source
                    )
                    try model.write(to: outURL)
                    return model
                }, done: { _ in "model written to \(outURL.path)" })
            let timings = phases.finishTotal()
            if let reportRequest {
                try TrainingReport.decrypted(
                    coefficients: folded, plan: bundle.plan, state: state, csv: reportRequest.trainingCSV,
                    read: reportRequest.read, timings: timings
                ).write(to: reportRequest.url)
                observer.finish("report written to \(reportRequest.url.path)", seconds: nil)
            }
            return DecryptReport(
                keyID: bundle.keyID, model: model, flooding: flooding?.1, timings: timings,
                peakMemoryBytes: PeakMemory.bytes())
        } catch {
            throw WorkflowError(error)
        }
    }
}
