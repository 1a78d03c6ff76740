import CKKS
import Foundation

extension EncryptedModel {
    /// The largest |encrypted − plaintext twin| difference of a trained weight that heml guarantees (scaled
    /// units): the test suite asserts it for every plan it trains. A public bound, the same for every key, so
    /// flooding sized from it reveals nothing about the key (an estimate from the owner's own decryption would).
    public static let weightErrorBound = 1e-4

    /// Largest |weight| (scaled units) the flooding's wrap check allows for.
    public static let weightBound = 16.0

    /// Flooding for publishing these weights (IND-CPA-D): Gaussian noise sized from ``weightErrorBound``, taken as
    /// the standard deviation of each slot's error (coefficient noise v = bound · scale / √(N/2)), for
    /// `statisticalSecurity` bits against a recipient who sees `publications` releases of the model (each
    /// ciphertext of each release counts as one decryption).
    ///
    /// - Throws: ``HEMLError/encryption(_:)`` for out-of-range arguments, or
    ///   `CKKSError.floodingExceedsModulus(level:neededBits:availableBits:)` when the noise would wrap past the
    ///   modulus the weights have left.
    public func flooding(
        context: CKKSContext, statisticalSecurity: Int = NoiseFlooding.defaultStatisticalSecurity,
        publications: Int = 1
    ) throws(HEMLError) -> NoiseFlooding {
        guard let first = weights.first else { throw .invalidArgument("a model needs at least one ciphertext") }
        let halfDegree = Double(context.parameters.degree / 2)
        return try ckks { () throws(CKKSError) in
            let noise = try NoiseEstimate(
                standardDeviation: Self.weightErrorBound * first.scale / halfDegree.squareRoot(),
                degree: context.parameters.degree)
            let flooding = try NoiseFlooding(
                noise: noise, statisticalSecurity: statisticalSecurity,
                decryptions: publications * weights.count, messageBound: Self.weightBound)
            try flooding.check(level: first.level, scale: first.scale, context: context)
            return flooding
        }
    }

    /// Bits of precision (−log2 of the standard deviation of a weight's error) a flooded decryption leaves:
    /// the flooding's per-slot precision plus ½·log2 of the copies of each weight that decryption averages.
    public func precisionBits(after flooding: NoiseFlooding) -> Double {
        guard let first = weights.first else { return 0 }
        return flooding.precisionBits(scale: first.scale) + 0.5 * log2(Double(layout.rowsPerBlock))
    }
}
