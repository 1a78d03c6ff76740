import CKKS

/// A matrix of rows as ciphertexts in a ``SlotLayout``: for training, Kim et al.'s Z = y·(1, x) (what the data owner
/// sends to the server); for scoring, the rows (1, x) alone.
public struct EncryptedDataset: Sendable {
    /// How rows and columns sit in the slots.
    public let layout: SlotLayout
    /// Ciphertext (rowBlock, featureBlock) at index rowBlock · featureBlocks + featureBlock, all at the top level.
    public let blocks: [Ciphertext]

    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` unless there is one ciphertext per block.
    public init(layout: SlotLayout, blocks: [Ciphertext]) throws(HEMLError) {
        guard blocks.count == layout.ciphertextCount else {
            throw .dimensionMismatch(
                what: "ciphertexts in the encrypted dataset", expected: layout.ciphertextCount,
                found: blocks.count)
        }
        self.layout = layout
        self.blocks = blocks
    }

    /// Data owner: encrypts Kim et al.'s zᵢ = yᵢ·(1, xᵢ) of an already scaled dataset (entries in [−1, 1]).
    ///
    /// - Parameters:
    ///   - scaled: labelled rows with scaled features.
    ///   - layout: where rows and columns go in the slots (the plan's).
    ///   - encoder: an encoder of the context the keys belong to.
    ///   - encryptor: the data owner's encryptor.
    ///   - level: the level to encrypt at (default: the top); ``TrainingPlan/dataLevel`` for training.
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` when the layout does not match the data;
    ///   ``HEMLError/encryption(_:)`` for CKKS failures.
    public static func encrypt(
        _ scaled: Dataset, layout: SlotLayout, encoder: CKKSEncoder,
        encryptor: Encryptor, level: Int? = nil
    ) throws(HEMLError) -> EncryptedDataset {
        try check(scaled, fits: layout)
        return try encrypt(
            matrix: KimEncoding.zMatrix(scaled), layout: layout, encoder: encoder, encryptor: encryptor, level: level)
    }

    /// Data owner: encrypts the rows (1, xᵢ) of an already scaled dataset for ``EncryptedScorer`` (no labels).
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` when the dataset does not fit the layout;
    ///   ``HEMLError/encryption(_:)`` for CKKS failures.
    public static func encryptForScoring(
        _ scaled: Dataset, layout: SlotLayout, encoder: CKKSEncoder,
        encryptor: Encryptor
    ) throws(HEMLError) -> EncryptedDataset {
        try check(scaled, fits: layout)
        let rows: [Double] = (0..<scaled.rowCount).flatMap { i -> [Double] in [1.0] + Array(scaled.row(i)) }
        return try encrypt(matrix: rows, layout: layout, encoder: encoder, encryptor: encryptor, level: nil)
    }

    static func check(_ scaled: Dataset, fits layout: SlotLayout) throws(HEMLError) {
        guard layout.rowCount == scaled.rowCount, layout.width == scaled.featureCount + 1 else {
            throw .dimensionMismatch(
                what: "layout rows × columns", expected: layout.rowCount * layout.width,
                found: scaled.rowCount * (scaled.featureCount + 1))
        }
    }

    static func encrypt(
        matrix: [Double], layout: SlotLayout, encoder: CKKSEncoder,
        encryptor: Encryptor, level: Int?
    ) throws(HEMLError) -> EncryptedDataset {
        var blocks: [Ciphertext] = []
        for r in 0..<layout.rowBlocks {
            for k in 0..<layout.featureBlocks {
                let slots = layout.pack(matrix, rowBlock: r, featureBlock: k)
                blocks.append(
                    try ckks { () throws(CKKSError) in try encryptor.encrypt(encoder.encode(slots, level: level)) })
            }
        }
        return try EncryptedDataset(layout: layout, blocks: blocks)
    }

    /// Ciphertext of row block r, feature block k.
    public func block(row r: Int, feature k: Int) -> Ciphertext { blocks[r * layout.featureBlocks + k] }
}

/// Runs a CKKS call, wrapping its error.
func ckks<T>(_ body: () throws(CKKSError) -> T) throws(HEMLError) -> T {
    do { return try body() } catch { throw .encryption(error) }
}
