import CKKS

extension TrainingPlan {
    /// The plan on a bootstrapping chain: its parameters, the layout for its slots, and the bootstraps placed.
    static func bootstrapped(
        rows: Int, features: Int, iterations: Int, sigmoid: SigmoidApproximation, learningRate: Double,
        stepOffset: Double, logDegree: Int?, reservedLevels: Int, security: SecurityPolicy,
        configuration: BootstrapConfiguration
    ) throws(HEMLError) -> TrainingPlan {
        let parameters = configuration.parameters
        if let logDegree, logDegree != parameters.logDegree {
            throw .invalidArgument("the ring degree 2^\(logDegree) is not the bootstrapping chain's")
        }
        if security == .classical128, parameters.securityBits < 128 {
            throw .invalidArgument("the bootstrapping parameters are not 128-bit secure")
        }
        let layout = try SlotLayout(rowCount: rows, width: features + 1, slotCount: parameters.slotCount)
        let schedule = try BootstrapSchedule(
            configuration: configuration, layout: layout, iterations: iterations,
            levelsPerIteration: levelsPerIteration(degree: sigmoid.degree), reservedLevels: reservedLevels)
        return TrainingPlan(
            layout: layout, iterations: iterations, sigmoid: sigmoid, learningRate: learningRate,
            stepOffset: stepOffset, parameters: parameters, reservedLevels: reservedLevels, bootstrapping: schedule)
    }

    /// The keys training needs and no others: relinearization, ``rotationSteps``, and for a bootstrapping plan the
    /// bootstrapper's rotations and conjugation.
    ///
    /// - Throws: ``HEMLError/encryption(_:)`` when `context` is not the plan's or cannot bootstrap.
    public func keyRequest(context: CKKSContext) throws(HEMLError) -> EvaluationKeyRequest {
        try bootstrapper(context: context)?.keyRequest(rotations: rotationSteps)
            ?? EvaluationKeyRequest(rotations: rotationSteps)
    }

    /// The bootstrapper of a bootstrapping plan (nil for a plan without bootstraps). Building it encodes the
    /// transforms' diagonals: do it once per run.
    ///
    /// - Throws: ``HEMLError/encryption(_:)`` when `context` is not the plan's or cannot bootstrap.
    public func bootstrapper(context: CKKSContext) throws(HEMLError) -> Bootstrapper? {
        guard context.parameters == parameters else {
            throw .encryption(.parameterMismatch("the context is not the one the training plan chose"))
        }
        guard let schedule = bootstrapping else { return nil }
        return try schedule.configuration.bootstrapper(context: context, slots: schedule.slots)
    }

    /// Modelled single-thread seconds of one bootstrap of n slots: key switches at the top level for the trace
    /// (log2(N/2n) rotations), each transform level's baby-step giant-step rotations (about 2·√d for d = 2^(s+1) − 1
    /// diagonals of s merged butterfly stages), the conjugation, and EvalMod's products (baby steps, giant steps
    /// and double angles) on one part for sparse slots or two for full slots, plus `unpackingRotations` at the
    /// output level. A model, not a measurement.
    static func bootstrapSeconds(configuration: BootstrapConfiguration, slots n: Int, unpackingRotations: Int)
        -> Double
    {
        let parameters = configuration.parameters
        let logSlots = n.trailingZeroBitCount
        let trace = parameters.slotCount.trailingZeroBitCount - logSlots
        let (c, s) = configuration.budgets(slots: n)
        func transform(_ budget: Int) -> Int {
            let stages = (max(1, logSlots) + budget - 1) / budget
            let diagonals = Double((1 << (stages + 1)) - 1)
            return budget * 2 * Int(diagonals.squareRoot().rounded(.up))
        }
        let mod = configuration.evalMod
        let products = mod.babySteps + mod.series.degree / mod.babySteps + mod.doublings
        let parts = n == parameters.slotCount ? 2 : 1
        let keySwitches = trace + transform(c) + 1 + parts * products + transform(s)
        let output = parameters.maxLevel - configuration.depth(slots: n)
        return Double(keySwitches) * keySwitchSeconds(parameters, level: parameters.maxLevel)
            + Double(unpackingRotations) * keySwitchSeconds(parameters, level: output)
    }
}

extension BootstrapSchedule {
    /// One line for the plan's summary.
    public var summary: String {
        guard count > 0 else {
            return "bootstraps: none needed (each would cost \(depth) levels and leave \(outputLevel))"
        }
        let positions = self.positions.prefix(8).map(String.init).joined(separator: ", ")
        return "bootstraps: \(count) (after iteration\(count == 1 ? "" : "s") \(positions)"
            + (count > 8 ? ", …" : "") + "), \(totalBootstraps) of \(slots) slots in all"
            + (packed ? " (weight blocks packed)" : "") + "; each costs \(depth) levels and leaves \(outputLevel); "
            + "about \(Int(estimatedSeconds.rounded(.up))) s"
    }
}
