import Foundation

/// Small numerical helpers for the sigmoid fits: orthogonal-basis conversions, Gauss–Legendre quadrature, a
/// dense linear solve, golden-section search. All in Float64.
enum PolynomialTools {
    /// Power-basis coefficients (in u) of Σ c_k P_k(u), P_k the Legendre polynomials.
    static func legendreToPower(_ c: [Double]) -> [Double] {
        basisToPower(c) { k, previous, current in
            // (k+1) P_{k+1} = (2k+1) u P_k − k P_{k−1}
            var next = [Double](repeating: 0, count: current.count + 1)
            for i in current.indices { next[i + 1] += Double(2 * k + 1) * current[i] / Double(k + 1) }
            for i in previous.indices { next[i] -= Double(k) * previous[i] / Double(k + 1) }
            return next
        }
    }

    /// Power-basis coefficients (in u) of Σ c_k T_k(u), T_k the Chebyshev polynomials of the first kind.
    static func chebyshevToPower(_ c: [Double]) -> [Double] {
        basisToPower(c) { _, previous, current in
            // T_{k+1} = 2u T_k − T_{k−1}
            var next = [Double](repeating: 0, count: current.count + 1)
            for i in current.indices { next[i + 1] += 2 * current[i] }
            for i in previous.indices { next[i] -= previous[i] }
            return next
        }
    }

    /// Sums c_k B_k for a basis with B_0 = 1, B_1 = u and a three-term recurrence.
    private static func basisToPower(
        _ c: [Double],
        recurrence: (Int, [Double], [Double]) -> [Double]
    ) -> [Double] {
        var result = [Double](repeating: 0, count: c.count)
        var previous: [Double] = [1], current: [Double] = [0, 1]
        for (k, ck) in c.enumerated() {
            let basis: [Double]
            switch k {
            case 0: basis = previous
            case 1: basis = current
            default:
                let next = recurrence(k - 1, previous, current)
                previous = current
                current = next
                basis = current
            }
            for i in basis.indices { result[i] += ck * basis[i] }
        }
        return result
    }

    /// Gauss–Legendre nodes and weights on [−1, 1] (Newton's method on P_n, to machine precision).
    static func gaussLegendre(_ n: Int) -> (nodes: [Double], weights: [Double]) {
        var nodes = [Double](repeating: 0, count: n), weights = [Double](repeating: 0, count: n)
        for i in 0..<((n + 1) / 2) {
            var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var p0 = 1.0, p1 = x
                for k in 1..<n {
                    let p2 = (Double(2 * k + 1) * x * p1 - Double(k) * p0) / Double(k + 1)
                    p0 = p1
                    p1 = p2
                }
                derivative = Double(n) * (x * p1 - p0) / (x * x - 1)
                let step = p1 / derivative
                x -= step
                if abs(step) < 1e-16 { break }
            }
            nodes[i] = -x
            nodes[n - 1 - i] = x
            let w = 2 / ((1 - x * x) * derivative * derivative)
            weights[i] = w
            weights[n - 1 - i] = w
        }
        return (nodes, weights)
    }

    /// ∫_{−1}^{1} f(u) du by composite Gauss–Legendre (`panels` equal panels of 32 nodes each).
    static func integrate(panels: Int, _ f: (Double) -> Double) -> Double {
        let rule = gaussLegendreRule32
        let width = 2.0 / Double(panels)
        var total = 0.0
        for p in 0..<panels {
            let mid = -1 + (Double(p) + 0.5) * width
            var sum = 0.0
            for (node, weight) in zip(rule.nodes, rule.weights) { sum += weight * f(mid + node * width / 2) }
            total += sum * width / 2
        }
        return total
    }

    private static let gaussLegendreRule32 = gaussLegendre(32)

    /// Solves A x = b (A square, row-major rows) by Gaussian elimination with partial pivoting.
    static func solve(_ matrix: [[Double]], _ rhs: [Double]) throws(HEMLError) -> [Double] {
        var a = matrix, b = rhs
        let n = b.count
        for col in 0..<n {
            var pivot = col
            for row in (col + 1)..<max(n, col + 1) where abs(a[row][col]) > abs(a[pivot][col]) { pivot = row }
            guard abs(a[pivot][col]) > 1e-300 else {
                throw .numericalFailure("singular linear system in a polynomial fit")
            }
            a.swapAt(col, pivot)
            b.swapAt(col, pivot)
            for row in (col + 1)..<max(n, col + 1) {
                let factor = a[row][col] / a[col][col]
                if factor == 0 { continue }
                for k in col..<n { a[row][k] -= factor * a[col][k] }
                b[row] -= factor * b[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<max(n, row + 1) { sum -= a[row][k] * x[k] }
            x[row] = sum / a[row][row]
        }
        return x
    }

    /// Horner evaluation of Σ coefficients[i] · x^i.
    @inline(__always)
    static func horner(_ coefficients: [Double], _ x: Double) -> Double {
        var result = 0.0
        for c in coefficients.reversed() { result = result * x + c }
        return result
    }

    /// The maximiser of `f` on [a, b] by golden-section search (f assumed unimodal there).
    static func goldenMaximum(_ a: Double, _ b: Double, _ f: (Double) -> Double) -> (x: Double, value: Double) {
        let ratio = (5.0.squareRoot() - 1) / 2
        var lo = a, hi = b
        var x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo)
        var f1 = f(x1), f2 = f(x2)
        for _ in 0..<80 where hi - lo > 1e-15 {
            if f1 < f2 {
                lo = x1; x1 = x2; f1 = f2
                x2 = lo + ratio * (hi - lo); f2 = f(x2)
            } else {
                hi = x2; x2 = x1; f2 = f1
                x1 = hi - ratio * (hi - lo); f1 = f(x1)
            }
        }
        var best = (x: (lo + hi) / 2, value: f((lo + hi) / 2))
        for candidate in [a, b, x1, x2] {
            let value = f(candidate)
            if value > best.value { best = (candidate, value) }
        }
        return best
    }
}
