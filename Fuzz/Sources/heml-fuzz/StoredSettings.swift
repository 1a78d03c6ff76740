import HEML

/// A training plan as a public bundle stores it (the settings `TrainingPlan.make` is rebuilt from), in JSON.
struct PlanInput: Codable {
    var rows: Int
    var features: Int
    var iterations: Int
    var learningRate: Double
    var coefficients: [Double]
    var radius: Double
    var logDegree: Int?
    var reservedLevels: Int
    var insecure: Bool

    /// Rebuilds the sigmoid and the plan, then reads what a server would.
    func exercise() {
        guard let sigmoid = try? SigmoidApproximation(coefficients: coefficients, radius: radius),
              let plan = try? TrainingPlan.make(rows: rows, features: features, iterations: iterations, sigmoid: sigmoid,
                                                learningRate: learningRate, logDegree: logDegree,
                                                reservedLevels: reservedLevels, security: insecure ? .unchecked : .classical128)
        else { return }
        _ = (plan.summary, plan.rotationSteps, plan.estimatedSeconds)
    }
}

/// A feature scaling as a model file or owner state stores it, in JSON.
struct ScalingInput: Codable {
    var center: [Double]
    var scale: [Double]
    var clip: Double?
    var row: [Double]

    /// Rebuilds the scaling and applies it to one row.
    func exercise() {
        guard let scaling = try? FeatureScaling(center: center, scale: scale, clip: clip) else { return }
        _ = try? scaling.apply(row: row)
    }
}
