import CKKS
import HEML

/// One party's part of the union's encrypted training data: the row blocks of the union's ``SlotLayout`` that its
/// rows fall into, encrypted under the collective key with its rows in place and zeros in the other parties' rows.
///
/// Parties hold consecutive row ranges of the union (party 0 first). A row block shared by two parties is
/// encrypted by both, each with zeros where the other's rows go; ``merge(_:layout:context:)`` adds the
/// ciphertexts of each block, so the server receives exactly the dataset a single owner of the union would send
/// (each shared block with the noise of two fresh encryptions instead of one).
public struct PartyRows: Sendable {
    /// The union's row index of this party's first row.
    public let firstRow: Int
    /// This party's ciphertexts by their index in the union's ``EncryptedDataset/blocks``.
    public let blocks: [Int: Ciphertext]

    /// A party: encrypts Kim et al.'s zᵢ = yᵢ·(1, xᵢ) of its scaled rows at the union rows `firstRow` ….
    ///
    /// - Parameters:
    ///   - scaled: this party's rows, scaled with the joint scaling.
    ///   - firstRow: where they start in the union (the sum of the earlier parties' row counts).
    ///   - layout: the union's layout (the plan's).
    ///   - encryptor: an encryptor under the collective public key.
    ///   - level: the plan's data level.
    /// - Throws: ``WorkflowError/heml(_:)`` when the rows do not fit the layout at `firstRow`, or for CKKS failures.
    public static func encrypt(
        _ scaled: Dataset, firstRow: Int, layout: SlotLayout, encryptor: Encryptor, level: Int
    ) throws(WorkflowError) -> PartyRows {
        let width = layout.width, n = scaled.rowCount
        guard scaled.featureCount + 1 == width, firstRow >= 0, n > 0, firstRow + n <= layout.rowCount else {
            throw .heml(
                .dimensionMismatch(
                    what: "union rows × columns", expected: layout.rowCount * width, found: (firstRow + n) * width))
        }
        var matrix = [Double](repeating: 0, count: layout.rowCount * width)
        let z = KimEncoding.zMatrix(scaled)
        matrix.replaceSubrange(firstRow * width..<(firstRow + n) * width, with: z)
        let encoder = CKKSEncoder(context: encryptor.context)
        var blocks: [Int: Ciphertext] = [:]
        for r in firstRow / layout.rowsPerBlock...(firstRow + n - 1) / layout.rowsPerBlock {
            for k in 0..<layout.featureBlocks {
                let slots = layout.pack(matrix, rowBlock: r, featureBlock: k)
                blocks[r * layout.featureBlocks + k] = try bridged {
                    try encryptor.encrypt(encoder.encode(slots, level: level))
                }
            }
        }
        return PartyRows(firstRow: firstRow, blocks: blocks)
    }

    /// The union's encrypted dataset: per block, the sum of the parties' ciphertexts for it.
    ///
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` when a block of the layout is missing or a party's block lies
    ///   outside it; ``WorkflowError/heml(_:)`` for CKKS failures (e.g. ciphertexts at other levels).
    public static func merge(_ parties: [PartyRows], layout: SlotLayout, context: CKKSContext) throws(WorkflowError)
        -> EncryptedDataset
    {
        let evaluator = try bridged { try Evaluator(context: context) }
        var merged: [Ciphertext?] = Array(repeating: nil, count: layout.ciphertextCount)
        for party in parties {
            for (index, ciphertext) in party.blocks {
                guard merged.indices.contains(index) else {
                    throw .mismatchedFiles("a party's block \(index) lies outside the union's layout")
                }
                if let sum = merged[index] {
                    merged[index] = try bridged { try evaluator.add(sum, ciphertext) }
                } else {
                    merged[index] = ciphertext
                }
            }
        }
        let blocks = merged.compactMap { $0 }
        guard blocks.count == merged.count else {
            throw .mismatchedFiles("no party encrypted some block of the union's layout")
        }
        return try bridged { try EncryptedDataset(layout: layout, blocks: blocks) }
    }
}
