import HEML
import HEMLWorkflow

/// JSON and text pieces shared by commands.
enum Reports {
    static func parameters(_ p: ParameterSummary) -> JSONValue {
        .object([
            ("ring_degree", .int(p.ringDegree)),
            ("log_qp", .int(p.logQP)),
            ("levels", .int(p.levels)),
            ("scale_bits", .int(p.scaleBits)),
            ("security_bits", .int(p.securityBits)),
            ("special_primes", .int(p.specialPrimes)),
            ("digits", .int(p.digits)),
        ])
    }

    static func plan(_ plan: TrainingPlan) -> JSONValue {
        .object([
            ("iterations", .int(plan.iterations)),
            ("degree", .int(plan.sigmoid.degree)),
            ("sigmoid", .string(plan.sigmoid.name)),
            ("interval", .array([.double(-plan.sigmoid.radius), .double(plan.sigmoid.radius)])),
            ("learning_rate", .double(plan.learningRate)),
            ("step_offset", .double(plan.stepOffset)),
            ("levels_per_iteration", .int(plan.levelsPerIteration)),
            ("levels_needed", .int(plan.levelsNeeded)),
            ("rotations_per_iteration", .int(plan.rotationsPerIteration)),
            ("rotation_keys", .int(plan.rotationSteps.count)),
            ("key_stride", .int(plan.rotationKeyStride)),
            ("key_budget_bytes", .int(plan.keyBudget)),
            ("training_key_bytes", .int(plan.trainingKeyBytes)),
            ("ciphertexts", .int(plan.layout.ciphertextCount)),
            ("block_width", .int(plan.layout.blockWidth)),
            ("bootstraps", .int(plan.bootstrapping?.count ?? 0)),
            ("bootstrap_after", .array((plan.bootstrapping?.positions ?? []).map { .int($0) })),
            ("estimated_seconds", .seconds(plan.estimatedSeconds)),
        ])
    }

    static func timings(_ entries: [(String, Double)]) -> JSONValue {
        .object(entries.map { ($0.0, .seconds($0.1)) })
    }

    /// Peak resident memory in bytes, or null where the system does not report it.
    static func peakMemory(_ bytes: Int?) -> JSONValue { bytes.map(JSONValue.int) ?? .null }

    /// `peak memory: 561.8 MiB` and a newline, or nothing where the system does not report it.
    static func peakMemoryText(_ bytes: Int?) -> String { bytes.map { "peak memory: \(Format.bytes($0))\n" } ?? "" }

    /// `read 0.01 s, keygen 3.81 s, …`.
    static func timingsText(_ entries: [(String, Double)]) -> String {
        entries.map { "\($0.0) \(Format.duration($0.1))" }.joined(separator: ", ")
    }

    /// Gradient norm and log-likelihood gap against the converged (IRLS) fit.
    static func convergence(_ c: Convergence) -> JSONValue {
        .object([
            ("gradient_norm", .double(c.gradientNorm)),
            ("mean_log_likelihood", .double(c.meanLogLikelihood)),
            ("irls_mean_log_likelihood", .double(c.reference.meanLogLikelihood)),
            ("log_likelihood_gap", .double(c.logLikelihoodGap)),
            ("irls_iterations", .int(c.reference.iterations)),
            ("largest_sigmoid_argument", c.largestSigmoidArgument.map(JSONValue.double) ?? .null),
            ("sigmoid_interval_radius", .double(c.sigmoidRadius)),
            ("first_iteration_outside_interval", c.firstIterationOutsideInterval.map(JSONValue.int) ?? .null),
        ])
    }

    /// One line: how close the training got to the converged fit.
    static func convergenceText(_ c: Convergence) -> String {
        "convergence: gradient norm \(Format.scientific(c.gradientNorm)) at the encrypted model's weights; mean "
            + "log-likelihood \(Format.fixed(c.meanLogLikelihood)) vs \(Format.fixed(c.reference.meanLogLikelihood)) "
            + "converged (IRLS), gap \(Format.scientific(c.logLikelihoodGap)) per row\n"
            + sigmoidRangeText(c)
    }

    /// A warning when the sigmoid's argument left the polynomial's interval, with what to try; else nothing.
    static func sigmoidRangeText(_ c: Convergence) -> String {
        guard let iteration = c.firstIterationOutsideInterval, let largest = c.largestSigmoidArgument else { return "" }
        let suggested = (largest * 1.25).rounded(.up)
        return "note: the sigmoid's argument left the polynomial's interval [−\(Format.fixed(c.sigmoidRadius, 0)), "
            + "\(Format.fixed(c.sigmoidRadius, 0))] at iteration \(iteration) (largest |zᵀv| "
            + "\(Format.fixed(largest, 1))), where the polynomial no longer follows the sigmoid; if the AUC falls short "
            + "of the exact-sigmoid twin's, try --sigmoid least-squares --interval \(Format.fixed(suggested, 0))\n"
    }

    /// "N = 2^16 (128-bit secure)" or "N = 2^12 (INSECURE test ring)".
    static func ring(_ p: ParameterSummary) -> String {
        "N = 2^\(p.logDegree)" + (p.isSecure ? " (128-bit secure)" : " (INSECURE test ring)")
    }
}
