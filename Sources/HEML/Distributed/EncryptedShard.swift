import CKKS

/// The row blocks of an encrypted dataset one worker trains on: a contiguous range of row blocks, each with every
/// feature block, in the plan's ``SlotLayout``.
public struct EncryptedShard: Sendable {
    /// The layout of the whole dataset.
    public let layout: SlotLayout
    /// The row blocks held, within `0 ..< layout.rowBlocks` (empty for a worker without rows).
    public let rowBlocks: Range<Int>
    /// Ciphertext (rowBlock, featureBlock) at index (rowBlock − rowBlocks.lowerBound) · featureBlocks + featureBlock.
    package let blocks: [Ciphertext]

    /// - Throws: ``HEMLError/invalidArgument(_:)`` when `rowBlocks` is not within the layout's row blocks;
    ///   ``HEMLError/dimensionMismatch(what:expected:found:)`` unless there is one ciphertext per block held.
    public init(layout: SlotLayout, rowBlocks: Range<Int>, blocks: [Ciphertext]) throws(HEMLError) {
        guard rowBlocks.lowerBound >= 0, rowBlocks.upperBound <= layout.rowBlocks else {
            throw .invalidArgument("row blocks \(rowBlocks) are not within the layout's \(layout.rowBlocks)")
        }
        guard blocks.count == rowBlocks.count * layout.featureBlocks else {
            throw .dimensionMismatch(
                what: "ciphertexts in the shard", expected: rowBlocks.count * layout.featureBlocks, found: blocks.count)
        }
        self.layout = layout
        self.rowBlocks = rowBlocks
        self.blocks = blocks
    }

    /// Ciphertext of row block r (within ``rowBlocks``), feature block k.
    func block(row r: Int, feature k: Int) -> Ciphertext {
        blocks[(r - rowBlocks.lowerBound) * layout.featureBlocks + k]
    }

    /// The row blocks of worker `rank` among `workers`: contiguous, in rank order, sizes differing by at most one
    /// (empty for the workers beyond the row-block count).
    ///
    /// - Precondition: `0 ≤ rank < workers`.
    public static func rowBlocks(of rank: Int, workers: Int, total: Int) -> Range<Int> {
        precondition((0..<workers).contains(rank), "rank \(rank) is not one of \(workers) workers")
        return (rank * total / workers)..<((rank + 1) * total / workers)
    }
}

extension EncryptedDataset {
    /// The shard holding `rowBlocks` (all of them by default).
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` when the range is not within the layout's row blocks.
    public func shard(rowBlocks: Range<Int>? = nil) throws(HEMLError) -> EncryptedShard {
        let rows = rowBlocks ?? 0..<layout.rowBlocks
        guard rows.lowerBound >= 0, rows.upperBound <= layout.rowBlocks else {
            throw .invalidArgument("row blocks \(rows) are not within the layout's \(layout.rowBlocks)")
        }
        let k = layout.featureBlocks
        return try EncryptedShard(
            layout: layout, rowBlocks: rows, blocks: Array(blocks[(rows.lowerBound * k)..<(rows.upperBound * k)]))
    }
}
