import ArgumentParser
import HEML
import HEMLWorkflow

/// What encrypted training should compute; turned into a ``TrainingPlan`` by ``PlanRequest``. Every option is
/// optional so the server, whose plan comes from the public bundle, can refuse them when given.
struct PlanOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("Nesterov iterations (default 8). Each costs levels of the modulus chain.", valueName: "K"))
    var iterations: Int?

    @Option(help: ArgumentHelp("Degree of the sigmoid polynomial (default 3).", valueName: "3|5|7"))
    var degree: Int?

    @Option(
        name: .customLong("learning-rate"),
        help: ArgumentHelp("Step constant c in γ_t = c / (t + 1) + f (default 8).", valueName: "c"))
    var learningRate: Double?

    @Option(
        name: .customLong("step-offset"),
        help: ArgumentHelp("Step offset f in γ_t = c / (t + 1) + f (default 7; 0 is Kim et al.'s).", valueName: "f"))
    var stepOffset: Double?

    @Option(
        help: ArgumentHelp(
            "Sigmoid polynomial: Kim et al.'s published fit on [−8, 8], or a fit on [−R, R].",
            valueName: "kim|least-squares|minimax|chebyshev"))
    var sigmoid: PlanRequest.SigmoidFamily?

    @Option(
        help: ArgumentHelp(
            "Half-width R of the interval [−R, R] the sigmoid is fitted on (default 8; not with kim).",
            valueName: "R"))
    var interval: Double?

    @Flag(
        name: .customLong("no-bootstrap"),
        help: ArgumentHelp(
            "Never bootstrap: past what N = 2^16 holds in one chain, use N = 2^17 (keys four times larger), then refuse.",
            discussion: "By default a plan that does not fit one N = 2^16 chain bootstraps on the N = 2^16 preset."))
    var noBootstrap = false

    @Option(
        name: .customLong("key-budget"),
        help: ArgumentHelp(
            "MiB the relinearization and rotation keys may take in the public bundle (default 300); above it, keys for every s-th power of two only, for more rotations.",
            valueName: "MiB"))
    var keyBudget: Int?

    /// Test-only: a small ring degree without the 128-bit security check, so tests run in seconds.
    @Option(
        name: .customLong("insecure-test-ring"),
        help: ArgumentHelp(
            "TEST ONLY: force N = 2^logN without the security check (needs --allow-insecure).",
            visibility: .hidden))
    var insecureTestRing: Int?

    /// Names of the options given on the command line (for the server, which must refuse them).
    var givenOptions: [String] {
        var names: [String] = []
        if iterations != nil { names.append("--iterations") }
        if degree != nil { names.append("--degree") }
        if learningRate != nil { names.append("--learning-rate") }
        if stepOffset != nil { names.append("--step-offset") }
        if sigmoid != nil { names.append("--sigmoid") }
        if interval != nil { names.append("--interval") }
        if insecureTestRing != nil { names.append("--insecure-test-ring") }
        if noBootstrap { names.append("--no-bootstrap") }
        if keyBudget != nil { names.append("--key-budget") }
        return names
    }

    /// The opt-in for insecure test rings (given ones and ones read from files).
    @OptionGroup var security: SecurityOptions

    /// The request for the planner.
    func request() throws -> PlanRequest {
        try PlanRequest(
            iterations: iterations, degree: degree, learningRate: learningRate, stepOffset: stepOffset,
            sigmoid: sigmoid, interval: interval, insecureLogDegree: insecureTestRing,
            bootstrapWhenNeeded: !noBootstrap,
            keyBudget: keyBudget.map { $0 << 20 })
    }

    func validate() throws {
        if let iterations, iterations < 1 { throw ValidationError("--iterations must be at least 1") }
        if let keyBudget, !(1...(1 << 30)).contains(keyBudget) {
            throw ValidationError("--key-budget must be 1 … 2^30 MiB")
        }
        if let learningRate, !(learningRate.isFinite && learningRate > 0) {
            throw ValidationError("--learning-rate must be a positive number")
        }
        if let stepOffset, !(stepOffset.isFinite && stepOffset >= 0) {
            throw ValidationError("--step-offset must be a non-negative number")
        }
        if let interval, !(interval.isFinite && interval > 0) {
            throw ValidationError("--interval must be a positive number (the half-width R of [−R, R])")
        }
        let method = sigmoid ?? .kim
        if let degree {
            if method == .kim, ![3, 5, 7].contains(degree) {
                throw ValidationError("--degree must be 3, 5 or 7 for the kim sigmoid")
            }
            if !(1...15).contains(degree) || degree % 2 == 0 {
                throw ValidationError("--degree must be odd, 1 to 15")
            }
        }
        if let ring = insecureTestRing {
            guard security.allowInsecure else {
                throw ValidationError(
                    "--insecure-test-ring is for tests only and gives NO security; "
                        + "add --allow-insecure to use it anyway")
            }
            guard (12...17).contains(ring) else { throw ValidationError("--insecure-test-ring must be 12 … 17") }
        }
        if method == .kim, let interval, interval != 8 {
            throw ValidationError(
                "the kim polynomials are fixed on [−8, 8]; use --sigmoid least-squares, minimax "
                    + "or chebyshev with --interval \(Format.short(interval))")
        }
    }
}

extension PlanRequest.SigmoidFamily: ExpressibleByArgument {}
