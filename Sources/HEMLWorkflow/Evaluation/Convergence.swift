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
    /// The largest sigmoid argument |zᵢᵀv_t| the polynomial twin met over all iterations (the encrypted run met
    /// the same ones), or nil when the twin kept no history.
    public let largestSigmoidArgument: Double?
    /// R of the polynomial's interval [−R, R], beyond which it no longer approximates the sigmoid.
    public let sigmoidRadius: Double
    /// The first iteration whose sigmoid argument left [−R, R], or nil if none did.
    public let firstIterationOutsideInterval: Int?

    /// ℓ(β_IRLS) − ℓ(β) per row: ≥ 0 up to the reference's tiny ridge, 0 when training converged.
    public var logLikelihoodGap: Double { reference.meanLogLikelihood - meanLogLikelihood }

    /// Evaluates `coefficients` (intercept first) on `scaled` and fits the reference; `twin` is the polynomial
    /// twin of the same run (with its history), for the sigmoid arguments it met.
    ///
    /// - Throws: `HEMLError.dimensionMismatch(what:expected:found:)` for a coefficient count other than the
    ///   features + 1; `HEMLError.numericalFailure(_:)` when IRLS fails (separable data).
    public init(coefficients: [Double], scaled: Dataset, twin: TrainingResult, sigmoid: SigmoidApproximation)
        throws(HEMLError)
    {
        let objective = LogisticObjective(scaled)
        guard coefficients.count == objective.width else {
            throw .dimensionMismatch(what: "model coefficients", expected: objective.width, found: coefficients.count)
        }
        gradientNorm = objective.gradientNorm(at: coefficients)
        meanLogLikelihood = objective.meanLogLikelihood(at: coefficients)
        reference = try IRLS.fit(scaled)
        largestSigmoidArgument = twin.history.map(\.maxAbsArgument).max()
        sigmoidRadius = sigmoid.radius
        firstIterationOutsideInterval = twin.history.first { $0.maxAbsArgument > sigmoid.radius }?.iteration
    }
}
