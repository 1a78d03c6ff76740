import Foundation

extension SmallSampler {
    /// Standard deviation of the RLWE error, as in the HomomorphicEncryption.org standard.
    public static let gaussianStandardDeviation = 3.2
    /// Coefficients are bounded by ⌊6σ⌋ in absolute value.
    public static let gaussianBound = 19

    /// Cumulative distribution of |X| for the discrete Gaussian of σ = 3.2 bounded by 19, scaled to 2^63:
    /// entry k is ⌊2^63 · P(|X| ≤ k)⌉ for k = 0..18.
    static let gaussianTable: [UInt64] = {
        let sigma = gaussianStandardDeviation
        let rho = (0...gaussianBound).map { k in exp(-Double(k * k) / (2 * sigma * sigma)) }
        let weights = rho.enumerated().map { k, r in k == 0 ? r : 2 * r }
        let total = weights.reduce(0, +)
        var cumulative = 0.0
        return weights.dropLast().map { w in
            cumulative += w / total
            return UInt64((cumulative * 0x1p63).rounded())
        }
    }()

    /// N coefficients from the discrete Gaussian of σ = 3.2, bounded by 19. The random words they come from are
    /// wiped; the caller wipes the result (`Array.wipe()`) when it is secret.
    ///
    /// Inversion sampling that scans the whole table for every draw with branch-free comparisons, and a
    /// branch-free sign, so neither timing nor memory access depends on the values.
    ///
    /// - Throws: ``HERingError/randomSourceFailed(errno:)`` from the source.
    public static func gaussian<R: RandomSource>(count: Int, using random: inout R) throws(HERingError) -> [Int64] {
        var draws = try random.words(count)
        defer { draws.wipe() }
        let table = gaussianTable
        return draws.map { word in
            let r = word >> 1
            var magnitude: UInt64 = 0
            for threshold in table { magnitude &+= (threshold &- 1 &- r) >> 63 }
            let sign = word & 1
            return Int64(bitPattern: (magnitude ^ (0 &- sign)) &+ sign)
        }
    }
}
