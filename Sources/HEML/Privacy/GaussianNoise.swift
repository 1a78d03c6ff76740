import Foundation

/// Gaussian noise for differential privacy, on a power-of-two grid.
///
/// Box–Muller on 64-bit words from the caller's generator (the system CSPRNG, `SystemRandomNumberGenerator`
/// (getrandom(2) on Linux), for anything released): each pair of words gives two standard normals r·cos θ and r·sin θ
/// with r = √(−2 ln u), u = (w₁ + 1)/2^64 ∈ (0, 1], θ = 2π·w₂/2^64, one fixed sequence of floating-point operations
/// with no branch on the random values (as the ring layer's wide Gaussian sampler).
///
/// Floating-point caveat (Mironov, CCS 2012: textbook floating-point Laplace noise leaks the value it hides through
/// the pattern of representable outputs): every sample is rounded to a multiple of the grid g = 2^(⌊log2 σ⌋ − 20),
/// an integer k = round(σ·X/g) times g, so the noise carries no low-order bits from the floating-point
/// computation. Rounding a Gaussian of width 2^20 grid steps is within statistical distance far below 2^−100 of
/// the discrete Gaussian on that grid, whose privacy matches the continuous one (Canonne, Kamath and Steinke,
/// NeurIPS 2020). The Box–Muller errors (a few ulps, about 2^−50·σ) can move a sample to a neighbouring grid
/// point only near the midpoints; the tail is cut at 9.42σ (u ≥ 2^−64), a mass below 2^−66 per sample. In heml
/// the noise is further added under encryption and the decrypted weights carry CKKS noise and are rounded.
public enum GaussianNoise {
    /// Bits of the grid below σ: g = 2^(⌊log2 σ⌋ − ``gridBits``).
    public static let gridBits = 20

    /// The grid spacing for width σ > 0.
    public static func grid(standardDeviation sigma: Double) -> Double {
        Foundation.exp2(Foundation.floor(Foundation.log2(sigma)) - Double(gridBits))
    }

    /// `count` independent samples of N(0, σ²), each an integer multiple of ``grid(standardDeviation:)``.
    ///
    /// - Parameters:
    ///   - count: number of samples, ≥ 0.
    ///   - sigma: σ, finite and ≥ 0 (0 gives zeros).
    ///   - generator: the source of 64-bit words; the system CSPRNG for released noise, a seeded generator only in
    ///     tests and measurements.
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for a negative count or σ not finite and ≥ 0.
    public static func sample(
        count: Int, standardDeviation sigma: Double, using generator: inout some RandomNumberGenerator
    ) throws(HEMLError) -> [Double] {
        guard count >= 0 else { throw .invalidArgument("noise sample count must not be negative") }
        guard sigma.isFinite, sigma >= 0 else {
            throw .invalidArgument("noise standard deviation must be finite and non-negative")
        }
        guard sigma > 0 else { return Array(repeating: 0, count: count) }
        let g = grid(standardDeviation: sigma), width = sigma / g
        var out = [Double](repeating: 0, count: count + 1)
        for i in stride(from: 0, to: count, by: 2) {
            let u = (Double(generator.next()) + 1) * 0x1p-64
            let theta = 2 * Double.pi * (Double(generator.next() >> 11) * 0x1p-53)
            let r = width * (-2 * Foundation.log(u)).squareRoot()
            out[i] = (r * Foundation.cos(theta)).rounded() * g
            out[i + 1] = (r * Foundation.sin(theta)).rounded() * g
        }
        out.removeLast(out.count - count)
        return out
    }
}
