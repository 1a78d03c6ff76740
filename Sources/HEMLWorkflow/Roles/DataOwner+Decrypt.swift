import CKKS
import Foundation
import HEML

extension DataOwner {
    /// What ``decrypt(model:secretKey:publicBundle:ownerState:modelOut:allowInsecure:observer:)`` wrote.
    public struct DecryptReport: Sendable {
        /// The key set of the inputs.
        public let keyID: KeyID
        /// The model file written (JSON: features, scaling, weights, training metadata).
        public let model: ModelFile
        /// (phase, seconds): read, decrypt, write, total.
        public let timings: [(String, Double)]
    }

    /// Decrypts the server's encrypted model and writes the JSON model file, with the scaling from the owner
    /// state so it scores raw data. All four inputs must come from one keygen run; each is checked before
    /// anything is decrypted.
    ///
    /// - Throws: ``WorkflowError`` for files that do not belong together, malformed files or an unusable path;
    ///   ``HEMLError/numericalFailure(_:)`` when the decrypted weights are not finite.
    public static func decrypt(model modelURL: URL, secretKey keyURL: URL, publicBundle bundleURL: URL,
                               ownerState stateURL: URL, modelOut outURL: URL, allowInsecure: Bool = false,
                               observer: any WorkflowObserver = SilentObserver()) throws -> DecryptReport {
        try OutputPath.check(outURL, option: "--model-out")
        let bundleName = bundleURL.lastPathComponent
        var phases = Phases(observer)
        let (bundle, key, encrypted, state) = try phases.run("read", "reading and checking the inputs", {
            let bundle = try PublicBundle(reading: bundleURL, evaluationKeys: false, allowInsecure: allowInsecure)
            let key = try SecretKeyFile(reading: keyURL, context: bundle.context, allowInsecure: allowInsecure)
            try requireSameKeySet(key.container, keyURL.lastPathComponent, bundle.container, bundleName)
            let encrypted = try EncryptedModelFile.read(modelURL, for: bundle, bundleName: bundleName)
            let state = try OwnerState.read(stateURL)
            guard state.keySet == bundle.keyID.description else {
                throw WorkflowError.mismatchedFiles("\(stateURL.lastPathComponent) and \(bundleName) come from different " +
                                                    "keygen runs; they do not belong together")
            }
            guard state.rows == bundle.plan.layout.rowCount, state.features.count == bundle.plan.layout.width - 1 else {
                throw WorkflowError.mismatchedFiles("\(stateURL.lastPathComponent) describes other data than \(bundleName) plans for")
            }
            return (bundle, key, encrypted, state)
        }, done: { "inputs belong to key set \($0.0.keyID.short)" })
        let coefficients = try phases.run("decrypt", "decrypting the weights", {
            try encrypted.decrypt(decryptor: Decryptor(context: bundle.context, secretKey: key.secretKey),
                                  encoder: CKKSEncoder(context: bundle.context))
        }, done: { "decrypted \($0.count) weights" })
        let model = try phases.run("write", "writing \(outURL.lastPathComponent)", {
            let model = try ModelAssembly.model(
                coefficients: coefficients, plan: bundle.plan, features: state.features, label: state.label,
                labelMapping: state.labelMapping, scaling: state.scaling, rows: state.rows, source: state.source)
            try model.write(to: outURL)
            return model
        }, done: { _ in "model written to \(outURL.path)" })
        return DecryptReport(keyID: bundle.keyID, model: model, timings: phases.finishTotal())
    }
}
