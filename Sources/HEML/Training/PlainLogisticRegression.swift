import Foundation

/// Settings of the plaintext Nesterov trainer.
public struct TrainingConfiguration: Sendable, Equatable {
    /// How w₀ = v₀ are chosen.
    public enum Initialization: String, Sendable, Equatable, Codable {
        /// w₀ = v₀ = 0 (the default).
        case zero
        /// w₀ = v₀ = the column means of Z, (1/n) Σ zᵢ (Kim et al.'s alternative; one rotate-and-sum encrypted).
        case meanOfZ = "mean-of-z"
    }

    /// Number of NAG iterations (≥ 1). Each costs the encrypted trainer a fixed number of levels.
    public var iterations: Int
    /// c in the step γ_t = c / (t + 1) + f applied to the mean gradient (finite, > 0).
    public var learningRate: Double
    /// f in the step γ_t = c / (t + 1) + f (finite, ≥ 0; Kim et al.: 0).
    public var stepOffset: Double
    /// The sigmoid used in the gradient.
    public var sigmoid: Sigmoid
    /// α₀ of the Nesterov schedule.
    public var initialAlpha: Double
    /// Starting weights.
    public var initialization: Initialization
    /// Whether to record ``IterationRecord``s (costs one extra pass over the data per iteration).
    public var recordHistory: Bool

    /// Defaults: 7 iterations, c = 10, f = 0, the Kim et al. degree-3 polynomial on [−8, 8], α₀ = 0.01, zero start.
    public init(
        iterations: Int = PlainLogisticRegression.defaultIterations,
        learningRate: Double = PlainLogisticRegression.defaultLearningRate, stepOffset: Double = 0,
        sigmoid: Sigmoid = .polynomial(.kim3), initialAlpha: Double = 0.01,
        initialization: Initialization = .zero, recordHistory: Bool = true
    ) {
        self.iterations = iterations
        self.learningRate = learningRate
        self.stepOffset = stepOffset
        self.sigmoid = sigmoid
        self.initialAlpha = initialAlpha
        self.initialization = initialization
        self.recordHistory = recordHistory
    }
}

/// The state after one NAG iteration, for tests, progress output and comparison with the encrypted trainer.
public struct IterationRecord: Sendable, Equatable {
    /// 0-based iteration index t.
    public let iteration: Int
    /// γ_t used in this iteration.
    public let step: Double
    /// η_t used in this iteration.
    public let eta: Double
    /// w_{t+1}: intercept first, then one weight per feature (scaled units).
    public let weights: [Double]
    /// v_{t+1}, same layout.
    public let momentum: [Double]
    /// Euclidean norm of the mean gradient g(v_t) (with the configured sigmoid).
    public let gradientNorm: Double
    /// max over samples of |zᵢᵀv_t|, the sigmoid argument; a polynomial sigmoid is only valid while this stays
    /// within its radius.
    public let maxAbsArgument: Double
    /// Mean log-likelihood (1/n) Σ log σ(zᵢᵀw_{t+1}) with the exact sigmoid (≤ 0; −log-loss).
    public let meanLogLikelihood: Double
}

/// A trained plaintext model in scaled units plus how it got there.
public struct TrainingResult: Sendable, Equatable {
    /// Intercept (scaled units: the logit at the scaled origin).
    public let intercept: Double
    /// One weight per feature, applied to scaled features.
    public let weights: [Double]
    /// v_T, the last momentum vector (intercept first), for comparison with the encrypted trainer.
    public let momentum: [Double]
    /// One record per iteration (empty if history was not requested).
    public let history: [IterationRecord]
    /// The settings used.
    public let configuration: TrainingConfiguration

    /// Intercept followed by the weights (the layout of β and of zᵢ).
    public var coefficients: [Double] { [intercept] + weights }

    /// The first iteration t whose sigmoid argument left the polynomial's interval (|zᵢᵀv_t| > R), or nil if it
    /// never did, the sigmoid is exact, or no history was recorded.
    public var firstIterationOutsideInterval: Int? {
        guard case .polynomial(let p) = configuration.sigmoid else { return nil }
        return history.first { $0.maxAbsArgument > p.radius }?.iteration
    }

    /// Intercept and weights as a model (scaled units).
    public var linearModel: LinearModel { LinearModel(intercept: intercept, weights: weights) }

    /// Logits intercept + Σ wⱼ xⱼ for every row of a dataset with *scaled* features.
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` if the feature count differs.
    public func logits(for scaled: Dataset) throws(HEMLError) -> [Double] { try linearModel.logits(for: scaled) }

    /// Probabilities σ(logit) (exact sigmoid) for every row of a dataset with *scaled* features.
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` if the feature count differs.
    public func probabilities(for scaled: Dataset) throws(HEMLError) -> [Double] {
        try logits(for: scaled).map(logistic)
    }
}

/// Kim et al.'s full-batch logistic regression with Nesterov acceleration, in Float64 on plaintext.
///
/// Gradient ascent on the mean log-likelihood with zᵢ = yᵢ·(1, xᵢ) (``KimEncoding``):
/// g(v) = (1/n) Σᵢ σ(−zᵢᵀv) zᵢ, `w_{t+1} = v_t + γ_t g(v_t)`, `v_{t+1} = (1 − η_t) w_{t+1} + η_t w_t`, with γ_t
/// and η_t from ``NesterovSchedule``. The returned model is w_T (as Kim et al. decrypt `encWData`). Inputs are
/// scaled features (``FeatureScaling``); outputs are in scaled units.
///
/// With ``Sigmoid/polynomial(_:)`` this is the plaintext twin of the encrypted trainer: same encoding, same
/// polynomial, same constants, same order of operations — only CKKS noise differs.
public enum PlainLogisticRegression {
    /// Default c in γ_t = c / (t + 1).
    ///
    /// Measured on German one-hot (z-score clipped at 4, Kim degree-3 polynomial, 5-fold stratified CV): c = 10
    /// gives AUC 0.793 at 7 and 10 iterations, c = 1–5 give 0.791–0.793, c = 20 gives 0.795 but pushes the
    /// sigmoid argument |zᵀv| to 4.5 at 10 iterations and 6.8 at 30 (the polynomial holds only up to 8) and
    /// loses AUC at 30 iterations. c = 10 keeps |zᵀv| ≤ 3.5 through 10 iterations.
    public static let defaultLearningRate = 10.0
    /// Default number of iterations.
    public static let defaultIterations = 7

    /// Trains on a dataset whose features are already scaled.
    ///
    /// - Parameters:
    ///   - gradientNoise: DP-GD noise ξ_t added to the mean gradient of iteration t (``GradientNoise``), or nil.
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for iterations < 1, a bad learning rate or α₀;
    ///   ``HEMLError/dimensionMismatch(what:expected:found:)`` for noise of another shape than the run's;
    ///   ``HEMLError/numericalFailure(_:)`` if the weights become non-finite (divergence; the message names the
    ///   iteration).
    public static func train(
        _ scaled: Dataset,
        configuration: TrainingConfiguration = TrainingConfiguration(), gradientNoise: GradientNoise? = nil
    ) throws(HEMLError) -> TrainingResult {
        guard configuration.iterations >= 1 else { throw .invalidArgument("iterations must be at least 1") }
        if let gradientNoise,
            gradientNoise.iterations != configuration.iterations
                || gradientNoise.width != scaled.featureCount + 1
        {
            throw .dimensionMismatch(
                what: "gradient noise entries", expected: configuration.iterations * (scaled.featureCount + 1),
                found: gradientNoise.iterations * gradientNoise.width)
        }
        let schedule = try NesterovSchedule(
            learningRate: configuration.learningRate,
            initialAlpha: configuration.initialAlpha, stepOffset: configuration.stepOffset)
        let n = scaled.rowCount, width = scaled.featureCount + 1
        let z = KimEncoding.zMatrix(scaled)
        let sigmoid = configuration.sigmoid
        var w = [Double](repeating: 0, count: width)
        if configuration.initialization == .meanOfZ {
            for i in 0..<n { for k in 0..<width { w[k] += z[i * width + k] } }
            for k in 0..<width { w[k] /= Double(n) }
        }
        var v = w
        var history = [IterationRecord]()
        var gradient = [Double](repeating: 0, count: width)
        for (t, constants) in schedule.constants(iterations: configuration.iterations).enumerated() {
            for k in 0..<width { gradient[k] = 0 }
            var maxArgument = 0.0
            z.withUnsafeBufferPointer { z in
                for i in 0..<n {
                    let row = i * width
                    var ip = 0.0
                    for k in 0..<width { ip += z[row + k] * v[k] }
                    maxArgument = max(maxArgument, abs(ip))
                    let s = sigmoid(-ip)
                    for k in 0..<width { gradient[k] += s * z[row + k] }
                }
            }
            for k in 0..<width { gradient[k] /= Double(n) }
            if let noise = gradientNoise?.vectors[t] { for k in 0..<width { gradient[k] += noise[k] } }
            var next = [Double](repeating: 0, count: width)
            for k in 0..<width {
                next[k] = v[k] + constants.step * gradient[k]
                v[k] = (1 - constants.eta) * next[k] + constants.eta * w[k]
            }
            w = next
            guard w.allSatisfy(\.isFinite), v.allSatisfy(\.isFinite) else {
                throw .numericalFailure("training diverged: weights became non-finite at iteration \(t)")
            }
            if configuration.recordHistory {
                history.append(
                    IterationRecord(
                        iteration: t, step: constants.step, eta: constants.eta, weights: w,
                        momentum: v,
                        gradientNorm: gradient.reduce(0) { $0 + $1 * $1 }.squareRoot(),
                        maxAbsArgument: maxArgument,
                        meanLogLikelihood: meanLogLikelihood(z: z, width: width, beta: w)))
            }
        }
        return TrainingResult(
            intercept: w[0], weights: Array(w.dropFirst()), momentum: v, history: history,
            configuration: configuration)
    }

    /// The reference fit: the same NAG with the exact sigmoid, by default for more iterations (100).
    ///
    /// - Throws: what ``train(_:configuration:)`` throws.
    public static func trainReference(
        _ scaled: Dataset, iterations: Int = 100,
        learningRate: Double = defaultLearningRate,
        recordHistory: Bool = false
    ) throws(HEMLError) -> TrainingResult {
        try train(
            scaled,
            configuration: TrainingConfiguration(
                iterations: iterations, learningRate: learningRate,
                sigmoid: .exact, recordHistory: recordHistory))
    }

    /// Fits a scaling on raw `data`, trains on the scaled data and packages the result as a model file.
    ///
    /// - Throws: whatever ``FeatureScaling/fit(_:method:)`` and ``train(_:configuration:)`` throw.
    public static func fit(
        _ data: Dataset, scaling method: FeatureScaling.Method = .default,
        configuration: TrainingConfiguration = TrainingConfiguration(),
        date: Date = Date()
    ) throws(HEMLError) -> (model: ModelFile, result: TrainingResult) {
        let scaling = try FeatureScaling.fit(data, method: method)
        let result = try train(scaling.apply(to: data), configuration: configuration)
        let model = try ModelFile(dataset: data, scaling: scaling, result: result, date: date)
        return (model, result)
    }

    /// (1/n) Σ log σ(zᵢᵀβ), stable for large |zᵢᵀβ|.
    static func meanLogLikelihood(z: [Double], width: Int, beta: [Double]) -> Double {
        let n = z.count / width
        var total = 0.0
        for i in 0..<n {
            var ip = 0.0
            for k in 0..<width { ip += z[i * width + k] * beta[k] }
            // log σ(t) = −log(1 + e^(−t))
            total += ip >= 0 ? -log1p(exp(-ip)) : ip - log1p(exp(ip))
        }
        return total / Double(n)
    }
}
