import CKKS
import Foundation
import HEML

/// The server's step: public bundle and encrypted dataset in, encrypted model out. No secret key is read or held.
public enum Server {
    /// What ``train(dataset:publicBundle:out:allowInsecure:observer:)`` did.
    public struct TrainingReport: Sendable {
        /// The plan read from the public bundle.
        public let plan: TrainingPlan
        /// Ciphertexts of encrypted data trained on.
        public let ciphertexts: Int
        /// (phase, seconds): read, train, write, total.
        public let timings: [(String, Double)]
        /// Peak resident memory of the process when the step ended, in bytes (nil where the system does not
        /// report it); see ``PeakMemory``.
        public let peakMemoryBytes: Int?
        /// Size of the encrypted model written, in bytes.
        public let outBytes: Int
    }

    /// Trains on the encrypted dataset with the bundle's evaluation keys and plan, and writes the encrypted model.
    ///
    /// - Throws: ``WorkflowError`` for malformed files, files of different key sets or an unusable path;
    ///   ``WorkflowError/heml(_:)`` when the bundle lacks a rotation key the plan needs.
    public static func train(
        dataset: URL, publicBundle bundleURL: URL, out: URL, allowInsecure: Bool = false,
        observer: any WorkflowObserver = SilentObserver()
    ) throws(WorkflowError) -> TrainingReport {
        do {
            try OutputPath.check(out, option: "--out")
            var phases = Phases(observer)
            let (bundle, data) = try phases.run(
                "read", "reading \(bundleURL.lastPathComponent) and \(dataset.lastPathComponent)",
                {
                    let bundle = try PublicBundle(reading: bundleURL, allowInsecure: allowInsecure)
                    return (
                        bundle,
                        try EncryptedDatasetFile.read(dataset, for: bundle, bundleName: bundleURL.lastPathComponent)
                    )
                }, done: { "read the public bundle and \($0.1.blocks.count) ciphertext(s)" })
            let plan = bundle.plan
            if !plan.parameterSummary.isSecure {
                observer.warn("the public bundle uses an insecure test ring: NOT SECURE, tests only")
            }
            observer.note(plan.summary)
            let model = try phases.run(
                "train", "training on ciphertexts",
                {
                    guard let keys = bundle.evaluationKeys else {
                        preconditionFailure("the bundle was read with its keys")
                    }
                    let trainer = try EncryptedLogisticRegression(
                        plan: plan, context: bundle.context, evaluationKeys: keys)
                    return try trainer.train(data) { observer.iteration($0) }
                }, done: { _ in "trained \(plan.iterations) iterations on ciphertexts" })
            try phases.run(
                "write", "writing \(out.lastPathComponent)",
                {
                    try EncryptedModelFile.write(
                        model, to: out, keyID: bundle.keyID, fingerprint: plan.parameters.fingerprint)
                }, done: { "encrypted model written to \(out.path)" })
            return TrainingReport(
                plan: plan, ciphertexts: data.blocks.count, timings: phases.finishTotal(),
                peakMemoryBytes: PeakMemory.bytes(), outBytes: OutputPath.size(out))
        } catch {
            throw WorkflowError(error)
        }
    }
}
