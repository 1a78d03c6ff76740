import CKKS

/// Encrypted weights: one ciphertext per feature block, each weight replicated in every row of its block.
public struct EncryptedModel: Sendable {
    /// The layout the weights are packed in.
    public let layout: SlotLayout
    /// One ciphertext per feature block.
    public let weights: [Ciphertext]
    /// Iterations that produced them.
    public let iterations: Int

    /// Data owner: decrypts the weights (intercept first, scaled units), averaging the replicated copies.
    public func decrypt(decryptor: Decryptor, encoder: CKKSEncoder) throws(HEMLError) -> [Double] {
        var blocks: [[Double]] = []
        for ciphertext in weights {
            blocks.append(try ckks { () throws(CKKSError) in try encoder.decode(decryptor.decrypt(ciphertext)) })
        }
        return layout.unpackWeights(blocks)
    }
}

extension EncryptedModel {
    /// Encrypted weights read back from storage (e.g. a file the server wrote).
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` unless there is one ciphertext per feature block.
    public static func restored(layout: SlotLayout, weights: [Ciphertext], iterations: Int) throws(HEMLError) -> EncryptedModel {
        guard weights.count == layout.featureBlocks else {
            throw .dimensionMismatch(what: "weight ciphertexts (one per feature block)", expected: layout.featureBlocks,
                                     found: weights.count)
        }
        return EncryptedModel(layout: layout, weights: weights, iterations: iterations)
    }
}
