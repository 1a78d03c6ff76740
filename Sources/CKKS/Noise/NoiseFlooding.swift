import Foundation
import HERing

/// Gaussian noise added to a decryption before its result leaves the owner, sized so that the decryptions reveal
/// nothing about the secret key beyond a stated statistical security (IND-CPA-D).
///
/// An exact CKKS decryption returns Δ·m + e, and e is a function of the secret key: Li and Micciancio
/// (EUROCRYPT 2021) recover the key from such decryptions of ciphertexts the adversary computed on. Flooding adds z
/// with independent coefficients round(𝒩(0, σ²)) from the system CSPRNG, of width
///
///     σ = √τ · 2^(s/2) · E
///
/// where E = ``NoiseEstimate/l2Bound`` bounds ‖e‖₂ (coefficient domain), τ is the number of decryptions of
/// ciphertexts under this key that an adversary may see (``decryptions``), and s the statistical security in bits
/// (``statisticalSecurity``).
///
/// Why this width (the Gaussian-mechanism argument of Li, Micciancio, Schultz and Sorrell, "Securing approximate
/// homomorphic encryption using differential privacy", CRYPTO 2022, ePrint 2022/816): compare the adversary's view
/// of τ flooded decryptions Δ·mᵢ + eᵢ + zᵢ with Δ·mᵢ + zᵢ, which needs no key. For one decryption the
/// Kullback–Leibler divergence between a Gaussian shifted by eᵢ and the unshifted one is ‖eᵢ‖₂²/(2σ²) (rounding
/// to integers can only lower it); over τ adaptively chosen decryptions the divergences add, so
/// KL ≤ τ·E²/(2σ²) = 2^(−s)/2. By Pinsker's inequality the two views are then within statistical distance
/// √(KL/2) = 2^(−s/2)/2. In the bit-security framework LMSS22 use (after Micciancio and Walter, EUROCRYPT 2018) a
/// decision game's advantage counts squared, so an advantage below 2^(−s/2) is s bits of statistical security:
/// hence 2^(s/2), not 2^s. OpenFHE (its `NOISE_FLOODING_DECRYPT` mode and CKKS noise-flooding notes) uses the same
/// shape, √(12τ)·2^(s/2) times its own measured noise estimate; s = 30 is the common minimum.
///
/// The cost is precision: see ``precisionBits(scale:)``. Decryption refuses flooding that could wrap around the
/// ciphertext's remaining modulus (see ``check(level:scale:context:)``).
public struct NoiseFlooding: Sendable, Hashable, CustomStringConvertible {
    /// The statistical security used when none is stated: 30 bits.
    public static let defaultStatisticalSecurity = 30

    /// The estimate of the noise of the ciphertexts to be decrypted.
    public let noise: NoiseEstimate
    /// s, in bits: 1 … 100 (30 or more recommended).
    public let statisticalSecurity: Int
    /// τ: decryptions under this key an adversary may see over the key's life (each ciphertext decrypted counts
    /// once), ≥ 1.
    public let decryptions: Int
    /// The largest magnitude of a decrypted slot value (real or complex) the caller expects; it enters only the
    /// wrap-around check.
    public let messageBound: Double
    /// σ = √τ · 2^(s/2) · E, in coefficient units.
    public let standardDeviation: Double

    /// - Parameters:
    ///   - noise: an estimate for the ciphertexts that will be decrypted (see ``NoiseEstimate``).
    ///   - statisticalSecurity: s, 1 … 100 bits.
    ///   - decryptions: τ ≥ 1 (see ``decryptions``).
    ///   - messageBound: largest |slot value| expected, > 0 (default 1).
    /// - Throws: ``CKKSError/invalidInput(_:)`` for a value out of range, a noise estimate of 0 (it would add no
    ///   noise), or when σ would exceed 2^58 (the sampler's limit).
    public init(
        noise: NoiseEstimate, statisticalSecurity: Int = defaultStatisticalSecurity, decryptions: Int,
        messageBound: Double = 1
    ) throws(CKKSError) {
        guard noise.standardDeviation > 0 else { throw .invalidInput("a noise estimate of 0 would add no flooding") }
        guard (1...100).contains(statisticalSecurity) else {
            throw .invalidInput("statistical security must be 1 … 100 bits")
        }
        guard decryptions >= 1 else { throw .invalidInput("the number of decryptions must be at least 1") }
        guard messageBound.isFinite, messageBound > 0 else {
            throw .invalidInput("the message bound must be positive and finite")
        }
        let sigma = Double(decryptions).squareRoot() * pow(2, Double(statisticalSecurity) / 2) * noise.l2Bound
        guard sigma <= WideGaussianSampler.maximumStandardDeviation else {
            throw .invalidInput(
                "flooding width 2^\(log2String(sigma)) exceeds 2^58; lower the statistical security "
                    + "or the number of decryptions")
        }
        self.noise = noise
        self.statisticalSecurity = statisticalSecurity
        self.decryptions = decryptions
        self.messageBound = messageBound
        standardDeviation = sigma
    }

    /// Bits of precision a flooded decryption keeps at `scale`: −log2 of the standard deviation of the error of one
    /// decoded slot (real part), log2(Δ) − ½·log2(N/2 · (σ² + v²)), since a slot is a sum of N coefficients with
    /// weights of mean square ½. The worst of N/2 slots is about ½·log2(2 ln N) bits (≈ 2) below this.
    public func precisionBits(scale: Double) -> Double {
        let halfN = Double(noise.degree) / 2
        return log2(scale) - 0.5 * log2(halfN * (standardDeviation * standardDeviation + noise.variance))
    }

    /// Throws unless flooding a ciphertext at `level` and `scale` stays far from wrapping around its modulus
    /// Q_level = q_0 ⋯ q_level: every coefficient of the flooded decryption is bounded by
    /// Δ·``messageBound`` + ``NoiseEstimate/coefficientBound`` + 8σ, and that must not exceed Q_level/4. The 8σ
    /// tail has probability 1.2·10^−15 per coefficient, and the factor 4 (2 below the Q/2 where decryption would
    /// wrap) makes a wrap further need a 16σ deviation.
    ///
    /// - Throws: ``CKKSError/floodingExceedsModulus(level:neededBits:availableBits:)``;
    ///   ``CKKSError/parameterMismatch(_:)`` when the noise estimate is for another ring degree;
    ///   ``CKKSError/invalidInput(_:)`` for a level outside the chain.
    public func check(level: Int, scale: Double, context: CKKSContext) throws(CKKSError) {
        try context.require(level: level)
        guard noise.degree == context.parameters.degree else {
            throw .parameterMismatch(
                "the noise estimate is for ring degree \(noise.degree), not \(context.parameters.degree)")
        }
        let needed = scale * messageBound + noise.coefficientBound + 8 * standardDeviation
        let available = context.parameters.ciphertextModuli.prefix(level + 1).reduce(0.0) { $0 + log2(Double($1)) } - 2
        guard log2(needed) <= available else {
            throw .floodingExceedsModulus(level: level, neededBits: log2(needed), availableBits: available)
        }
    }

    /// Fresh flooding noise over `ring`, evaluation form, from the system CSPRNG.
    func sample(ring: RingContext) throws(CKKSError) -> RNSPolynomial<Evaluation> {
        let coefficients = try ringCall { () throws(HERingError) in
            var random = SystemRandomSource()
            return try WideGaussianSampler.sample(
                count: ring.degree, standardDeviation: standardDeviation, using: &random)
        }
        return RNSPolynomial<Coefficient>(context: ring, signedCoefficients: coefficients).forwardNTT()
    }

    public var description: String {
        "Gaussian flooding σ = 2^\(log2String(standardDeviation)) (s = \(statisticalSecurity) bits, "
            + "\(decryptions) decryptions, \(noise))"
    }
}
