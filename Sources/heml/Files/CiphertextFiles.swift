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
        let info = Info(layout: .init(data.layout))
        try Container(kind: .encryptedDataset, fingerprint: fingerprint, keyID: keyID, metadata: Metadata.encode(info),
                      sections: data.blocks.map { $0.serialized() }).write(to: url)
    }

    /// Reads the dataset for `bundle`, checking that both belong to one key set and that the layout is the plan's.
    static func read(_ url: URL, for bundle: PublicBundle, bundleName: String) throws -> EncryptedDataset {
        let name = url.lastPathComponent
        let container = try Container.read(url, expecting: .encryptedDataset)
        try requireSameKeySet(container, name, bundle.container, bundleName)
        let info = try Metadata.decode(Info.self, from: container.metadata, file: name)
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
        let info = Info(layout: .init(model.layout), iterations: model.iterations)
        try Container(kind: .encryptedModel, fingerprint: fingerprint, keyID: keyID, metadata: Metadata.encode(info),
                      sections: model.weights.map { $0.serialized() }).write(to: url)
    }

    /// Reads the model, checking it against the bundle (key set, layout, iterations).
    static func read(_ url: URL, for bundle: PublicBundle, bundleName: String) throws -> EncryptedModel {
        let name = url.lastPathComponent
        let container = try Container.read(url, expecting: .encryptedModel)
        try requireSameKeySet(container, name, bundle.container, bundleName)
        let info = try Metadata.decode(Info.self, from: container.metadata, file: name)
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
