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
    ///
    /// - Parameters:
    ///   - decryptor: the owner's decryptor (secret key).
    ///   - encoder: an encoder of the same context.
    ///   - flooding: Gaussian noise added to each weight ciphertext's decryption; give it whenever the weights
    ///     leave the owner (each ciphertext counts as one of its `NoiseFlooding.decryptions`), and round the
    ///     published weights with ``WeightRounding`` to the precision it leaves (`precisionBits(scale:)` per slot;
    ///     averaging k replicated copies gains about ½·log2(k) bits more).
    /// - Throws: ``HEMLError/encryption(_:)``, e.g. `CKKSError.floodingExceedsModulus(level:neededBits:availableBits:)`.
    public func decrypt(
        decryptor: Decryptor, encoder: CKKSEncoder,
        flooding: NoiseFlooding? = nil
    ) throws(HEMLError) -> [Double] {
        var blocks: [[Double]] = []
        for ciphertext in weights {
            blocks.append(
                try ckks { () throws(CKKSError) in
                    try encoder.decode(decryptor.decrypt(ciphertext, flooding: flooding))
                })
        }
        return layout.unpackWeights(blocks)
    }
}

extension EncryptedModel {
    /// Encrypted weights read back from storage (e.g. a file the server wrote).
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` unless there is one ciphertext per feature
    ///   block; ``HEMLError/invalidArgument(_:)`` unless `iterations` is 1 … ``TrainingPlan/maximumIterations``.
    public static func restored(layout: SlotLayout, weights: [Ciphertext], iterations: Int) throws(HEMLError)
        -> EncryptedModel
    {
        guard (1...TrainingPlan.maximumIterations).contains(iterations) else {
            throw .invalidArgument("iterations must be 1 … \(TrainingPlan.maximumIterations)")
        }
        guard weights.count == layout.featureBlocks else {
            throw .dimensionMismatch(
                what: "weight ciphertexts (one per feature block)", expected: layout.featureBlocks,
                found: weights.count)
        }
        return EncryptedModel(layout: layout, weights: weights, iterations: iterations)
    }
}
