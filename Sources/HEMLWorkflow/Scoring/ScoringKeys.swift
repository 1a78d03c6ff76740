import CKKS
import Foundation
import HEML

/// What a scoring client gives the server: the CKKS parameters, the rotation keys encrypted scoring needs, and the
/// row width and block width the client packs rows with. No secret key, no feature names, no scaling.
///
/// A container of kind ``Container/Kind/scoringKeys`` (sections: parameters, evaluation keys); the server reads
/// it with ``init(decoding:name:allowInsecure:)``, which checks everything before the keys are used.
public struct ScoringKeys: Sendable {
    struct Info: Codable, FormatNamed {
        var format = Self.formatName
        var hemlVersion = HEMLVersion.string
        var created = Metadata.now()
        var width: Int
        var blockWidth: Int

        static let formatName = "heml-scoring-keys"

        enum CodingKeys: String, CodingKey {
            case format, hemlVersion = "heml_version", created, width, blockWidth = "block_width"
        }
    }

    /// The key set these keys belong to (every request and response of it carries the same identifier).
    public let keyID: KeyID
    /// Values per row: 1 (the intercept's column) + the model's feature count.
    public let width: Int
    /// Values of one row per ciphertext slot block, a power of two (the rotations cover its row sums).
    public let blockWidth: Int
    let context: CKKSContext
    let evaluationKeys: EvaluationKeys
    /// The container's header and metadata (sections dropped).
    let header: Container

    /// Fresh keys' public part (the client's initializer).
    init(keyID: KeyID, context: CKKSContext, evaluationKeys: EvaluationKeys, width: Int, blockWidth: Int) {
        self.keyID = keyID
        self.width = width
        self.blockWidth = blockWidth
        self.context = context
        self.evaluationKeys = evaluationKeys
        header = Container(
            kind: .scoringKeys, fingerprint: context.parameters.fingerprint, keyID: keyID,
            metadata: Metadata.encode(Info(width: width, blockWidth: blockWidth)), sections: [])
    }

    /// The layout of `rowCount` rows under these keys.
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.invalidArgument(_:)` for no rows or more
    ///   than one `SlotLayout` holds.
    public func layout(rowCount: Int) throws(WorkflowError) -> SlotLayout {
        try bridged {
            try SlotLayout(rowCount: rowCount, width: width, slotCount: context.slotCount, blockWidth: blockWidth)
        }
    }

    /// Checks that the keys were drawn for `model`'s number of features.
    ///
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` otherwise.
    func requireFits(_ model: ModelFile) throws(WorkflowError) {
        guard width == model.features.count + 1 else {
            throw .mismatchedFiles(
                "the scoring keys are for \(width - 1) features, the model has \(model.features.count)")
        }
    }

    /// The file's bytes (what the client sends the server; tens of MiB at N = 2^14 and above).
    ///
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` only if the keys exceed the format's bounds.
    public func encoded() throws(WorkflowError) -> Data { try container.encoded() }

    /// Writes ``encoded()`` atomically to `url` (mode 0600).
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.writeFailed(file:reason:)`.
    public func write(to url: URL) throws(WorkflowError) { try bridged { try container.write(to: url) } }

    /// The header with its sections: the parameters, then the evaluation keys.
    private var container: Container {
        var container = header
        container.sections = [context.parameters.serialized(), evaluationKeys.serialized()]
        return container
    }

    /// Reads and checks scoring keys from a file (see ``init(decoding:name:allowInsecure:)``).
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.fileUnreadable(file:reason:)`, or as
    ///   ``init(decoding:name:allowInsecure:)``.
    public init(reading url: URL, allowInsecure: Bool = false) throws(WorkflowError) {
        try self.init(
            decoding: bridged { try Container.readFile(url) }, name: url.lastPathComponent, allowInsecure: allowInsecure
        )
    }

    /// Checks scoring keys: the container, its format, the parameters against the header's fingerprint and the
    /// security policy, the widths (a layout must exist for them at these parameters), the evaluation keys against
    /// the parameters, and that every rotation scoring needs has a key.
    ///
    /// - Parameters:
    ///   - data: the container's bytes.
    ///   - name: the file or message name used in errors.
    ///   - allowInsecure: accept parameters below 128-bit security (tests on small rings only).
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` naming the first check that failed;
    ///   ``WorkflowError/wrongKind(file:found:expected:)``; ``WorkflowError/insecureParameters(file:)``.
    public init(decoding data: Data, name: String, allowInsecure: Bool = false) throws(WorkflowError) {
        let file = try KeyFile<Info>(
            Container.decode(data, name: name, expecting: .scoringKeys), name: name, format: Info.formatName,
            allowInsecure: allowInsecure)
        let context = try load("the CKKS parameters", in: name) { () throws(CKKSError) in
            try CKKSContext(parameters: file.parameters)
        }
        let layout: SlotLayout
        do {
            layout = try SlotLayout(
                rowCount: 1, width: file.info.width, slotCount: context.slotCount, blockWidth: file.info.blockWidth)
        } catch {
            throw .invalidFile(file: name, reason: "the row widths: \(error.description)")
        }
        let keys = try load("the evaluation keys", in: name) { () throws(CKKSError) in
            try EvaluationKeys(deserializing: file.keys, context: context)
        }
        guard EncryptedScorer.rotationSteps(for: layout).allSatisfy({ keys.hasRotationKey(step: $0, context: context) })
        else {
            throw .invalidFile(file: name, reason: "a rotation key scoring needs is missing")
        }
        self.init(
            keyID: file.container.keyID, context: context, evaluationKeys: keys, width: file.info.width,
            blockWidth: file.info.blockWidth)
    }
}
