import CKKS
import Foundation
import HEML

/// The data owner's steps: key generation, encryption of the training data, decryption of the trained model.
/// The secret key stays in the owner's files; nothing the owner sends the server contains it.
public enum DataOwner {}

extension DataOwner {
    /// What ``keygen(csv:secretKey:publicBundle:overwriteSecretKey:read:plan:observer:)`` wrote.
    public struct KeygenReport: Sendable {
        /// The new key set's identifier, carried by every file of the key set.
        public let keyID: KeyID
        /// Rows and features of the CSV the plan was made for.
        public let rows: Int
        public let features: Int
        /// The plan stored in the public bundle.
        public let plan: TrainingPlan
        /// (phase, seconds): read, keygen (the evaluation keys streamed into the bundle), write (the secret key),
        /// total.
        public let timings: [(String, Double)]
        /// Peak resident memory of the process when the step ended, in bytes (nil where the system does not
        /// report it); see ``PeakMemory``.
        public let peakMemoryBytes: Int?
        /// Sizes of the two files written, in bytes.
        public let secretKeyBytes: Int
        public let publicBundleBytes: Int
    }

    /// Plans training from the data's shape and writes a key set: the secret key (kept, mode 0600) and the public
    /// bundle for the server (parameters, evaluation keys, plan; never the secret key). The CSV is read only for
    /// its shape and column names.
    ///
    /// - Parameters:
    ///   - csv: the training data (read for its shape and column names only).
    ///   - keyURL: where to write the secret key.
    ///   - bundleURL: where to write the public bundle.
    ///   - overwriteSecretKey: false refuses an existing secret-key file (losing it makes everything encrypted
    ///     under it unreadable).
    ///   - read: how the CSV is read (label column, imputation).
    ///   - request: the plan's options (iterations, sigmoid, ring).
    ///   - observer: receives the steps as they run.
    /// - Throws: ``WorkflowError`` for unusable paths; ``WorkflowError/heml(_:)`` for a malformed CSV or a plan
    ///   that does not fit. Nothing is left behind on failure.
    public static func keygen(
        csv: URL, secretKey keyURL: URL, publicBundle bundleURL: URL, overwriteSecretKey: Bool,
        read: CSVReadOptions, plan request: PlanRequest,
        observer: any WorkflowObserver = SilentObserver()
    ) throws(WorkflowError) -> KeygenReport {
        do {
            guard keyURL != bundleURL else {
                throw WorkflowError.unusablePath("the secret key and the public bundle must be different files")
            }
            try OutputPath.check(keyURL, option: "--secret-key", overwrite: overwriteSecretKey)
            try OutputPath.check(bundleURL, option: "--public-bundle")
            var phases = Phases(observer)
            let dataset = try phases.run(
                "read", "reading \(csv.lastPathComponent)",
                {
                    try CSVReader.read(csv, options: read)
                }, done: { "\($0.source ?? csv.lastPathComponent): \($0.rowCount) rows × \($0.featureCount) features" })
            let plan = try request.plan(rows: dataset.rowCount, features: dataset.featureCount, observer: observer)
            let context = try CKKSContext(parameters: plan.parameters)
            let generator = KeyGenerator(context: context)
            let keyID = KeyID.random()
            // The evaluation keys go to the bundle as they are generated: the set is never in memory whole.
            let secretKey = try phases.run(
                "keygen",
                "generating keys (relinearization + \(plan.rotationSteps.count) rotations) into \(bundleURL.lastPathComponent)",
                {
                    let secretKey = try generator.secretKey()
                    try PublicBundle.write(
                        to: bundleURL, keyID: keyID, plan: plan, generator: generator, secretKey: secretKey,
                        columnsDigest: ColumnsDigest.of(dataset))
                    return secretKey
                }, done: { _ in "keys generated" })
            try phases.run(
                "write", "writing \(keyURL.lastPathComponent)",
                {
                    do {
                        try SecretKeyFile.write(
                            to: keyURL, keyID: keyID, parameters: plan.parameters, secretKey: secretKey)
                    } catch {
                        OutputPath.remove([bundleURL])
                        throw error
                    }
                }, done: { "key set \(keyID.short) written" })
            return KeygenReport(
                keyID: keyID, rows: dataset.rowCount, features: dataset.featureCount, plan: plan,
                timings: phases.finishTotal(), peakMemoryBytes: PeakMemory.bytes(),
                secretKeyBytes: OutputPath.size(keyURL), publicBundleBytes: OutputPath.size(bundleURL))
        } catch {
            throw WorkflowError(error)
        }
    }
}
