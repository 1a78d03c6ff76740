import CKKS
import Foundation
import HEML

extension DataOwner {
    /// What ``encrypt(csv:secretKey:publicBundle:out:ownerState:read:scaling:preconditioned:allowInsecure:observer:)`` wrote.
    public struct EncryptReport: Sendable {
        /// The key set the data was encrypted under.
        public let keyID: KeyID
        /// The training rows as read, and the scaling fitted on them.
        public let data: OwnerData
        /// How the rows were packed into ciphertexts.
        public let layout: SlotLayout
        /// (phase, seconds): read, encrypt, write, total.
        public let timings: [(String, Double)]
        /// Peak resident memory of the process when the step ended, in bytes (nil where the system does not
        /// report it); see ``PeakMemory``.
        public let peakMemoryBytes: Int?
        /// Size of the encrypted dataset written, in bytes.
        public let outBytes: Int
    }

    /// Fits the feature scaling (and, when `preconditioned`, the diagonal preconditioner) on the CSV, encrypts the scaled data with the secret key in the layout the public
    /// bundle plans for (rows, features and column names must be those keygen read), and writes the encrypted
    /// dataset (for the server) and the owner state (kept by the owner; decryption needs it).
    ///
    /// - Throws: ``WorkflowError`` for files that do not belong together or unusable paths;
    ///   ``WorkflowError/heml(_:)`` for a malformed CSV. Nothing is left behind on failure.
    public static func encrypt(
        csv: URL, secretKey keyURL: URL, publicBundle bundleURL: URL, out outURL: URL,
        ownerState stateURL: URL, read: CSVReadOptions, scaling: FeatureScaling.Method, preconditioned: Bool = true,
        allowInsecure: Bool = false,
        observer: any WorkflowObserver = SilentObserver()
    ) throws(WorkflowError) -> EncryptReport {
        do {
            guard outURL != stateURL else {
                throw WorkflowError.unusablePath("--out and --owner-state must be different files")
            }
            try OutputPath.check(outURL, option: "--out")
            try OutputPath.check(stateURL, option: "--owner-state")
            let bundleName = bundleURL.lastPathComponent
            var phases = Phases(observer)
            let (bundle, key, owner) = try phases.run(
                "read", "reading the keys and \(csv.lastPathComponent)",
                {
                    let bundle = try PublicBundle(
                        reading: bundleURL, evaluationKeys: false, allowInsecure: allowInsecure)
                    let key = try SecretKeyFile(reading: keyURL, context: bundle.context, allowInsecure: allowInsecure)
                    try requireSameKeySet(key.container, keyURL.lastPathComponent, bundle.container, bundleName)
                    let owner = try OwnerData(
                        reading: csv, options: read, scaling: scaling, preconditioned: preconditioned)
                    let layout = bundle.plan.layout, source = owner.raw.source ?? csv.lastPathComponent
                    guard owner.raw.rowCount == layout.rowCount, owner.raw.featureCount == layout.width - 1 else {
                        throw WorkflowError.mismatchedFiles(
                            "\(source) has \(owner.raw.rowCount) rows × \(owner.raw.featureCount) features, but \(bundleName) "
                                + "was planned for \(layout.rowCount) rows × \(layout.width - 1) features; run keygen on this file"
                        )
                    }
                    guard bundle.columnsDigest == ColumnsDigest.of(owner.raw) else {
                        throw WorkflowError.mismatchedFiles(
                            "the columns of \(source) (or the --label choice) differ from those of the file keygen read for "
                                + "\(bundleName); encrypt the same file with the same --label")
                    }
                    return (bundle, key, owner)
                }, done: { $0.2.summary })
            let layout = bundle.plan.layout
            let encrypted = try phases.run(
                "encrypt", "encrypting \(layout.ciphertextCount) ciphertext(s)",
                {
                    try EncryptedDataset.encrypt(
                        owner.scaled, layout: layout, encoder: CKKSEncoder(context: bundle.context),
                        encryptor: Encryptor(context: bundle.context, secretKey: key.secretKey),
                        level: bundle.plan.dataLevel)
                }, done: { _ in "encrypted \(layout.ciphertextCount) ciphertext(s)" })
            let fingerprint = bundle.plan.parameters.fingerprint
            try phases.run(
                "write", "writing \(outURL.lastPathComponent) and \(stateURL.lastPathComponent)",
                {
                    try EncryptedDatasetFile.write(encrypted, to: outURL, keyID: bundle.keyID, fingerprint: fingerprint)
                    do {
                        try OwnerState(
                            data: owner.raw, scaling: owner.scaling, keyID: bundle.keyID, fingerprint: fingerprint
                        )
                        .write(to: stateURL)
                    } catch {
                        OutputPath.remove([outURL])
                        throw error
                    }
                }, done: { "encrypted dataset and owner state written" })
            return EncryptReport(
                keyID: bundle.keyID, data: owner, layout: layout, timings: phases.finishTotal(),
                peakMemoryBytes: PeakMemory.bytes(), outBytes: OutputPath.size(outURL))
        } catch {
            throw WorkflowError(error)
        }
    }
}
