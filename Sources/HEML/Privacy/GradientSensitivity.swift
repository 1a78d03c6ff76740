import Foundation

/// How much one row can move the mean gradient of each Nesterov iteration: the L2 sensitivities DP-GD calibrates
/// its noise to.
///
/// Replacing row z by z′ (n fixed) changes g(v) = (1/n) Σ p(−zᵢᵀv) zᵢ at any common point v by
/// (p(−zᵀv)·z − p(−z′ᵀv)·z′)/n, whose norm is at most 2·B·R/n, where R bounds ‖z‖ and B bounds |p| on the
/// arguments met. Iteration 0 runs at v₀ = 0, where every argument is 0, so s₀ = 2·|p(0)|·R/n exactly; later
/// iterations use B = max |p(x)| over |x| ≤ A for the stated argument bound A (by default the polynomial's
/// radius). Outside [−A, A] a polynomial is unbounded: the guarantee holds only for runs whose sigmoid arguments,
/// for every row of the domain (not only the rows of the data), stay within A (see `docs/differential-privacy.md`).
///
/// With zᵢ = yᵢ·(1, xᵢ) and every scaled feature k clipped to [−c·m_k, c·m_k] (clip c, preconditioner multiplier
/// m_k), ‖zᵢ‖ ≤ R = √(1 + Σ_k (c·m_k)²).
public struct GradientSensitivity: Sendable, Equatable {
    /// n, the number of training rows (public).
    public let rows: Int
    /// R, the bound on ‖zᵢ‖₂ (intercept column included).
    public let rowNormBound: Double
    /// A, the bound on |zᵀv| assumed for iterations t ≥ 1.
    public let argumentBound: Double
    /// B = max |p(x)| over |x| ≤ A (a rigorous upper bound: grid maximum plus half a grid step times a bound on |p′|).
    public let sigmoidBound: Double
    /// s_t for t = 0 ..< T, in the units of the mean gradient.
    public let perIteration: [Double]

    /// Grid points used to bound |p| on [−A, A].
    static let gridPoints = 1 << 16

    /// - Parameters:
    ///   - rows: n ≥ 1.
    ///   - iterations: T ≥ 1.
    ///   - sigmoid: the polynomial the gradient uses.
    ///   - rowNormBound: R > 0, finite.
    ///   - argumentBound: A > 0, finite; default the polynomial's radius.
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for a value out of range.
    public init(
        rows: Int, iterations: Int, sigmoid: SigmoidApproximation, rowNormBound: Double,
        argumentBound: Double? = nil
    ) throws(HEMLError) {
        guard rows >= 1, iterations >= 1 else {
            throw .invalidArgument("differential privacy needs at least one row and one iteration")
        }
        guard rowNormBound.isFinite, rowNormBound > 0 else {
            throw .invalidArgument("the row norm bound must be finite and positive")
        }
        let bound = argumentBound ?? sigmoid.radius
        guard bound.isFinite, bound > 0 else {
            throw .invalidArgument("the argument bound must be finite and positive")
        }
        self.rows = rows
        self.rowNormBound = rowNormBound
        self.argumentBound = bound
        sigmoidBound = Self.maximumMagnitude(sigmoid.coefficients, on: bound)
        let unit = 2 * rowNormBound / Double(rows)
        perIteration = [unit * abs(sigmoid.evaluate(0))] + Array(repeating: unit * sigmoidBound, count: iterations - 1)
    }

    /// The sensitivities of a run on features scaled by `scaling`.
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` when the scaling does not clip (the features are then unbounded
    ///   and no sensitivity exists), and as ``init(rows:iterations:sigmoid:rowNormBound:argumentBound:)``.
    public init(
        rows: Int, iterations: Int, sigmoid: SigmoidApproximation, scaling: FeatureScaling,
        argumentBound: Double? = nil
    ) throws(HEMLError) {
        try self.init(
            rows: rows, iterations: iterations, sigmoid: sigmoid, rowNormBound: Self.rowNormBound(scaling),
            argumentBound: argumentBound)
    }

    /// The sensitivities of `plan`'s run (its n, T and polynomial) on features scaled by `scaling`.
    ///
    /// - Throws: as ``init(rows:iterations:sigmoid:scaling:argumentBound:)``.
    public init(plan: TrainingPlan, scaling: FeatureScaling) throws(HEMLError) {
        try self.init(rows: plan.layout.rowCount, iterations: plan.iterations, sigmoid: plan.sigmoid, scaling: scaling)
    }

    /// R = √(1 + Σ_k (c·m_k)²) for a scaling with clip c and multipliers m (1 without).
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` when the scaling has no clip.
    public static func rowNormBound(_ scaling: FeatureScaling) throws(HEMLError) -> Double {
        guard let clip = scaling.clip else {
            throw .invalidArgument(
                "differential privacy needs clipped features (a scaling with a clip, e.g. zscore-clip4)")
        }
        let multipliers = scaling.multipliers ?? Array(repeating: 1, count: scaling.featureCount)
        return (1 + multipliers.reduce(0) { $0 + clip * clip * $1 * $1 }).squareRoot()
    }

    /// An upper bound on max |p(x)| over |x| ≤ a: the largest |p| on a grid of spacing h, plus h/2 times
    /// Σ i·|aᵢ|·a^(i−1) ≥ max |p′| (every point lies within h/2 of the grid).
    static func maximumMagnitude(_ coefficients: [Double], on a: Double) -> Double {
        let h = 2 * a / Double(gridPoints)
        var largest = 0.0
        for i in 0...gridPoints {
            largest = max(largest, abs(PolynomialTools.horner(coefficients, -a + Double(i) * h)))
        }
        var slope = 0.0
        for (i, c) in coefficients.enumerated() where i > 0 { slope += Double(i) * abs(c) * pow(a, Double(i - 1)) }
        return largest + h / 2 * slope
    }
}
