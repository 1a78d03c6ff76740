import Foundation

/// A polynomial in the Chebyshev basis on an interval [a, b]: p(x) = Σ_k c_k·T_k(u) with u = (2x − a − b)/(b − a)
/// in [−1, 1]. The basis keeps high-degree approximations of smooth functions well conditioned (|T_k(u)| ≤ 1 and the
/// coefficients of an analytic function decay geometrically), which is what the modular reduction of bootstrapping
/// needs (Han and Ki 2020; Bossuat, Mouchet, Troncoso-Pastoriza and Hubaux 2021).
public struct ChebyshevSeries: Sendable, Equatable {
    /// c_0 … c_d, in the basis T_k of the normalized variable u.
    public let coefficients: [Double]
    /// [a, b], with a < b.
    public let interval: ClosedRange<Double>

    /// - Throws: ``CKKSError/invalidInput(_:)`` for no or non-finite coefficients or an empty interval.
    public init(coefficients: [Double], interval: ClosedRange<Double> = -1...1) throws(CKKSError) {
        guard !coefficients.isEmpty, coefficients.allSatisfy(\.isFinite) else {
            throw .invalidInput("Chebyshev coefficients must be finite and at least one")
        }
        guard interval.lowerBound < interval.upperBound, interval.lowerBound.isFinite, interval.upperBound.isFinite
        else { throw .invalidInput("the interval must be finite and not a point") }
        self.coefficients = coefficients
        self.interval = interval
    }

    /// The interpolant of f at the d + 1 Chebyshev nodes of the first kind, x_j = a + (b − a)(1 + cos(π(j + ½)/(d + 1)))/2:
    /// c_k = (2/(d + 1))·Σ_j f(x_j)·cos(πk(j + ½)/(d + 1)), halved for k = 0. Within a factor of about
    /// (2/π)·log(d) + 1 of the best uniform approximation of degree d; computed in float64.
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` for a negative degree, an empty interval or non-finite values of f.
    public init(interpolating f: (Double) -> Double, degree: Int, on interval: ClosedRange<Double>) throws(CKKSError) {
        guard degree >= 0 else { throw .invalidInput("degree must be ≥ 0") }
        let n = degree + 1
        let a = interval.lowerBound, b = interval.upperBound
        let angles = (0..<n).map { Double.pi * (Double($0) + 0.5) / Double(n) }
        let values = angles.map { f(a + (b - a) * (1 + cos($0)) / 2) }
        let coefficients = (0..<n).map { k in
            let sum = zip(values, angles).reduce(0) { $0 + $1.0 * cos(Double(k) * $1.1) }
            return sum * (k == 0 ? 1 : 2) / Double(n)
        }
        try self.init(coefficients: coefficients, interval: interval)
    }

    /// Degree of the last nonzero coefficient (0 for a constant).
    public var degree: Int { coefficients.lastIndex { $0 != 0 } ?? 0 }

    /// u = (2x − a − b)/(b − a), the argument of the basis polynomials.
    public func normalized(_ x: Double) -> Double {
        (2 * x - interval.lowerBound - interval.upperBound) / (interval.upperBound - interval.lowerBound)
    }

    /// p(x) in float64 by Clenshaw's recurrence.
    public func callAsFunction(_ x: Double) -> Double {
        let u = normalized(x)
        var next = 0.0, current = 0.0
        for c in coefficients.dropFirst().reversed() { (next, current) = (current, 2 * u * current - next + c) }
        return u * current - next + coefficients[0]
    }
}
