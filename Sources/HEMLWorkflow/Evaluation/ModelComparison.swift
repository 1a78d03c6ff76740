import HEML

/// AUC and accuracy of one model on one dataset.
public struct ModelScore: Sendable {
    /// Area under the ROC curve, in [0, 1].
    public let auc: Double
    /// Share of rows classified right at threshold ½, in [0, 1].
    public let accuracy: Double

    /// Scores a model on a dataset with scaled features.
    init(_ model: LinearModel, on scaled: Dataset) throws(HEMLError) {
        let logits = try model.logits(for: scaled)
        auc = try Metrics.auc(scores: logits, labels: scaled.labels)
        accuracy = try Metrics.accuracy(probabilities: logits.map(logistic), labels: scaled.labels)
    }
}

/// The encrypted model and its two plaintext twins (same NAG, same iterations and learning rate; one with the
/// same sigmoid polynomial, one with the exact sigmoid), scored on the training data and optionally a test set.
public struct ModelComparison: Sendable {
    /// The three models compared, in report order.
    public enum Model: String, CaseIterable, Sendable {
        case encrypted
        case polynomialTwin = "polynomial_twin"
        case exactTwin = "exact_twin"

        /// For tables.
        public var label: String {
            switch self {
            case .encrypted: "encrypted (CKKS)"
            case .polynomialTwin: "plaintext twin, same polynomial"
            case .exactTwin: "plaintext twin, exact sigmoid"
            }
        }
    }

    /// The decrypted weights, intercept first (scaled units).
    public let encrypted: [Double]
    /// The same algorithm in Float64 with the same polynomial sigmoid (with its per-iteration history).
    public let polynomialTwin: TrainingResult
    /// The same algorithm in Float64 with the exact sigmoid (with its per-iteration history).
    public let exactTwin: TrainingResult
    /// Scores on the training data, in ``Model`` order.
    public let training: [ModelScore]
    /// Scores on the test data, in ``Model`` order, when a test set was given.
    public let test: [ModelScore]?
    /// How close the encrypted model is to the converged fit on the training rows.
    public let convergence: Convergence

    /// Runs both twins on `scaled` (with the encrypted run's DP-GD noise, if any) and scores all three models.
    init(
        encrypted: [Double], plan: TrainingPlan, scaled: Dataset, test: Dataset?, gradientNoise: GradientNoise? = nil
    ) throws(HEMLError) {
        self.encrypted = encrypted
        let configuration = { (sigmoid: Sigmoid) in
            TrainingConfiguration(
                iterations: plan.iterations, learningRate: plan.learningRate, stepOffset: plan.stepOffset,
                sigmoid: sigmoid, recordHistory: true)
        }
        polynomialTwin = try PlainLogisticRegression.train(
            scaled, configuration: configuration(.polynomial(plan.sigmoid)), gradientNoise: gradientNoise)
        exactTwin = try PlainLogisticRegression.train(
            scaled, configuration: configuration(.exact), gradientNoise: gradientNoise)
        let models = [try LinearModel(coefficients: encrypted), polynomialTwin.linearModel, exactTwin.linearModel]
        func scores(on data: Dataset) throws(HEMLError) -> [ModelScore] {
            var result: [ModelScore] = []
            for model in models { result.append(try ModelScore(model, on: data)) }
            return result
        }
        training = try scores(on: scaled)
        self.test = try test.map { (data: Dataset) throws(HEMLError) in try scores(on: data) }
        convergence = try Convergence(
            coefficients: encrypted, scaled: scaled, twin: polynomialTwin, sigmoid: plan.sigmoid)
    }

    /// Largest |encrypted − polynomial twin| over intercept and weights (scaled units).
    public var maxWeightDifference: Double {
        zip(encrypted, polynomialTwin.coefficients).map { abs($0 - $1) }.max() ?? 0
    }
}
