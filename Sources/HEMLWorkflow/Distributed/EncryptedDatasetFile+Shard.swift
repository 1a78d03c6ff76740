import CKKS
import Foundation
import HEML

extension EncryptedDatasetFile {
    /// Reads only the row blocks `rowBlocks` (all by default) of the encrypted dataset for `bundle`: the header,
    /// metadata and section table are read and checked as for the whole file, then only the sections of those row
    /// blocks (each checked by its own checksum), so a worker of a distributed run reads its share alone. The
    /// encrypted gradient noise after the data (a differentially private multiparty session's) is read whole by
    /// every worker: each adds it to the weights.
    ///
    /// - Returns: the shard, the noise (nil when the file has none) and the file's header checksum (what
    ///   identifies the dataset in a checkpoint).
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` for another key set or layout, or noise of another number
    ///   of iterations than the bundle's plan; ``WorkflowError/invalidFile(file:reason:)`` for a malformed file or
    ///   noise (see ``EncryptedGradientNoise/restored(_:plan:context:file:)``).
    static func readShard(
        _ url: URL, rowBlocks: Range<Int>? = nil, for bundle: PublicBundle, bundleName: String
    ) throws -> (EncryptedShard, noise: EncryptedGradientNoise?, digest: UInt64) {
        let file = try OpenFile(url)
        return try shard(
            size: file.size, name: file.name, read: file.read, rowBlocks: rowBlocks, for: bundle, bundleName: bundleName
        )
    }

    /// As ``readShard(_:rowBlocks:for:bundleName:)``, the whole dataset from the bytes of a file named
    /// `name`.
    static func decode(_ data: Data, name: String, for bundle: PublicBundle, bundleName: String) throws
        -> (EncryptedShard, noise: EncryptedGradientNoise?, digest: UInt64)
    {
        let bytes = [UInt8](data)
        return try shard(
            size: bytes.count, name: name,
            read: { range throws(WorkflowError) in
                guard range.upperBound <= bytes.count else {
                    throw .invalidFile(file: name, reason: "the file ends inside a section")
                }
                return Array(bytes[range])
            }, rowBlocks: nil, for: bundle, bundleName: bundleName)
    }

    /// The checks and reads of ``readShard(_:rowBlocks:for:bundleName:)`` over a file of `size` bytes read
    /// by `read`.
    private static func shard(
        size: Int, name: String, read: @escaping (Range<Int>) throws(WorkflowError) -> [UInt8], rowBlocks: Range<Int>?,
        for bundle: PublicBundle, bundleName: String
    ) throws -> (EncryptedShard, noise: EncryptedGradientNoise?, digest: UInt64) {
        let (container, ranges) = try Container.layout(size: size, name: name, expecting: .encryptedDataset) {
            range throws(WorkflowError) in Data(try read(range))
        }
        try requireSameKeySet(container, name, bundle.container, bundleName)
        let info = try Metadata.decode(Info.self, from: container.metadata, file: name)
        let layout = try checkLayout(info, name: name, bundle: bundle, bundleName: bundleName)
        let plan = bundle.plan
        if let iterations = info.noiseIterations, iterations != plan.iterations {
            throw WorkflowError.mismatchedFiles(
                "\(name) carries gradient noise for \(iterations) iterations, but \(bundleName) plans "
                    + "\(plan.iterations)")
        }
        let noiseCount = info.noiseIterations == nil ? 0 : plan.iterations * layout.featureBlocks
        guard ranges.count == layout.ciphertextCount + noiseCount else {
            throw WorkflowError.invalidFile(
                file: name,
                reason: "expected \(layout.ciphertextCount + noiseCount) ciphertext(s), found \(ranges.count)")
        }
        func ciphertext(_ i: Int) throws -> Ciphertext {
            let bytes = try read(ranges[i])
            return try load("ciphertext \(i + 1) of \(ranges.count)", in: name) { () throws(CKKSError) in
                try Ciphertext(deserializing: bytes, context: bundle.context)
            }
        }
        let rows = rowBlocks ?? 0..<layout.rowBlocks
        let blocks = try ((rows.lowerBound * layout.featureBlocks)..<(rows.upperBound * layout.featureBlocks))
            .map(ciphertext)
        let noise =
            try noiseCount == 0
            ? nil
            : EncryptedGradientNoise.restored(
                (layout.ciphertextCount..<ranges.count).map(ciphertext), plan: plan, context: bundle.context, file: name
            )
        let digest = ByteCodec.read(UInt64.self, from: try read(56..<64), at: 0)
        return (try EncryptedShard(layout: layout, rowBlocks: rows, blocks: blocks), noise, digest)
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
