import CKKS
import HEML

/// Chooses the sigmoid polynomial and plans encrypted training from the command-line options and the data's shape.
struct PlanRequest {
    let iterations: Int
    let learningRate: Double
    let sigmoid: SigmoidApproximation
    /// Forced ring degree with the security check off (tests only), or nil for the 128-bit planner.
    let insecureLogDegree: Int?

    init(_ options: PlanOptions) throws(HEMLError) {
        iterations = options.iterations ?? PlainLogisticRegression.defaultIterations
        learningRate = options.learningRate ?? PlainLogisticRegression.defaultLearningRate
        let degree = options.degree ?? 3
        let fitted: SigmoidApproximation
        switch options.sigmoid ?? .kim {
        case .kim:
            guard let preset = SigmoidApproximation.kim(degree: degree) else {
                throw .invalidArgument("the kim sigmoid has degrees 3, 5 and 7")
            }
            fitted = preset
        case .leastSquares: fitted = try .leastSquares(degree: degree, radius: options.interval ?? 8)
        case .minimax: fitted = try .minimax(degree: degree, radius: options.interval ?? 8)
        case .chebyshev: fitted = try .chebyshev(degree: degree, radius: options.interval ?? 8)
        }
        sigmoid = try SigmoidSettings(fitted).approximation()
        insecureLogDegree = options.insecureTestRing
    }

    /// The plan for `rows` × `features` data, shown on `progress` (after a warning when it uses an insecure test ring).
    ///
    /// - Throws: ``HEMLError/planDoesNotFit(reason:maxIterations:)`` with the largest iteration count that fits.
    func plan(rows: Int, features: Int, progress: Progress) throws(HEMLError) -> TrainingPlan {
        let plan = try TrainingPlan.make(rows: rows, features: features, iterations: iterations, sigmoid: sigmoid,
                                         learningRate: learningRate, logDegree: insecureLogDegree,
                                         security: insecureLogDegree == nil ? .classical128 : .unchecked)
        if plan.parameters.securityBits < 128 {
            warn("insecure test ring N = 2^\(plan.parameters.logDegree): NOT SECURE, tests only")
        }
        progress.note(plan.summary)
        return plan
    }
}

/// A sigmoid polynomial as stored in files: coefficients written and read back exactly (JSON numbers round-trip),
/// so the data owner and the server rebuild bit-identical polynomials.
struct SigmoidSettings: Codable, Equatable {
    var name: String
    var method: String
    var degree: Int
    var radius: Double
    var coefficients: [Double]

    init(_ sigmoid: SigmoidApproximation) {
        name = sigmoid.name
        method = sigmoid.method.rawValue
        degree = sigmoid.degree
        radius = sigmoid.radius
        coefficients = sigmoid.coefficients
    }

    /// The polynomial (rebuilt from its power-basis coefficients).
    func approximation() throws(HEMLError) -> SigmoidApproximation {
        guard let method = SigmoidApproximation.Method(rawValue: method) else {
            throw .invalidArgument("unknown sigmoid method \"\(method)\"")
        }
        guard coefficients.count == degree + 1 else {
            throw .dimensionMismatch(what: "sigmoid coefficients (degree + 1)", expected: degree + 1, found: coefficients.count)
        }
        return try SigmoidApproximation(coefficients: coefficients, radius: radius, method: method, name: name)
    }
}

/// A training plan as stored in a public bundle: enough to rebuild the exact ``TrainingPlan`` (the rebuilt
/// parameters and layout are checked against the stored ones).
struct PlanSettings: Codable, Equatable {
    struct Layout: Codable, Equatable {
        var rowCount: Int
        var width: Int
        var slotCount: Int
        var blockWidth: Int

        enum CodingKeys: String, CodingKey {
            case rowCount = "row_count", width, slotCount = "slot_count", blockWidth = "block_width"
        }
    }

    var rows: Int
    var features: Int
    var iterations: Int
    var learningRate: Double
    var sigmoid: SigmoidSettings
    var logDegree: Int
    var reservedLevels: Int
    var insecure: Bool
    var layout: Layout

    enum CodingKeys: String, CodingKey {
        case rows, features, iterations, learningRate = "learning_rate", sigmoid, logDegree = "log_degree"
        case reservedLevels = "reserved_levels", insecure, layout
    }

    init(_ plan: TrainingPlan) {
        rows = plan.layout.rowCount
        features = plan.layout.width - 1
        iterations = plan.iterations
        learningRate = plan.learningRate
        sigmoid = SigmoidSettings(plan.sigmoid)
        logDegree = plan.parameters.logDegree
        reservedLevels = plan.reservedLevels
        insecure = plan.parameters.security == .unchecked
        layout = Layout(rowCount: plan.layout.rowCount, width: plan.layout.width, slotCount: plan.layout.slotCount,
                        blockWidth: plan.layout.blockWidth)
    }

    /// Rebuilds the plan and checks it against the bundle's `parameters`.
    ///
    /// - Throws: ``CLIError`` when the settings do not reproduce the stored parameters or layout.
    func plan(matching parameters: CKKSParameters, file: String) throws -> TrainingPlan {
        let plan = try TrainingPlan.make(rows: rows, features: features, iterations: iterations,
                                         sigmoid: sigmoid.approximation(), learningRate: learningRate,
                                         logDegree: logDegree, reservedLevels: reservedLevels,
                                         security: insecure ? .unchecked : .classical128)
        guard plan.parameters == parameters else {
            throw CLIError("\(file): the stored plan does not reproduce the stored CKKS parameters " +
                           "(written by another heml version, or edited)")
        }
        guard PlanSettings(plan) == self else {
            throw CLIError("\(file): the stored plan does not reproduce its slot layout (written by another heml version, or edited)")
        }
        return plan
    }
}
