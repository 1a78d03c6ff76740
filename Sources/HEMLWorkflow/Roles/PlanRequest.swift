import CKKS
import HEML

/// What encrypted training should compute, as a user asks for it; ``plan(rows:features:observer:)`` turns it into
/// a `TrainingPlan` for data of a given shape before any key exists.
public struct PlanRequest: Sendable {
    /// The sigmoid polynomial families a user chooses from.
    public enum SigmoidFamily: String, Sendable, CaseIterable {
        /// Kim et al.'s published least-squares fits on [−8, 8] (degrees 3, 5, 7).
        case kim
        case leastSquares = "least-squares"
        case minimax
        case chebyshev
    }

    /// Nesterov iterations.
    public let iterations: Int
    /// Step constant c in γ_t = c / (t + 1) + f.
    public let learningRate: Double
    /// Step offset f in γ_t = c / (t + 1) + f.
    public let stepOffset: Double
    /// The sigmoid polynomial.
    public let sigmoid: SigmoidApproximation
    /// A forced ring degree (log2 N) with the security check off, for tests on small rings; nil for the 128-bit
    /// planner.
    public let insecureLogDegree: Int?
    /// A chain that can bootstrap, for runs longer than one chain holds; nil for the planner's own chains.
    public let bootstrapping: BootstrapConfiguration?
    /// Whether the 128-bit planner may bootstrap on `BootstrappingPreset.n65536_l10` when no single chain holds
    /// the iterations.
    public let bootstrapWhenNeeded: Bool
    /// A forced ring degree (log2 N) still checked against 128-bit security (benchmarks compare rings); nil for the
    /// smallest that fits.
    public let logDegree: Int?
    /// Bytes the relinearization and rotation keys may take (`TrainingPlan.keyBudgetBytes` when nil).
    public let keyBudget: Int?
    /// Levels the plan leaves on the final weights beyond what training uses (`TrainingPlan`'s `reservedLevels`;
    /// 0 by default).
    public var reservedLevels = 0
    /// The largest ring the automatic planner uses for a single chain before it bootstraps instead (log2 N = 16).
    public static let largestSingleChainLogDegree = 16

    /// - Parameters:
    ///   - iterations: ≥ 1 (default `PreconditionedNAG.iterations`, which a 128-bit N = 2^16 chain holds with a
    ///     degree-3 sigmoid).
    ///   - degree: odd sigmoid degree (default 3; 3, 5 or 7 for `kim`).
    ///   - learningRate: positive (default `PreconditionedNAG.learningRate`).
    ///   - stepOffset: non-negative (default `PreconditionedNAG.stepOffset`).
    ///   - sigmoid: the polynomial family (default `kim`).
    ///   - interval: half-width R of the fitting interval (default 8; `kim` is fixed on [−8, 8]).
    ///   - insecureLogDegree: tests only: N = 2^logN without the security check.
    ///   - bootstrapping: plan on this chain and bootstrap where the next iteration would not fit (its
    ///     parameters' security policy applies).
    ///   - bootstrapWhenNeeded: without `bootstrapping` or a forced ring, bootstrap on the N = 2^16 preset when no
    ///     chain holds the iterations (default true); false refuses such plans.
    ///   - logDegree: N = 2^logN with the 128-bit check (ignored when `insecureLogDegree` is given).
    ///   - keyBudget: bytes the relinearization and rotation keys may take, ≥ 1 (default
    ///     `TrainingPlan.keyBudgetBytes`); a smaller budget means a larger key stride and more rotations.
    /// - Throws: `HEMLError.invalidArgument(_:)` for a degree the family does not have or an invalid fit.
    public init(
        iterations: Int? = nil, degree: Int? = nil, learningRate: Double? = nil, stepOffset: Double? = nil,
        sigmoid: SigmoidFamily? = nil, interval: Double? = nil, insecureLogDegree: Int? = nil, logDegree: Int? = nil,
        bootstrapping: BootstrapConfiguration? = nil, bootstrapWhenNeeded: Bool = true, keyBudget: Int? = nil
    ) throws(HEMLError) {
        self.iterations = iterations ?? PreconditionedNAG.iterations
        self.learningRate = learningRate ?? PreconditionedNAG.learningRate
        self.stepOffset = stepOffset ?? PreconditionedNAG.stepOffset
        let degree = degree ?? 3
        switch sigmoid ?? .kim {
        case .kim:
            guard let preset = SigmoidApproximation.kim(degree: degree) else {
                throw .invalidArgument("the kim sigmoid has degrees 3, 5 and 7")
            }
            self.sigmoid = preset
        case .leastSquares: self.sigmoid = try .leastSquares(degree: degree, radius: interval ?? 8)
        case .minimax: self.sigmoid = try .minimax(degree: degree, radius: interval ?? 8)
        case .chebyshev: self.sigmoid = try .chebyshev(degree: degree, radius: interval ?? 8)
        }
        self.insecureLogDegree = insecureLogDegree
        self.bootstrapping = bootstrapping
        self.bootstrapWhenNeeded = bootstrapWhenNeeded
        self.logDegree = logDegree
        self.keyBudget = keyBudget
    }

    /// The plan for `rows` × `features` data, shown on `observer` (after a warning when it uses an insecure test
    /// ring).
    ///
    /// Without a bootstrapping chain or a forced ring, the 128-bit planner first looks for one chain that holds
    /// every iteration up to N = 2^16; when none does, it bootstraps on `BootstrappingPreset.n65536_l10`. Only
    /// with ``bootstrapWhenNeeded`` false does it go on to N = 2^17, whose keys are four times larger (German
    /// credit at 16 iterations passed 16 GiB resident there) and whose operations are slower than a few
    /// bootstraps at N = 2^16.
    ///
    /// - Throws: `HEMLError.planDoesNotFit(reason:maxIterations:)` with the largest iteration count that fits.
    public func plan(rows: Int, features: Int, observer: any WorkflowObserver = SilentObserver()) throws(HEMLError)
        -> TrainingPlan
    {
        let automatic = bootstrapWhenNeeded && bootstrapping == nil && insecureLogDegree == nil && logDegree == nil
        func make(_ bootstrapping: BootstrapConfiguration?) throws(HEMLError) -> TrainingPlan {
            try TrainingPlan.make(
                rows: rows, features: features, iterations: iterations, sigmoid: sigmoid,
                learningRate: learningRate, stepOffset: stepOffset, logDegree: insecureLogDegree ?? logDegree,
                maxLogDegree: automatic ? Self.largestSingleChainLogDegree : TrainingPlan.maxLogDegree,
                reservedLevels: reservedLevels,
                security: insecureLogDegree == nil && bootstrapping?.parameters.security != .unchecked
                    ? .classical128 : .unchecked,
                bootstrapping: bootstrapping, keyBudget: keyBudget ?? TrainingPlan.keyBudgetBytes)
        }
        let plan: TrainingPlan
        do {
            plan = try make(bootstrapping)
        } catch {
            guard case .planDoesNotFit = error, automatic else { throw error }
            plan = try make(BootstrapConfiguration(preset: .n65536_l10))
        }
        if !plan.parameterSummary.isSecure {
            observer.warn("insecure test ring N = 2^\(plan.parameters.logDegree): NOT SECURE, tests only")
        }
        observer.note(plan.summary)
        return plan
    }
}
