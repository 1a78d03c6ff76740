import ArgumentParser
import HEML

/// `--dp-epsilon ε [--dp-delta δ]`: train with differentially private noisy gradient steps (all-in-one run).
struct PrivacyOptions: ParsableArguments {
    @Option(
        name: .customLong("dp-epsilon"),
        help: ArgumentHelp(
            "Differential privacy: ε of an (ε, δ)-DP release of the model (noisy gradient steps, zCDP accounting; "
                + "see docs/differential-privacy.md).", valueName: "ε"))
    var epsilon: Double?

    @Option(
        name: .customLong("dp-delta"),
        help: ArgumentHelp("Differential privacy: δ (default 1e-5; needs --dp-epsilon).", valueName: "δ"))
    var delta: Double?

    /// The budget, or nil when no flag was given.
    ///
    /// - Parameter preconditioned: whether the run multiplies the features by the diagonal preconditioner.
    /// - Throws: `ValidationError` for --dp-delta without --dp-epsilon, a budget `DPRelease` refuses, or a
    ///   preconditioned run.
    func release(preconditioned: Bool) throws -> DPRelease? {
        guard let epsilon else {
            if delta != nil { throw ValidationError("--dp-delta needs --dp-epsilon") }
            return nil
        }
        if preconditioned {
            throw ValidationError(
                "--dp-epsilon needs --no-precondition: the preconditioner's multipliers (up to 1024) enter the "
                    + "row-norm bound and with it the noise, and they are computed from the rows without noise; "
                    + "--no-precondition --iterations 1 gives a guarantee without conditions")
        }
        do {
            return try DPRelease(epsilon: epsilon, delta: delta ?? DPRelease.defaultDelta)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Whether either flag was given (for modes that refuse them).
    var given: Bool { epsilon != nil || delta != nil }

    /// The calibration as JSON: ε, δ, ρ, σ per iteration, the sensitivity and the accounting.
    static func json(_ calibration: DPCalibration?) -> JSONValue {
        guard let calibration else { return .null }
        let sensitivity = calibration.sensitivity
        return .object([
            ("epsilon", .double(calibration.budget.epsilon)),
            ("delta", .double(calibration.budget.delta)),
            ("rho", .double(calibration.budget.rho)),
            ("sigma_per_iteration", .array(calibration.standardDeviations.map { .double($0) })),
            ("sensitivity_per_iteration", .array(sensitivity.perIteration.map { .double($0) })),
            ("row_norm_bound", .double(sensitivity.rowNormBound)),
            ("sigmoid_bound", .double(sensitivity.sigmoidBound)),
            ("argument_bound", .double(sensitivity.argumentBound)),
            ("accounting", .string(DPCalibration.accounting)),
            ("unconditional", .bool(calibration.isUnconditional)),
        ])
    }
}
