import Foundation

/// The logistic function σ(x) = 1 / (1 + e^(−x)), evaluated without overflow for any finite x.
@inline(__always)
public func logistic(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + exp(-x)) }
    let e = exp(x)
    return e / (1 + e)
}

/// An odd-degree polynomial p(x) ≈ σ(x) on a stated interval [−R, R], the form the encrypted trainer evaluates.
///
/// Coefficients are given twice: ``coefficients`` in the power basis of x (σ(x) ≈ Σ aᵢ xⁱ) and
/// ``normalizedCoefficients`` in u = x / R (σ(R·u) ≈ Σ bᵢ uⁱ with bᵢ = aᵢ Rⁱ, for |u| ≤ 1). Outside [−R, R] the
/// polynomial diverges quickly; keep |x| ≤ R (feature scaling is what guarantees it).
///
/// The fits use that σ(x) − ½ is odd: every fitted polynomial is ½ plus odd powers only (even coefficients are
/// exactly zero, a₀ = ½). Three fits are provided, all in Float64:
/// - ``leastSquares(degree:radius:)``: continuous least squares with uniform weight on [−R, R], computed by
///   projecting σ(R·u) on the Legendre polynomials (composite 32-point Gauss–Legendre quadrature, at least 8
///   panels, error far below 1e-15 for R ≤ 64) and converting the Legendre series to the power basis. This is the
///   Kim et al. fit (their published polynomials are presets here).
/// - ``chebyshev(degree:radius:)``: interpolation at the degree + 1 Chebyshev nodes of the first kind.
/// - ``minimax(degree:radius:)``: the best uniform approximation, by the Remez exchange algorithm on the odd
///   subspace (reference on (0, 1] in u, extrema located on a 4096-point grid and refined by golden-section
///   search; stops when the levelled error and the true maximum agree to 1e-12 relative).
///
/// Degrees are odd, from 1 to ``maximumDegree`` (31); radii are finite, positive and at most ``maximumRadius``
/// (64). Above about degree 15 the power-basis coefficients lose digits to cancellation.
public struct SigmoidApproximation: Sendable, Equatable, Codable {
    /// How the coefficients were obtained.
    public enum Method: String, Sendable, Equatable, Codable {
        case leastSquares = "least-squares"
        case chebyshev
        case minimax
        /// Coefficients taken from a publication or given by the caller.
        case published
    }

    /// Highest degree accepted (the fits and every initializer refuse more).
    public static let maximumDegree = 31
    /// Largest interval half-width R accepted: the least-squares quadrature is accurate to far below 1e-15 up to
    /// here, and a radius read from a file cannot make a fit run for hours.
    public static let maximumRadius = 64.0

    /// Polynomial degree (odd, 1…31).
    public let degree: Int
    /// Half-width R of the interval [−R, R] on which the polynomial approximates σ (R > 0).
    public let radius: Double
    /// How the coefficients were obtained.
    public let method: Method
    /// Short name for reports and model files, e.g. `kim3`, `least-squares-3`.
    public let name: String
    /// a₀…a_degree: σ(x) ≈ Σ aᵢ xⁱ.
    public let coefficients: [Double]
    /// b₀…b_degree with bᵢ = aᵢ Rⁱ: σ(R·u) ≈ Σ bᵢ uⁱ for |u| ≤ 1.
    public let normalizedCoefficients: [Double]
    /// max over |x| ≤ R of |σ(x) − p(x)| (a 40,001-point grid refined by golden-section search around the
    /// largest grid value; accurate to about 1e-12).
    public let maxError: Double

    /// The interval [−R, R].
    public var interval: ClosedRange<Double> { -radius...radius }

    /// The polynomial at x (any finite x; outside [−R, R] the value is not an approximation of σ).
    @inline(__always)
    public func evaluate(_ x: Double) -> Double { PolynomialTools.horner(coefficients, x) }

    /// A polynomial from power-basis coefficients in x.
    ///
    /// - Parameters:
    ///   - coefficients: a₀…a_d (d = count − 1 must be odd, 1…31), all finite. Even powers need not vanish.
    ///   - radius: R in (0, ``maximumRadius``], the interval [−R, R] the polynomial is meant for.
    ///   - method: how the coefficients were obtained.
    ///   - name: a short name for reports (default: method and degree, e.g. `least-squares-3`).
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for an even or out-of-range degree, a non-finite coefficient
    ///   or a radius outside (0, ``maximumRadius``].
    public init(
        coefficients: [Double], radius: Double, method: Method = .published,
        name: String? = nil
    ) throws(HEMLError) {
        let degree = coefficients.count - 1
        try Self.validate(degree: degree, radius: radius)
        guard coefficients.allSatisfy(\.isFinite) else { throw .invalidArgument("coefficients must be finite") }
        self.degree = degree
        self.radius = radius
        self.method = method
        self.name = name ?? "\(method.rawValue)-\(degree)"
        self.coefficients = coefficients
        self.normalizedCoefficients = coefficients.enumerated().map { $0.element * pow(radius, Double($0.offset)) }
        self.maxError = Self.maxAbsError(coefficients, radius: radius)
    }

    /// A polynomial from coefficients in u = x / R (bᵢ; aᵢ = bᵢ / Rⁱ). Same rules and errors as
    /// ``init(coefficients:radius:method:name:)``.
    ///
    /// - Throws: as ``init(coefficients:radius:method:name:)``.
    public init(
        normalizedCoefficients: [Double], radius: Double, method: Method = .published,
        name: String? = nil
    ) throws(HEMLError) {
        try Self.validate(degree: normalizedCoefficients.count - 1, radius: radius)
        try self.init(
            coefficients: normalizedCoefficients.enumerated().map { $0.element / pow(radius, Double($0.offset)) },
            radius: radius, method: method, name: name)
    }

    private static func validate(degree: Int, radius: Double) throws(HEMLError) {
        guard degree >= 1, degree <= maximumDegree, degree % 2 == 1 else {
            throw .invalidArgument("sigmoid approximation degree must be odd, 1 to \(maximumDegree)")
        }
        guard radius.isFinite, radius > 0 else { throw .invalidArgument("interval radius must be finite and positive") }
        guard radius <= maximumRadius else {
            throw .invalidArgument("interval radius must be at most \(formatNumber(maximumRadius))")
        }
    }

    /// Fits σ on [−radius, radius] with the given method (``Method/published`` is refused).
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for ``Method/published``, an even degree or one out of 1 …
    ///   ``maximumDegree``, or a radius out of (0, ``maximumRadius``]; ``HEMLError/numericalFailure(_:)`` when a
    ///   fit does not converge.
    public static func fit(_ method: Method, degree: Int, radius: Double) throws(HEMLError) -> SigmoidApproximation {
        switch method {
        case .leastSquares: try leastSquares(degree: degree, radius: radius)
        case .chebyshev: try chebyshev(degree: degree, radius: radius)
        case .minimax: try minimax(degree: degree, radius: radius)
        case .published: throw .invalidArgument("published coefficients cannot be fitted; use a preset")
        }
    }

    /// Continuous least squares with uniform weight on [−radius, radius] (see the type documentation).
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for an even or out-of-range degree or a bad radius.
    public static func leastSquares(degree: Int, radius: Double) throws(HEMLError) -> SigmoidApproximation {
        try validate(degree: degree, radius: radius)
        let panels = max(8, Int(radius.rounded(.up)))
        var legendre = [Double](repeating: 0, count: degree + 1)
        legendre[0] = 0.5
        for k in stride(from: 1, through: degree, by: 2) {
            // c_k = (2k+1)/2 ∫ σ(R u) P_k(u) du
            let integral = PolynomialTools.integrate(panels: panels) { u in
                (logistic(radius * u) - 0.5) * legendreP(k, u)
            }
            legendre[k] = Double(2 * k + 1) / 2 * integral
        }
        let normalized = oddPart(PolynomialTools.legendreToPower(legendre))
        return try SigmoidApproximation(normalizedCoefficients: normalized, radius: radius, method: .leastSquares)
    }

    /// Interpolation of σ at the degree + 1 Chebyshev nodes R·cos(π(j + ½)/(degree + 1)).
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for an even or out-of-range degree or a bad radius.
    public static func chebyshev(degree: Int, radius: Double) throws(HEMLError) -> SigmoidApproximation {
        try validate(degree: degree, radius: radius)
        let n = degree + 1
        var series = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var sum = 0.0
            for j in 0..<n {
                let theta = Double.pi * (Double(j) + 0.5) / Double(n)
                sum += (logistic(radius * cos(theta)) - 0.5) * cos(Double(k) * theta)
            }
            series[k] = 2 * sum / Double(n)
        }
        series[0] = 0.5  // σ − ½ is odd: the constant term is exactly ½
        let normalized = oddPart(PolynomialTools.chebyshevToPower(series))
        return try SigmoidApproximation(normalizedCoefficients: normalized, radius: radius, method: .chebyshev)
    }

    /// The minimax (best uniform) polynomial of the given odd degree on [−radius, radius], by Remez exchange.
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for an even or out-of-range degree or a bad radius;
    ///   ``HEMLError/numericalFailure(_:)`` if the exchange loses alternation or does not converge in 100 steps.
    public static func minimax(degree: Int, radius: Double) throws(HEMLError) -> SigmoidApproximation {
        try validate(degree: degree, radius: radius)
        let m = (degree + 1) / 2  // basis u, u³, …, u^degree
        let g: (Double) -> Double = { logistic(radius * $0) - 0.5 }
        // Initial reference: the positive extrema of T_{degree+2} on (0, 1].
        var reference = (0...m).map { cos(Double(m - $0) * Double.pi / Double(2 * m + 1)) }
        var odd = [Double](repeating: 0, count: m)
        let grid = 4096
        var converged = false
        for _ in 0..<100 {
            var matrix = [[Double]](), rhs = [Double]()
            for (i, x) in reference.enumerated() {
                var row = (0..<m).map { pow(x, Double(2 * $0 + 1)) }
                row.append(i % 2 == 0 ? 1 : -1)
                matrix.append(row)
                rhs.append(g(x))
            }
            let solution = try PolynomialTools.solve(matrix, rhs)
            odd = Array(solution.prefix(m))
            let levelled = abs(solution[m])
            let error: (Double) -> Double = { u in
                var p = 0.0
                let u2 = u * u
                for c in odd.reversed() { p = p * u2 + c }
                return g(u) - p * u
            }
            // Local extrema of the error, one per run of constant sign.
            var extrema = [(x: Double, value: Double)]()
            var runSign = 0.0, runBest = 0
            var values = [Double](repeating: 0, count: grid + 1)
            for k in 1...grid { values[k] = error(Double(k) / Double(grid)) }
            func closeRun(_ best: Int) {
                let lo = Double(best - 1) / Double(grid), hi = min(1, Double(best + 1) / Double(grid))
                let sign = values[best] >= 0 ? 1.0 : -1.0
                let refined = PolynomialTools.goldenMaximum(max(lo, 1e-12), hi) { sign * error($0) }
                extrema.append((refined.x, sign * refined.value))
            }
            for k in 1...grid {
                let sign: Double = values[k] > 0 ? 1 : (values[k] < 0 ? -1 : 0)
                if sign == 0 { continue }
                if sign != runSign {
                    if runSign != 0 { closeRun(runBest) }
                    runSign = sign
                    runBest = k
                } else if abs(values[k]) > abs(values[runBest]) {
                    runBest = k
                }
            }
            if runSign != 0 { closeRun(runBest) }
            while extrema.count > m + 1 {
                if abs(extrema.first!.value) < abs(extrema.last!.value) {
                    extrema.removeFirst()
                } else {
                    extrema.removeLast()
                }
            }
            guard extrema.count == m + 1 else {
                throw .numericalFailure(
                    "Remez exchange lost alternation (degree \(degree), radius \(formatNumber(radius)))")
            }
            reference = extrema.map(\.x)
            let largest = extrema.map { abs($0.value) }.max()!
            if largest - levelled <= 1e-12 * largest {
                converged = true
                break
            }
        }
        guard converged else {
            throw .numericalFailure(
                "Remez exchange did not converge (degree \(degree), radius \(formatNumber(radius)))")
        }
        var normalized = [Double](repeating: 0, count: degree + 1)
        normalized[0] = 0.5
        for (j, c) in odd.enumerated() { normalized[2 * j + 1] = c }
        return try SigmoidApproximation(normalizedCoefficients: normalized, radius: radius, method: .minimax)
    }

    /// Kim et al. (2018) degree-3 least-squares polynomial on [−8, 8]: 0.5 + 0.15012 x − 0.001593 x³.
    public static let kim3 = try! SigmoidApproximation(
        coefficients: [0.5, 0.15012, 0, -0.001593], radius: 8,
        name: "kim3")
    /// Kim et al. (2018) degree-5 polynomial on [−8, 8]: 0.5 + 0.19131 x − 0.0045963 x³ + 0.0000412332 x⁵.
    ///
    /// Its x⁵ coefficient is 2.4 % below the true continuous least-squares value (4.22294e-5): the two
    /// polynomials differ by up to 0.033 at |x| = 8 (the published one happens to have the smaller max error).
    public static let kim5 = try! SigmoidApproximation(
        coefficients: [0.5, 0.19131, 0, -0.0045963, 0, 0.0000412332], radius: 8, name: "kim5")
    /// Kim et al. (2018) degree-7 least-squares polynomial on [−8, 8]:
    /// 0.5 + 0.216884 x − 0.00819276 x³ + 0.000165861 x⁵ − 0.00000119581 x⁷.
    public static let kim7 = try! SigmoidApproximation(
        coefficients: [0.5, 0.216884, 0, -0.00819276, 0, 0.000165861, 0, -0.00000119581], radius: 8, name: "kim7")

    /// The Kim et al. preset of degree 3, 5 or 7, or nil for other degrees.
    public static func kim(degree: Int) -> SigmoidApproximation? {
        switch degree {
        case 3: kim3
        case 5: kim5
        case 7: kim7
        default: nil
        }
    }

    /// max |σ(x) − p(x)| on [−R, R].
    static func maxAbsError(_ coefficients: [Double], radius: Double) -> Double {
        let points = 40_000
        let error: (Double) -> Double = { x in abs(logistic(x) - PolynomialTools.horner(coefficients, x)) }
        var best = 0, bestValue = -1.0
        for k in 0...points {
            let value = error(-radius + 2 * radius * Double(k) / Double(points))
            if value > bestValue { best = k; bestValue = value }
        }
        let step = 2 * radius / Double(points)
        let center = -radius + step * Double(best)
        let refined = PolynomialTools.goldenMaximum(max(-radius, center - step), min(radius, center + step), error)
        return max(bestValue, refined.value)
    }

    /// P_k(u) by the three-term recurrence.
    private static func legendreP(_ k: Int, _ u: Double) -> Double {
        if k == 0 { return 1 }
        var p0 = 1.0, p1 = u
        if k == 1 { return p1 }
        for j in 1..<k {
            let p2 = (Double(2 * j + 1) * u * p1 - Double(j) * p0) / Double(j + 1)
            p0 = p1
            p1 = p2
        }
        return p1
    }

    /// ½ plus the odd-power part of a power series (even powers are zero in exact arithmetic for these fits).
    private static func oddPart(_ coefficients: [Double]) -> [Double] {
        coefficients.enumerated().map { $0.offset == 0 ? 0.5 : ($0.offset % 2 == 1 ? $0.element : 0) }
    }
}
