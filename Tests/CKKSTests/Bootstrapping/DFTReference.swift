import ComplexModule
import Foundation

/// Independent float64 references for the bootstrapping transforms: the special DFT by its definition and the
/// bit-reversal permutation.
enum DFTReference {
    /// z_j = Σ_(k<n) w_k·ξ^(5^j·k) with ξ = e^(2πi/(4n)), directly in O(n²).
    static func dft(_ w: [Complex<Double>]) -> [Complex<Double>] {
        let n = w.count
        var rootPower = 1
        return (0..<n).map { _ in
            defer { rootPower = rootPower * 5 % (4 * n) }
            var sum = Complex<Double>.zero
            for k in 0..<n {
                let angle = 2 * Double.pi * Double(rootPower * k % (4 * n)) / Double(4 * n)
                sum += w[k] * Complex(cos(angle), sin(angle))
            }
            return sum
        }
    }

    /// Index i with its log2(n) bits reversed.
    static func bitReversed(_ i: Int, count n: Int) -> Int {
        (0..<n.trailingZeroBitCount).reduce(0) { r, bit in r << 1 | (i >> bit & 1) }
    }

    /// v permuted by bit reversal: result[j] = v[R(j)].
    static func bitReversed<T>(_ v: [T]) -> [T] {
        v.indices.map { v[bitReversed($0, count: v.count)] }
    }

    /// Largest |a_j − b_j|.
    static func maxError(_ a: [Complex<Double>], _ b: [Complex<Double>]) -> Double {
        zip(a, b).map { ($0 - $1).length }.max() ?? 0
    }

    /// Deterministic complex values with real and imaginary parts in [−1, 1].
    static func values(count: Int, seed: UInt64) -> [Complex<Double>] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        return (0..<count).map { _ in Complex(next(), next()) }
    }
}
