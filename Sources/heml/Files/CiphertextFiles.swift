import CKKS
import Foundation
import HEML

/// The encrypted training data Z = y·(1, x) in the plan's slot layout: what the owner sends the server.
/// It holds no feature names, scaling or labels in the clear.
struct EncryptedDatasetFile {
    struct Info: Codable {
        var format = "heml-encrypted-dataset"
        var hemlVersion = HEMLVersion.string
        var created = Metadata.now()
        var layout: PlanSettings.Layout

        enum CodingKeys: String, CodingKey { case format, hemlVersion = "heml_version", created, layout }
    }

    static func write(_ data: EncryptedDataset, to url: URL, keyID: KeyID, fingerprint: UInt64) throws(HEMLError) {
        try writeCiphertexts(data.blocks, kind: .encryptedDataset, info: Info(layout: .init(data.layout)), to: url,
                             keyID: keyID, fingerprint: fingerprint)
    }

    /// Reads the dataset for `bundle`, checking that both belong to one key set and that the layout is the plan's.
    static func read(_ url: URL, for bundle: PublicBundle, bundleName: String) throws -> EncryptedDataset {
        let (name, container, info) = try readContainer(url, kind: .encryptedDataset, info: Info.self, for: bundle,
                                                        bundleName: bundleName)
        guard info.layout == PlanSettings.Layout(bundle.plan.layout) else {
            throw CLIError("\(name): its slot layout (\(info.layout.rowCount) rows × \(info.layout.width) columns) " +
                           "is not the one \(bundleName) plans for (\(bundle.plan.layout.rowCount) × \(bundle.plan.layout.width))")
        }
        let blocks = try ciphertexts(container, file: name, context: bundle.context)
        return try EncryptedDataset(layout: bundle.plan.layout, blocks: blocks)
    }
}

/// The encrypted weights the server returns: one ciphertext per feature block.
struct EncryptedModelFile {
    struct Info: Codable {
        var format = "heml-encrypted-model"
        var hemlVersion = HEMLVersion.string
        var created = Metadata.now()
        var layout: PlanSettings.Layout
        var iterations: Int

        enum CodingKeys: String, CodingKey { case format, hemlVersion = "heml_version", created, layout, iterations }
    }

    static func write(_ model: EncryptedModel, to url: URL, keyID: KeyID, fingerprint: UInt64) throws(HEMLError) {
        try writeCiphertexts(model.weights, kind: .encryptedModel,
                             info: Info(layout: .init(model.layout), iterations: model.iterations), to: url,
                             keyID: keyID, fingerprint: fingerprint)
    }

    /// Reads the model, checking it against the bundle (key set, layout, iterations).
    static func read(_ url: URL, for bundle: PublicBundle, bundleName: String) throws -> EncryptedModel {
        let (name, container, info) = try readContainer(url, kind: .encryptedModel, info: Info.self, for: bundle,
                                                        bundleName: bundleName)
        guard info.layout == PlanSettings.Layout(bundle.plan.layout), info.iterations == bundle.plan.iterations else {
            throw CLIError("\(name) was not trained with the plan of \(bundleName)")
        }
        guard container.sections.count == bundle.plan.layout.featureBlocks else {
            throw CLIError("\(name): expected \(bundle.plan.layout.featureBlocks) ciphertext(s), found \(container.sections.count)")
        }
        let weights = try ciphertexts(container, file: name, context: bundle.context)
        return try EncryptedModel.restored(layout: bundle.plan.layout, weights: weights, iterations: info.iterations)
    }
}

extension PlanSettings.Layout {
    init(_ layout: SlotLayout) {
        self.init(rowCount: layout.rowCount, width: layout.width, slotCount: layout.slotCount, blockWidth: layout.blockWidth)
    }
}

/// Writes `ciphertexts` as the sections of a container of `kind` with `info` as its metadata.
private func writeCiphertexts(_ ciphertexts: [Ciphertext], kind: Container.Kind, info: some Encodable, to url: URL,
                              keyID: KeyID, fingerprint: UInt64) throws(HEMLError) {
    try Container(kind: kind, fingerprint: fingerprint, keyID: keyID, metadata: Metadata.encode(info),
                  sections: ciphertexts.map { $0.serialized() }).write(to: url)
}

/// Reads a container of `kind` that must belong to `bundle`'s key set, and its metadata (the ciphertexts are
/// left in the sections for ``ciphertexts(_:file:context:)``, after the caller's checks).
private func readContainer<Info: Decodable>(_ url: URL, kind: Container.Kind, info: Info.Type, for bundle: PublicBundle,
                                            bundleName: String) throws -> (name: String, container: Container, info: Info) {
    let name = url.lastPathComponent
    let container = try Container.read(url, expecting: kind)
    try requireSameKeySet(container, name, bundle.container, bundleName)
    return (name, container, try Metadata.decode(Info.self, from: container.metadata, file: name))
}

/// Every section of a container as a ciphertext of `context`.
private func ciphertexts(_ container: Container, file: String, context: CKKSContext) throws -> [Ciphertext] {
    var result: [Ciphertext] = []
    for (i, bytes) in container.sections.enumerated() {
        result.append(try load("ciphertext \(i + 1) of \(container.sections.count)", in: file) { () throws(CKKSError) in
            try Ciphertext(deserializing: bytes, context: context)
        })
    }
    return result
}
