import CKKS
import Foundation
import HEML

/// The server's step: public bundle and encrypted dataset in, encrypted model out. No secret key is read or held.
public enum Server {
    /// What ``train(dataset:publicBundle:out:allowInsecure:observer:)`` did.
    public struct TrainingReport: Sendable {
        /// The plan read from the public bundle.
        public let plan: TrainingPlan
        /// Ciphertexts of encrypted data trained on (by every process of the run together).
        public let ciphertexts: Int
        /// (phase, seconds): read, train, write, total.
        public let timings: [(String, Double)]
        /// Peak resident memory of the process when the step ended, in bytes (nil where the system does not
        /// report it); see ``PeakMemory``.
        public let peakMemoryBytes: Int?
        /// Size of the encrypted model written, in bytes (0 on ranks other than 0 and when stopped early).
        public let outBytes: Int
        /// Processes, row blocks, checkpoint resumed, iterations done, per-process timings.
        public let run: TrainingRunReport
    }

    /// Trains on the encrypted dataset with the bundle's evaluation keys and plan, and writes the encrypted model.
    /// When the dataset carries encrypted gradient noise (a differentially private multiparty session's), it is
    /// added to every iteration's weights.
    /// Under `run` (see ``TrainingRun``) each process reads and trains on its share of the row blocks, rank 0 writes
    /// checkpoints and the model (the single-process model's bytes, whatever the split), and a run may resume.
    ///
    /// - Throws: ``WorkflowError`` for malformed files, files of different key sets or an unusable path;
    ///   ``WorkflowError/heml(_:)`` when the bundle lacks a rotation key the plan needs.
    public static func train(
        dataset: URL, publicBundle bundleURL: URL, out: URL, allowInsecure: Bool = false,
        run: TrainingRun = TrainingRun(), observer: any WorkflowObserver = SilentObserver()
    ) throws(WorkflowError) -> TrainingReport {
        do {
            try OutputPath.check(out, option: "--out")
            var phases = Phases(observer)
            let (bundle, readKeys, data, noise, digest) = try phases.run(
                "read", "reading \(bundleURL.lastPathComponent) and \(dataset.lastPathComponent)",
                {
                    try readShard(dataset, publicBundle: bundleURL, allowInsecure: allowInsecure, run: run)
                },
                done: {
                    "read the public bundle and \($0.2.blocks.count) ciphertext(s)"
                        + ($0.3 == nil ? "" : " with encrypted gradient noise (differential privacy)")
                })
            let plan = bundle.plan
            if !plan.parameterSummary.isSecure {
                observer.warn("the public bundle uses an insecure test ring: NOT SECURE, tests only")
            }
            observer.note(plan.summary)
            // The trainer gets the keys' only copy: it releases their levels as training descends.
            var keys = Optional(consume readKeys)
            let (state, trainer, runReport) = try phases.run(
                "train", "training on ciphertexts",
                {
                    try train(
                        data, keys: keys.take()!, noise: noise, datasetDigest: digest, bundle: bundle,
                        bundleName: bundleURL.lastPathComponent, run: run,
                        observer: observer)
                }, done: { "trained up to iteration \($0.0.iteration) of \(plan.iterations) on ciphertexts" })
            if run.workers.rank == 0, state.iteration == plan.iterations {
                let model = try trainer.model(state)
                try phases.run(
                    "write", "writing \(out.lastPathComponent)",
                    {
                        try EncryptedModelFile.write(
                            model, to: out, keyID: bundle.keyID, fingerprint: plan.parameters.fingerprint)
                    }, done: { "encrypted model written to \(out.path)" })
            }
            return TrainingReport(
                plan: plan, ciphertexts: plan.layout.ciphertextCount, timings: phases.finishTotal(),
                peakMemoryBytes: PeakMemory.bytes(), outBytes: OutputPath.size(out), run: runReport)
        } catch {
            throw WorkflowError(error)
        }
    }
}
