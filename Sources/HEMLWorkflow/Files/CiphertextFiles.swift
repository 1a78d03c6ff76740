import CKKS
import Foundation
import HEML

/// The encrypted training data Z = y·(1, x) in the plan's slot layout: what the owner sends the server.
/// It holds no feature names, scaling or labels in the clear.
///
/// Sections: the layout's ciphertexts (row block major), then, for a differentially private multiparty session,
/// the encrypted gradient noise the server adds to every iteration (``EncryptedGradientNoise``, iteration major,
/// one ciphertext per feature block), flagged by `noise_iterations` in the metadata. A dataset without noise is
/// byte for byte what it was before the flag existed.
enum EncryptedDatasetFile {
    struct Info: Codable {
        var format = "heml-encrypted-dataset"
        var hemlVersion = HEMLVersion.string
        var created = Metadata.now()
        var layout: SlotLayout
        /// Iterations of encrypted gradient noise after the data's sections; nil (absent): none.
        var noiseIterations: Int?

        enum CodingKeys: String, CodingKey {
            case format, hemlVersion = "heml_version", created, layout, noiseIterations = "noise_iterations"
        }
    }

    /// Writes `data`, and after it `noise` when given.
    static func write(
        _ data: EncryptedDataset, noise: EncryptedGradientNoise? = nil, to url: URL, keyID: KeyID, fingerprint: UInt64
    ) throws(HEMLError) {
        try ciphertextContainer(
            data.blocks + (noise?.blocks.flatMap { $0 } ?? []), kind: .encryptedDataset,
            info: Info(layout: data.layout, noiseIterations: noise?.blocks.count), keyID: keyID,
            fingerprint: fingerprint
        ).write(to: url)
    }
}

/// The encrypted weights the server returns: one ciphertext per feature block.
enum EncryptedModelFile {
    struct Info: Codable {
        var format = "heml-encrypted-model"
        var hemlVersion = HEMLVersion.string
        var created = Metadata.now()
        var layout: SlotLayout
        var iterations: Int

        enum CodingKeys: String, CodingKey { case format, hemlVersion = "heml_version", created, layout, iterations }
    }

    static func write(_ model: EncryptedModel, to url: URL, keyID: KeyID, fingerprint: UInt64) throws(HEMLError) {
        try writeCiphertexts(
            model.weights, kind: .encryptedModel, info: Info(layout: model.layout, iterations: model.iterations),
            to: url, keyID: keyID, fingerprint: fingerprint)
    }

    /// Reads the model, checking it against the bundle (key set, layout, iterations).
    static func read(_ url: URL, for bundle: PublicBundle, bundleName: String) throws -> EncryptedModel {
        try decode(Container.readFile(url), name: url.lastPathComponent, for: bundle, bundleName: bundleName)
    }

    /// As ``read(_:for:bundleName:)``, from bytes.
    static func decode(_ data: Data, name: String, for bundle: PublicBundle, bundleName: String) throws
        -> EncryptedModel
    {
        try decode(
            data, name: name, keySet: bundle.container, keySetName: bundleName, plan: bundle.plan,
            context: bundle.context)
    }

    /// As ``read(_:for:bundleName:)``, from bytes, against the key set of `keySet` (a container named
    /// `keySetName`) and `plan`.
    static func decode(
        _ data: Data, name: String, keySet: Container, keySetName: String, plan: TrainingPlan, context: CKKSContext
    ) throws -> EncryptedModel {
        let (container, info) = try checkedContainer(
            data, name: name, kind: .encryptedModel, info: Info.self, keySet: keySet, keySetName: keySetName)
        guard info.layout == plan.layout, info.iterations == plan.iterations else {
            throw WorkflowError.mismatchedFiles("\(name) was not trained with the plan of \(keySetName)")
        }
        let weights = try ciphertexts(container, file: name, expected: plan.layout.featureBlocks, context: context)
        return try EncryptedModel.restored(layout: plan.layout, weights: weights, iterations: info.iterations)
    }
}

/// Metadata of a container of ciphertexts in one slot layout: its format name, the writer's version and time, and
/// the layout (nothing else: no names, no scaling).
struct LayoutInfo: Codable {
    var format: String
    var hemlVersion = HEMLVersion.string
    var created = Metadata.now()
    var layout: SlotLayout

    init(format: String, layout: SlotLayout) {
        self.format = format
        self.layout = layout
    }

    enum CodingKeys: String, CodingKey { case format, hemlVersion = "heml_version", created, layout }
}

/// Writes `ciphertexts` as the sections of a container of `kind` with `info` as its metadata.
private func writeCiphertexts(
    _ ciphertexts: [Ciphertext], kind: Container.Kind, info: some Encodable, to url: URL,
    keyID: KeyID, fingerprint: UInt64
) throws(HEMLError) {
    try ciphertextContainer(ciphertexts, kind: kind, info: info, keyID: keyID, fingerprint: fingerprint).write(to: url)
}

/// A container of `kind` whose sections are `ciphertexts` and whose metadata is `info`.
func ciphertextContainer(
    _ ciphertexts: [Ciphertext], kind: Container.Kind, info: some Encodable, keyID: KeyID, fingerprint: UInt64
) -> Container {
    Container(
        kind: kind, fingerprint: fingerprint, keyID: keyID, metadata: Metadata.encode(info),
        sections: ciphertexts.map { $0.serialized() })
}

/// Decodes a container of `kind` that must belong to the key set of `keySet` (a container of that set, named
/// `keySetName` in messages), and its metadata (the ciphertexts are left in the sections for
/// ``ciphertexts(_:file:expected:context:)``, after the caller's checks).
func checkedContainer<Info: Decodable>(
    _ data: Data, name: String, kind: Container.Kind, info: Info.Type,
    keySet: Container, keySetName: String
) throws(WorkflowError) -> (Container, Info) {
    let container = try Container.decode(data, name: name, expecting: kind)
    try requireSameKeySet(container, name, keySet, keySetName)
    return (container, try Metadata.decode(Info.self, from: container.metadata, file: name))
}

/// Every section of a container as a ciphertext of `context`; there must be exactly `expected` of them.
func ciphertexts(
    _ container: Container, file: String, expected: Int,
    context: CKKSContext
) throws(WorkflowError) -> [Ciphertext] {
    guard container.sections.count == expected else {
        throw .invalidFile(file: file, reason: "expected \(expected) ciphertext(s), found \(container.sections.count)")
    }
    var result: [Ciphertext] = []
    result.reserveCapacity(expected)
    for (i, bytes) in container.sections.enumerated() {
        result.append(
            try load("ciphertext \(i + 1) of \(expected)", in: file) { () throws(CKKSError) in
                try Ciphertext(deserializing: bytes, context: context)
            })
    }
    return result
}
