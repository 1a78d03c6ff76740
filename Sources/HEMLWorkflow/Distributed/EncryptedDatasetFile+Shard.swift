import CKKS
import Foundation
import HEML

extension EncryptedDatasetFile {
    /// Reads only the row blocks `rowBlocks` (all by default) of the encrypted dataset for `bundle`: the header,
    /// metadata and section table are read and checked as for the whole file, then only the sections of those row
    /// blocks (each checked by its own checksum), so a worker of a distributed run reads its share alone.
    ///
    /// - Returns: the shard and the file's header checksum (what identifies the dataset in a checkpoint).
    static func readShard(
        _ url: URL, rowBlocks: Range<Int>? = nil, for bundle: PublicBundle, bundleName: String
    ) throws -> (EncryptedShard, digest: UInt64) {
        let file = try OpenFile(url)
        let (container, ranges) = try Container.layout(size: file.size, name: file.name, expecting: .encryptedDataset) {
            range throws(WorkflowError) in Data(try file.read(range))
        }
        try requireSameKeySet(container, file.name, bundle.container, bundleName)
        let info = try Metadata.decode(Info.self, from: container.metadata, file: file.name)
        let layout = try checkLayout(info, name: file.name, bundle: bundle, bundleName: bundleName)
        guard ranges.count == layout.ciphertextCount else {
            throw WorkflowError.invalidFile(
                file: file.name, reason: "expected \(layout.ciphertextCount) ciphertext(s), found \(ranges.count)")
        }
        let rows = rowBlocks ?? 0..<layout.rowBlocks
        let sections = (rows.lowerBound * layout.featureBlocks)..<(rows.upperBound * layout.featureBlocks)
        var blocks: [Ciphertext] = []
        blocks.reserveCapacity(sections.count)
        for i in sections {
            let bytes = try file.read(ranges[i])
            blocks.append(
                try load("ciphertext \(i + 1) of \(ranges.count)", in: file.name) { () throws(CKKSError) in
                    try Ciphertext(deserializing: bytes, context: bundle.context)
                })
        }
        let digest = ByteCodec.read(UInt64.self, from: try file.read(56..<64), at: 0)
        return (try EncryptedShard(layout: layout, rowBlocks: rows, blocks: blocks), digest)
    }

    /// The bundle plan's layout, when the dataset's metadata carries it.
    ///
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` when the dataset was encrypted for another layout.
    static func checkLayout(_ info: Info, name: String, bundle: PublicBundle, bundleName: String) throws(WorkflowError)
        -> SlotLayout
    {
        let layout = bundle.plan.layout
        guard info.layout == layout else {
            throw .mismatchedFiles(
                "\(name): its slot layout (\(info.layout.rowCount) rows × \(info.layout.width) columns) "
                    + "is not the one \(bundleName) plans for (\(layout.rowCount) × \(layout.width))")
        }
        return layout
    }
}
