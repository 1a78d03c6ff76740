import Foundation

/// Rounded Gaussians of large width (up to 2^58), for noise flooding of decryptions that are shared.
///
/// Box–Muller on 64-bit words from the caller's ``RandomSource`` (``SystemRandomSource`` for flooding: the noise
/// is not key material, but an adversary who could predict it could subtract it). Each pair of words gives two
/// independent standard normals r·cos θ and r·sin θ with r = √(−2 ln u), u = (w₁ + 1)/2^64 ∈ (0, 1], and
/// θ = 2π·w₂/2^64; each is multiplied by σ and rounded to the nearest integer.
///
/// Why Box–Muller in `Double` suffices here:
/// - Tails: u ≥ 2^−64, so |r| ≤ √(128 ln 2) ≈ 9.42: the distribution is cut at 9.42σ, which drops a mass
///   below 2^−66 per sample.
/// - Rounding: `log`, `sqrt`, `cos`, `sin` are accurate to a few ulps, so σ·r·cos θ is within about
///   2^−50·σ of the exact value: less than 1/32 of a unit for σ ≤ 2^45. Flooding needs the added noise to hide a
///   shift by the ciphertext noise, which is 2^(s/2) times smaller than σ; errors of the sampler far below one
///   unit do not change that.
/// - Timing: one fixed sequence of floating-point operations per pair, no branch or table look-up of ours on the
///   random values; libm's `log`, `cos` and `sin` only see arguments in (0, 1] and [0, 2π), far from the
///   huge-argument reductions where their running time varies.
public enum WideGaussianSampler {
    /// Largest width accepted: 9.42 · 2^58 < 2^62, so every output fits `Int64` with room for additions.
    public static let maximumStandardDeviation = 0x1p58

    /// `count` integers, each round(σ·X) for X standard normal, independent.
    ///
    /// - Parameters:
    ///   - count: number of samples, ≥ 0.
    ///   - sigma: σ in 0 … 2^58.
    ///   - random: the source of the 64-bit words.
    /// - Throws: ``HERingError/invalidArgument(_:)`` for σ outside that range or a negative count;
    ///   ``HERingError/randomSourceFailed(errno:)`` from the source.
    public static func sample<R: RandomSource>(
        count: Int, standardDeviation sigma: Double, using random: inout R
    ) throws(HERingError) -> [Int64] {
        guard count >= 0 else { throw .invalidArgument("sample count must not be negative") }
        guard sigma >= 0, sigma <= maximumStandardDeviation else {
            throw .invalidArgument("a wide Gaussian's standard deviation must be 0 … 2^58")
        }
        let pairs = (count + 1) / 2
        let words = try random.words(2 * pairs)
        var out = [Int64](repeating: 0, count: 2 * pairs)
        for i in 0..<pairs {
            let u = (Double(words[2 * i]) + 1) * 0x1p-64
            let theta = 2 * Double.pi * (Double(words[2 * i + 1] >> 11) * 0x1p-53)
            let r = sigma * (-2 * Foundation.log(u)).squareRoot()
            out[2 * i] = Int64((r * Foundation.cos(theta)).rounded())
            out[2 * i + 1] = Int64((r * Foundation.sin(theta)).rounded())
        }
        out.removeLast(out.count - count)
        return out
    }
}
