import Foundation

/// A budget calibrated to one training run: the noise width σ_t of every iteration, and the noise itself.
public struct DPCalibration: Sendable, Equatable {
    /// The (ε, δ) budget.
    public let budget: DPRelease
    /// The run's per-iteration sensitivities.
    public let sensitivity: GradientSensitivity
    /// σ_t, per coordinate of the mean gradient (intercept included), t = 0 ..< T.
    public let standardDeviations: [Double]

    /// Name of the mechanism and accountant, for plans, reports and JSON.
    public static let accounting =
        "DP-GD: Gaussian noise on every iteration's mean gradient; zCDP composition (rho/T per iteration), "
        + "(epsilon, delta) from rho-zCDP by epsilon = rho + 2 sqrt(rho ln(1/delta)); neighbours replace one row, n public"

    /// Noise for a run with `width` gradient coordinates (features + 1), drawn whole by one party.
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for a width below 1.
    public func noise(width: Int, using generator: inout some RandomNumberGenerator) throws(HEMLError)
        -> GradientNoise
    {
        try noiseShare(NoiseSharing(parties: 1, colluders: 0), width: width, using: &generator)
    }

    /// One party's share of the noise under `sharing`: N(0, σ_t²/(P − t)) per coordinate, so that the shares of
    /// any P − t parties sum to at least the calibrated variance (see ``NoiseSharing``).
    ///
    /// - Parameters:
    ///   - sharing: P and the tolerated colluders t.
    ///   - width: features + 1, ≥ 1.
    ///   - generator: the system CSPRNG (`SystemRandomNumberGenerator`) for a real run.
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for a width below 1.
    public func noiseShare(
        _ sharing: NoiseSharing, width: Int, using generator: inout some RandomNumberGenerator
    ) throws(HEMLError) -> GradientNoise {
        guard width >= 1 else { throw .invalidArgument("gradient noise needs at least one coordinate") }
        var vectors: [[Double]] = []
        for sigma in standardDeviations {
            vectors.append(
                try GaussianNoise.sample(
                    count: width, standardDeviation: sigma * sharing.shareFactor, using: &generator))
        }
        return try GradientNoise(vectors: vectors)
    }

    /// Whether the guarantee holds without the argument condition: a single iteration runs only at v₀ = 0, where
    /// every sigmoid argument is 0 (see ``GradientSensitivity``).
    public var isUnconditional: Bool { standardDeviations.count == 1 }

    /// Lines for a terminal: ε, δ, ρ, the noise widths, the sensitivity, and the condition the guarantee needs.
    public var summary: String {
        let n = sensitivity.rows, r = short(sensitivity.rowNormBound)
        let head =
            "differential privacy: (ε = \(short(budget.epsilon)), δ = \(short(budget.delta)))-DP via "
            + "\(short(budget.rho))-zCDP over \(standardDeviations.count) noisy gradient step(s); "
        guard !isUnconditional else {
            return head + "σ = \(short(standardDeviations[0])) per gradient coordinate; sensitivity 2·|p(0)|·R/n = "
                + "\(short(sensitivity.perIteration[0])) (R = \(r), n = \(n))\n"
                + "guarantee: unconditional (one iteration, at v₀ = 0)"
        }
        return head + "σ = \(short(standardDeviations[0])) (iteration 0), \(short(standardDeviations[1])) (later) per "
            + "gradient coordinate; sensitivity 2·B·R/n with B = \(short(sensitivity.sigmoidBound)) (|sigmoid| on ±"
            + "\(short(sensitivity.argumentBound))), R = \(r), n = \(n)\n"
            + "guarantee: conditional on |v₀| + Σ c·m_k·|v_k| ≤ \(short(sensitivity.argumentBound)) at every "
            + "iterate (see docs/differential-privacy.md); --iterations 1 needs no condition"
    }

    private func short(_ x: Double) -> String { String(format: "%.4g", x) }
}
