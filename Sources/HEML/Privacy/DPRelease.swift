import Foundation

/// A differential-privacy budget (ε, δ) for releasing a trained model, and its calibration to a training run.
///
/// heml makes encrypted training differentially private by noisy gradient steps (DP-GD): every Nesterov
/// iteration adds Gaussian noise to the mean gradient before the step, and the iterations are composed in
/// zero-concentrated DP (zCDP, Bun and Steinke 2016). The derivation, the neighbouring relation (replace one row,
/// n public) and what the guarantee does not cover are in `docs/differential-privacy.md`.
///
/// Accounting: the budget is converted to a zCDP parameter ρ with ε = ρ + 2·√(ρ·ln(1/δ)) (Bun and Steinke,
/// Proposition 1.3), so ρ = (√(ln(1/δ) + ε) − √(ln(1/δ)))². Each of the T iterations gets ρ/T: a Gaussian
/// mechanism of L2 sensitivity s_t and noise N(0, σ_t² I) is (s_t²/(2σ_t²))-zCDP, so σ_t = s_t · √(T / (2ρ)).
/// zCDP composes by addition under adaptive composition (each iteration's gradient depends on the earlier
/// noisy ones), so the run is ρ-zCDP and hence (ε, δ)-DP.
public struct DPRelease: Sendable, Equatable {
    /// ε, the privacy loss bound (finite, > 0).
    public let epsilon: Double
    /// δ, the probability the bound may fail (0 < δ < 1; below 1/n is the usual advice).
    public let delta: Double

    /// - Throws: ``HEMLError/invalidArgument(_:)`` unless ε is finite and positive and 0 < δ < 1.
    public init(epsilon: Double, delta: Double) throws(HEMLError) {
        guard epsilon.isFinite, epsilon > 0 else {
            throw .invalidArgument("the privacy budget epsilon must be finite and positive")
        }
        guard delta.isFinite, delta > 0, delta < 1 else {
            throw .invalidArgument("the privacy parameter delta must lie strictly between 0 and 1")
        }
        self.epsilon = epsilon
        self.delta = delta
    }

    /// The δ used when none is given: 10⁻⁵ (below 1/n for every shipped dataset: German 1000 rows, Taiwan 30000).
    public static let defaultDelta = 1e-5

    /// ρ of the zCDP budget that implies (ε, δ)-DP: (√(ln(1/δ) + ε) − √(ln(1/δ)))².
    public var rho: Double {
        let logInverseDelta = -Foundation.log(delta)
        let root = (logInverseDelta + epsilon).squareRoot() - logInverseDelta.squareRoot()
        return root * root
    }

    /// ε of the (ε, δ)-DP that ρ-zCDP implies: ρ + 2·√(ρ·ln(1/δ)) (ρ ≥ 0, 0 < δ < 1).
    public static func epsilon(rho: Double, delta: Double) -> Double {
        rho + 2 * (rho * -Foundation.log(delta)).squareRoot()
    }

    /// Calibrates the noise of every iteration of a run.
    ///
    /// - Parameters:
    ///   - sensitivity: the per-iteration L2 sensitivities of the mean gradient (``GradientSensitivity``).
    /// - Returns: σ_t = s_t · √(T / (2ρ)) per iteration, per coordinate of the gradient (intercept included).
    public func calibrate(_ sensitivity: GradientSensitivity) -> DPCalibration {
        let t = Double(sensitivity.perIteration.count)
        let factor = (t / (2 * rho)).squareRoot()
        return DPCalibration(
            budget: self, sensitivity: sensitivity, standardDeviations: sensitivity.perIteration.map { $0 * factor })
    }
}
