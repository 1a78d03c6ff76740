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
