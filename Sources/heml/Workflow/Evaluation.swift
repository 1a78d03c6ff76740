import HEML

/// AUC and accuracy of one model on one dataset.
struct Score {
    let auc: Double
    let accuracy: Double

    /// Scores intercept-first `coefficients` on a dataset with scaled features.
    init(coefficients: [Double], on scaled: Dataset) throws(HEMLError) {
        let logits = (0..<scaled.rowCount).map { i in
            zip(coefficients.dropFirst(), scaled.row(i)).reduce(coefficients[0]) { $0 + $1.0 * $1.1 }
        }
        auc = try Metrics.auc(scores: logits, labels: scaled.labels)
        accuracy = try Metrics.accuracy(probabilities: logits.map(logistic), labels: scaled.labels)
    }

    var json: JSONValue { .object([("auc", .double(auc)), ("accuracy", .double(accuracy))]) }
}

/// The encrypted model and its two plaintext twins (same NAG, same iterations and learning rate; one with the
/// same sigmoid polynomial, one with the exact sigmoid), scored on the training data and optionally a test set.
struct Comparison {
    let encrypted: [Double]
    let polynomialTwin: TrainingResult
    let exactTwin: TrainingResult
    let training: [Score]
    let test: [Score]?

    static let names = ["encrypted", "polynomial_twin", "exact_twin"]
    static let labels = ["encrypted (CKKS)", "plaintext twin, same polynomial", "plaintext twin, exact sigmoid"]

    /// Runs both twins on `scaled` and scores all three models.
    init(encrypted: [Double], plan: TrainingPlan, scaled: Dataset, test: Dataset?) throws(HEMLError) {
        self.encrypted = encrypted
        let configuration = { (sigmoid: Sigmoid) in
            TrainingConfiguration(iterations: plan.iterations, learningRate: plan.learningRate, sigmoid: sigmoid,
                                  recordHistory: false)
        }
        polynomialTwin = try PlainLogisticRegression.train(scaled, configuration: configuration(.polynomial(plan.sigmoid)))
        exactTwin = try PlainLogisticRegression.train(scaled, configuration: configuration(.exact))
        let models = [encrypted, polynomialTwin.coefficients, exactTwin.coefficients]
        var training: [Score] = []
        for model in models { training.append(try Score(coefficients: model, on: scaled)) }
        self.training = training
        if let test {
            var scores: [Score] = []
            for model in models { scores.append(try Score(coefficients: model, on: test)) }
            self.test = scores
        } else {
            self.test = nil
        }
    }

    /// Largest |encrypted − polynomial twin| over intercept and weights (scaled units).
    var maxWeightDifference: Double {
        zip(encrypted, polynomialTwin.coefficients).map { abs($0 - $1) }.max() ?? 0
    }

    static func json(_ scores: [Score]) -> JSONValue {
        .object(zip(names, scores).map { ($0, $1.json) })
    }

    /// The results table.
    var table: String {
        var header = ["model", "train AUC", "train accuracy"]
        if test != nil { header += ["test AUC", "test accuracy"] }
        var table = Table(header)
        for i in 0..<3 {
            var row = [Self.labels[i], Format.fixed(training[i].auc), Format.fixed(training[i].accuracy)]
            if let test { row += [Format.fixed(test[i].auc), Format.fixed(test[i].accuracy)] }
            table.add(row)
        }
        return table.rendered()
    }
}
