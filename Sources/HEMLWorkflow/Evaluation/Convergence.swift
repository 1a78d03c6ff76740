import HEML

/// How close a trained model is to the converged logistic regression, computed by the data owner on the training
/// rows (scaled as they were trained on) with the exact sigmoid.
public struct Convergence: Sendable {
    /// ‖∇ℓ(β)‖₂ of the mean log-likelihood at the model's weights (0 at the optimum; units of the trained scaling).
    public let gradientNorm: Double
    /// ℓ(β), the model's mean log-likelihood per row (≤ 0).
    public let meanLogLikelihood: Double
    /// The converged reference (`IRLS` of HEML) on the same rows.
    public let reference: IRLS.Fit

    /// ℓ(β_IRLS) − ℓ(β) per row: ≥ 0 up to the reference's tiny ridge, 0 when training converged.
    public var logLikelihoodGap: Double { reference.meanLogLikelihood - meanLogLikelihood }

    /// Evaluates `coefficients` (intercept first) on `scaled` and fits the reference.
    ///
    /// - Throws: `HEMLError.dimensionMismatch(what:expected:found:)` for a coefficient count other than the
    ///   features + 1; `HEMLError.numericalFailure(_:)` when IRLS fails (separable data).
    public init(coefficients: [Double], scaled: Dataset) throws(HEMLError) {
        let objective = LogisticObjective(scaled)
        guard coefficients.count == objective.width else {
            throw .dimensionMismatch(what: "model coefficients", expected: objective.width, found: coefficients.count)
        }
        gradientNorm = objective.gradientNorm(at: coefficients)
        meanLogLikelihood = objective.meanLogLikelihood(at: coefficients)
        reference = try IRLS.fit(scaled)
    }
}
