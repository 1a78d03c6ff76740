import CKKS

/// How an n × f matrix (rows of f = d + 1 values: the intercept column and d features) and a weight vector map
/// onto the slots of CKKS ciphertexts.
///
/// f is padded to a power of two F and split into C = F / B feature blocks of B columns; each ciphertext holds
/// `rowsPerBlock` = slots / B consecutive rows of one feature block, row-major: slot r·B + l holds row r, column
/// k·B + l of that block. Ciphertext (rowBlock, featureBlock) is number rowBlock·C + featureBlock. Weights use the
/// same layout with the weights of block k replicated in every row, so the per-row inner products and the
/// gradient's sum over rows both land back in this layout without re-packing.
///
/// B is chosen to minimise rotations per training iteration: each row block needs 2·log2 B + 1 (sum across a row,
/// then spread the result back over it) and each feature block log2(rowsPerBlock) (sum over rows, after adding the
/// row blocks together). Padded rows and columns are zero, so they contribute nothing.
public struct SlotLayout: Sendable, Equatable, Codable {
    /// n, the number of rows.
    public let rowCount: Int
    /// f, values per row (intercept column included).
    public let width: Int
    /// Slots per ciphertext (N/2).
    public let slotCount: Int
    /// B, columns per ciphertext row (a power of two dividing F).
    public let blockWidth: Int

    /// Most rows a layout holds, 2^31.
    public static let maximumRowCount = 1 << 31
    /// Most values per row, intercept included: 2^16 features + 1.
    public static let maximumWidth = (1 << 16) + 1
    /// Most slots per ciphertext, N/2 for the largest ring (N = 2^17).
    public static let maximumSlotCount = 1 << 16
    /// Most ciphertexts a layout may span, 2^20 (over 100 GB of fresh ciphertexts even at N = 2^13): a bound on
    /// what a layout read from a file can make a reader expect.
    public static let maximumCiphertextCount = 1 << 20

    /// - Parameters:
    ///   - rowCount: n, 1 … ``maximumRowCount``.
    ///   - width: f, 1 … ``maximumWidth``.
    ///   - slotCount: a power of two, 2 … ``maximumSlotCount``.
    ///   - blockWidth: B; default: the choice with the fewest rotations per iteration.
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for empty data, a size above its maximum, a slot count that is
    ///   not a power of two, a block width that is not a power of two between 1 and min(F, slots), or more than
    ///   ``maximumCiphertextCount`` ciphertexts.
    public init(rowCount: Int, width: Int, slotCount: Int, blockWidth: Int? = nil) throws(HEMLError) {
        guard rowCount > 0, width > 0 else { throw .invalidArgument("a layout needs at least one row and one column") }
        guard rowCount <= Self.maximumRowCount, width <= Self.maximumWidth else {
            throw .invalidArgument("a layout holds at most \(Self.maximumRowCount) rows of \(Self.maximumWidth) values")
        }
        guard slotCount >= 2, slotCount <= Self.maximumSlotCount, slotCount & (slotCount - 1) == 0 else {
            throw .invalidArgument("the slot count must be a power of two from 2 to \(Self.maximumSlotCount)")
        }
        let padded = Self.nextPowerOfTwo(width)
        let candidates = sequence(first: 1) { $0 * 2 }.prefix { $0 <= min(padded, slotCount) }
        let chosen =
            blockWidth ?? candidates.min { a, b in
                Self.rotations(rowCount: rowCount, paddedWidth: padded, slotCount: slotCount, blockWidth: a)
                    < Self.rotations(rowCount: rowCount, paddedWidth: padded, slotCount: slotCount, blockWidth: b)
            }!
        guard candidates.contains(chosen) else {
            throw .invalidArgument("block width must be a power of two from 1 to \(min(padded, slotCount))")
        }
        self.rowCount = rowCount
        self.width = width
        self.slotCount = slotCount
        self.blockWidth = chosen
        guard ciphertextCount <= Self.maximumCiphertextCount else {
            throw .invalidArgument(
                "the layout needs \(ciphertextCount) ciphertexts, more than \(Self.maximumCiphertextCount)")
        }
    }

    /// F, the width padded to a power of two.
    public var paddedWidth: Int { Self.nextPowerOfTwo(width) }
    /// C, feature blocks (ciphertexts per row block).
    public var featureBlocks: Int { paddedWidth / blockWidth }
    /// Rows per ciphertext.
    public var rowsPerBlock: Int { slotCount / blockWidth }
    /// R, row blocks.
    public var rowBlocks: Int { (rowCount + rowsPerBlock - 1) / rowsPerBlock }
    /// Ciphertexts holding the matrix, R·C.
    public var ciphertextCount: Int { rowBlocks * featureBlocks }
    /// Rotations one training iteration performs with sums of this key stride (see
    /// `Evaluator.innerSum(_:batch:count:keyStride:)`).
    public func rotationsPerIteration(keyStride: Int = 1) -> Int {
        Self.rotations(
            rowCount: rowCount, paddedWidth: paddedWidth, slotCount: slotCount, blockWidth: blockWidth,
            keyStride: keyStride)
    }

    /// Every rotation step training needs with sums of this key stride: the Galois keys to generate, and no others
    /// (the steps of an inner sum across each row, of its replication back over the row, which shares them, and of
    /// the inner sum over the rows of a block).
    public func rotationSteps(keyStride: Int = 1) -> Set<Int> {
        Evaluator.replicateSteps(batch: 1, count: blockWidth, keyStride: keyStride)
            .union(Evaluator.innerSumSteps(batch: blockWidth, count: rowsPerBlock, keyStride: keyStride))
    }

    /// Slot values of ciphertext (rowBlock, featureBlock) from a row-major n × f matrix.
    public func pack(_ matrix: [Double], rowBlock: Int, featureBlock: Int) -> [Double] {
        precondition(matrix.count == rowCount * width, "matrix must be n × f, row-major")
        var slots = [Double](repeating: 0, count: slotCount)
        for r in 0..<rowsPerBlock {
            let row = rowBlock * rowsPerBlock + r
            guard row < rowCount else { break }
            for l in 0..<blockWidth {
                let column = featureBlock * blockWidth + l
                if column < width { slots[r * blockWidth + l] = matrix[row * width + column] }
            }
        }
        return slots
    }

    /// Slot values of weight block k: weights k·B ..< (k+1)·B repeated in every row.
    public func packWeights(_ weights: [Double], featureBlock: Int) -> [Double] {
        precondition(weights.count == width, "one weight per column")
        return (0..<slotCount).map { slot in
            let column = featureBlock * blockWidth + slot % blockWidth
            return column < width ? weights[column] : 0
        }
    }

    /// Weights from the decrypted slots of every feature block, averaging the replicated copies of each weight
    /// (which averages out part of the CKKS noise).
    public func unpackWeights(_ blocks: [[Double]]) -> [Double] {
        precondition(
            blocks.count == featureBlocks && blocks.allSatisfy { $0.count >= slotCount },
            "one slot vector per feature block")
        return (0..<width).map { column in
            let slots = blocks[column / blockWidth]
            let l = column % blockWidth
            let total = stride(from: l, to: slotCount, by: blockWidth).reduce(0.0) { $0 + slots[$1] }
            return total / Double(rowsPerBlock)
        }
    }

    /// The first slot of every row in one ciphertext (row r of a block at slot r·B), e.g. per-row scores.
    public func rowValues(_ slots: [Double], rowBlock: Int) -> [Double] {
        let rows = min(rowsPerBlock, rowCount - rowBlock * rowsPerBlock)
        return (0..<rows).map { slots[$0 * blockWidth] }
    }

    /// 1 in the first slot of every row, 0 elsewhere.
    public var firstSlotMask: [Double] {
        (0..<slotCount).map { $0 % blockWidth == 0 ? 1 : 0 }
    }

    /// Per row block an inner sum and a replication over B (one rotation more), per feature block an inner sum over
    /// the rows.
    static func rotations(rowCount: Int, paddedWidth: Int, slotCount: Int, blockWidth: Int, keyStride: Int = 1) -> Int {
        let rowsPerBlock = slotCount / blockWidth
        let rowBlocks = (rowCount + rowsPerBlock - 1) / rowsPerBlock
        let rowSum = Evaluator.innerSumRotationCount(count: blockWidth, keyStride: keyStride)
        return rowBlocks * (2 * rowSum + (blockWidth > 1 ? 1 : 0))
            + (paddedWidth / blockWidth)
            * Evaluator.innerSumRotationCount(batch: blockWidth, count: rowsPerBlock, keyStride: keyStride)
    }

    static func nextPowerOfTwo(_ x: Int) -> Int { x <= 1 ? 1 : 1 << (Int.bitWidth - (x - 1).leadingZeroBitCount) }
}
