import CKKS
import Foundation
import HEML

/// What the data owner gives the server: CKKS parameters, evaluation keys (relinearization and the plan's
/// rotations) and the training plan. Never a secret key.
public struct PublicBundle: Sendable {
    struct Info: Codable, FormatNamed {
        var format = "heml-public-bundle"
        var hemlVersion = HEMLVersion.string
        var created = Metadata.now()
        var plan: TrainingPlan
        /// ``ColumnsDigest`` of the CSV header keygen read (label and feature names), so `encrypt` can tell a
        /// different file or label choice of the same shape; a digest, so the server does not read the names.
        var columnsDigest: String
        /// ``keyLayout`` when written; absent in bundles from before it (their replication keys differ).
        var keyLayout: Int? = PublicBundle.keyLayout

        enum CodingKeys: String, CodingKey {
            case format, hemlVersion = "heml_version", created, plan, columnsDigest = "columns_digest"
            case keyLayout = "key_layout"
        }
    }

    /// Version of the rotation keys a plan asks for. 2: training's replication shares the inner sum's keys (one
    /// shift by −(B − 1) instead of the steps −1, −2, …) and large key sets keep every other power of two
    /// (`TrainingPlan.rotationKeyStride`). 3: the key stride is the smallest that fits the key budget (1, 2, 3, …)
    /// and counts powers of two from slot 1, so the row and column sums share keys. Bundles of another version are
    /// refused: their keys do not match the plan this heml rebuilds from them when they are read with their keys.
    static let keyLayout = 3

    /// The key set the bundle belongs to.
    public let keyID: KeyID
    /// The training plan (rebuilt from the stored request and checked against the stored parameters).
    public let plan: TrainingPlan
    let context: CKKSContext
    /// Nil when read without them, or once taken (``takeEvaluationKeys()``).
    private(set) var evaluationKeys: EvaluationKeys?
    /// The evaluation keys, moved out: the bundle holds none afterwards, so that whoever takes them can hold their
    /// only copy (a server that releases key levels as it trains frees memory only then).
    mutating func takeEvaluationKeys() -> EvaluationKeys? { evaluationKeys.take() }
    /// The file's header and metadata (sections dropped once read).
    let container: Container
    /// The digest of the columns keygen read.
    let columnsDigest: String

    /// Generates the evaluation keys for `plan` (relinearization and its rotations, and the bootstrapper's keys when
    /// the plan bootstraps) and writes a bundle with them (sections: parameters, evaluation keys), streaming each
    /// key to the file as it is made so that the key set is never held in memory whole.
    static func write(
        to url: URL, keyID: KeyID, plan: TrainingPlan, generator: KeyGenerator, secretKey: SecretKey,
        columnsDigest: String
    ) throws {
        let request = try plan.keyRequest(context: generator.context)
        let parameters = plan.parameters.serialized()
        let keysSize = try generator.evaluationKeysFileSize(request: request)
        let container = Container(
            kind: .publicBundle, fingerprint: plan.parameters.fingerprint, keyID: keyID,
            metadata: Metadata.encode(Info(plan: plan, columnsDigest: columnsDigest)), sections: [])
        try AtomicFile.write(to: url) { out in
            try out.append(container.prefix(sectionLengths: [parameters.count, keysSize]))
            try out.append(parameters)
            let start = out.offset
            let header = try generator.writeEvaluationKeys(for: secretKey, request: request) { try out.append($0) }
            guard out.offset - start == keysSize else {
                throw HEMLError.writeFailed(
                    file: url.lastPathComponent, reason: "the evaluation keys did not have their announced size")
            }
            try out.overwrite(at: start, with: header)
        }
    }

    /// Reads and checks a bundle file (see ``init(decoding:name:evaluationKeys:allowInsecure:)``). The file is read
    /// in place, the evaluation keys one at a time as they are parsed, so its bytes are never in memory whole; their
    /// uniform halves are held as `uniformHalves` says (the server trains with them as seeds).
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.fileUnreadable(file:reason:)`, or as
    ///   ``init(decoding:name:evaluationKeys:allowInsecure:)``.
    public init(
        reading url: URL, evaluationKeys loadKeys: Bool = true, allowInsecure: Bool = false,
        uniformHalves: EvaluationKeys.UniformHalves = .expanded
    ) throws(WorkflowError) {
        let file = try bridged { try OpenFile(url) }
        try self.init(
            KeyFile<Info>(
                reading: file, kind: .publicBundle, format: "heml-public-bundle", allowInsecure: allowInsecure),
            evaluationKeys: loadKeys, uniformHalves: uniformHalves)
        // Reading leaves the buffers of every key's bytes and expansion freed but resident.
        if loadKeys { CKKSRuntime.releaseFreedMemory() }
    }

    /// Checks a bundle: container, parameters against the header fingerprint and the security policy, the plan
    /// rebuilt from its request against the parameters, the evaluation keys against the parameters (the trainer
    /// then checks that every rotation the plan needs has a key).
    ///
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - name: the file name used in errors.
    ///   - loadKeys: false to skip reading the evaluation keys (the owner's commands do not need them).
    ///   - allowInsecure: accept parameters below 128-bit security (tests on small rings only).
    /// - Throws: ``WorkflowError`` naming the file and the first check that failed.
    public init(
        decoding data: Data, name: String, evaluationKeys loadKeys: Bool = true,
        allowInsecure: Bool = false
    ) throws(WorkflowError) {
        try self.init(
            KeyFile<Info>(
                Container.decode(data, name: name, expecting: .publicBundle), name: name,
                format: "heml-public-bundle", allowInsecure: allowInsecure),
            evaluationKeys: loadKeys, uniformHalves: .expanded)
    }

    private init(_ file: KeyFile<Info>, evaluationKeys loadKeys: Bool, uniformHalves: EvaluationKeys.UniformHalves)
        throws(WorkflowError)
    {
        let name = file.name
        // Only the server needs the keys to match the rebuilt plan; the owner still reads its older bundles.
        guard !loadKeys || file.info.keyLayout == Self.keyLayout else {
            throw .invalidFile(
                file: name,
                reason: "its rotation keys are of key layout \(file.info.keyLayout ?? 1), this heml trains with key "
                    + "layout \(Self.keyLayout); make a new bundle with heml keygen")
        }
        guard file.info.plan.parameters == file.parameters else {
            throw .invalidFile(
                file: name,
                reason: "the stored plan does not reproduce the stored CKKS parameters "
                    + "(written by another heml version, or edited)")
        }
        let context = try load("the CKKS parameters", in: name) { () throws(CKKSError) in
            try CKKSContext.forTraining(file.parameters)
        }
        container = file.header
        plan = file.info.plan
        self.context = context
        evaluationKeys =
            loadKeys
            ? try load("the evaluation keys", in: name) { () throws(CKKSError) in
                try EvaluationKeys(reading: file.keySource, context: context, uniformHalves: uniformHalves)
            } : nil
        keyID = file.container.keyID
        columnsDigest = file.info.columnsDigest
    }
}
