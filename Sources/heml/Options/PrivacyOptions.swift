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

    @Option(
        name: .customLong("dp-colluders"),
        help: ArgumentHelp(
            "Differential privacy with --parties: banks whose pooled noise shares must still leave the full noise "
                + "(0 … parties − 1, default parties − 1).", valueName: "t"))
    var colluders: Int?

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

    /// Whether any flag was given (for modes that refuse them).
    var given: Bool { epsilon != nil || delta != nil || colluders != nil }

    /// Checks --dp-colluders against the parties of the run (nil: a single owner).
    ///
    /// - Throws: `ValidationError` for --dp-colluders without --parties and --dp-epsilon, or out of range.
    func validateColluders(parties: Int?) throws {
        guard let colluders else { return }
        guard let parties, epsilon != nil else {
            throw ValidationError("--dp-colluders belongs to --parties with --dp-epsilon")
        }
        guard (0..<parties).contains(colluders) else {
            throw ValidationError("--dp-colluders must be 0 … \(parties - 1) for \(parties) parties")
        }
    }

    /// The calibration as JSON: ε, δ, ρ, σ per iteration, the sensitivity and the accounting; with `sharing`,
    /// how the parties share the noise and ε against the public.
    static func json(_ calibration: DPCalibration?, sharing: NoiseSharing? = nil) -> JSONValue {
        guard let calibration else { return .null }
        let sensitivity = calibration.sensitivity
        let budget = calibration.budget
        let shares: [(String, JSONValue)] =
            sharing.map { sharing in
                let publicRho = (try? sharing.rho(knownShares: 0, of: budget)) ?? budget.rho
                return [
                    (
                        "noise_sharing",
                        .object([
                            ("parties", .int(sharing.parties)),
                            ("colluders", .int(sharing.colluders)),
                            ("share_sigma_factor", .double(sharing.shareFactor)),
                            ("total_sigma_factor", .double(sharing.totalFactor)),
                            ("rho_public", .double(publicRho)),
                            ("epsilon_public", .double(DPRelease.epsilon(rho: publicRho, delta: budget.delta))),
                        ])
                    )
                ]
            } ?? []
        return .object(
            [
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
            ] + shares)
    }
}
