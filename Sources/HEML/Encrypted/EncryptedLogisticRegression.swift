import CKKS
import Dispatch

/// Kim et al.'s Nesterov-accelerated logistic regression on ciphertexts only: the server side.
///
/// It holds the public evaluation keys and never a secret key. Given Z = y·(1, x) encrypted in the plan's
/// ``SlotLayout``, each iteration computes, per row block, the inner products zᵢᵀv (Nesterov weights folded into
/// constant multiples of Z), sums each row, masks and spreads the result, evaluates the sigmoid polynomial times
/// Z (step size folded into its coefficients), sums over rows, and combines the Nesterov terms — exactly the
/// arithmetic of ``PlainLogisticRegression`` with the same polynomial, so the two agree up to CKKS noise.
/// Inner products are taken on t/R so the polynomial runs on [−1, 1] (its normalised coefficients).
/// Row blocks and feature blocks run in parallel on all cores.
public struct EncryptedLogisticRegression: Sendable {
    /// What will be computed.
    public let plan: TrainingPlan
    var evaluator: Evaluator
    let encoder: CKKSEncoder
    /// The plan's bootstrapper, for a plan with bootstraps.
    let bootstrapper: Bootstrapper?

    /// - Throws: ``HEMLError/encryption(_:)`` with a parameter mismatch, a missing relinearization key or
    ///   the first missing rotation key the plan needs (the bootstrapper's included).
    public init(plan: TrainingPlan, context: CKKSContext, evaluationKeys: EvaluationKeys) throws(HEMLError) {
        guard context.parameters == plan.parameters else {
            throw .encryption(.parameterMismatch("the context is not the one the training plan chose"))
        }
        evaluator = try ckks { () throws(CKKSError) in try Evaluator(context: context, evaluationKeys: evaluationKeys) }
        guard evaluationKeys.hasRelinearizationKey else { throw .encryption(.missingRelinearizationKey) }
        bootstrapper = try plan.bootstrapper(context: context)
        let steps = bootstrapper?.keyRequest(rotations: plan.rotationSteps).rotations ?? plan.rotationSteps
        if let step = evaluator.missingRotationKeys(steps).first {
            throw .encryption(.missingRotationKey(step: step))
        }
        // X ↦ X^(2N−1), the conjugation bootstrapping uses.
        if bootstrapper != nil, !evaluationKeys.galoisExponents.contains(UInt64(2 * context.parameters.degree - 1)) {
            throw .encryption(.missingConjugationKey)
        }
        self.plan = plan
        encoder = CKKSEncoder(context: context)
    }

    /// Trains on the encrypted dataset.
    ///
    /// - Parameters:
    ///   - data: the encrypted dataset, in this plan's layout and under the context's keys.
    ///   - noise: DP-GD noise to add to every iteration's weights (``EncryptedGradientNoise``), or nil.
    ///   - progress: called after every iteration (from the calling thread).
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` when the data's or the noise's layout is not
    ///   the plan's, or the noise does not cover every iteration; ``HEMLError/encryption(_:)`` for CKKS failures.
    public func train(
        _ data: EncryptedDataset, noise: EncryptedGradientNoise? = nil, progress: ((TrainingProgress) -> Void)? = nil
    ) throws(HEMLError) -> EncryptedModel {
        try model(train(data.shard(), noise: noise, progress: progress))
    }

    /// Trains on one worker's share of the row blocks: per iteration, partial sums over the shard, their sum over
    /// every worker through `reducer`, then the update (the same on every worker). A single process passes the
    /// whole dataset's shard and ``LocalReducer``; any split gives the same bits.
    ///
    /// - Parameters:
    ///   - shard: this worker's row blocks, in this plan's layout and under the context's keys.
    ///   - reducer: how the workers' partial sums are added up.
    ///   - noise: DP-GD noise to add to every iteration's weights, or nil; every worker must pass the same.
    ///   - start: a state from an earlier run of this plan on this dataset to continue from (nil: from w_0 = 0).
    ///   - last: the iteration to stop after (default and at most the plan's iterations).
    ///   - afterIteration: called with the state after every iteration (from the calling thread), e.g. to write a
    ///     checkpoint; what it throws ends training.
    ///   - progress: called after every iteration (from the calling thread).
    /// - Returns: the state after iteration `last`.
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` when the shard's layout, the noise's or the
    ///   state's weights are not the plan's; ``HEMLError/invalidArgument(_:)`` for a state beyond the plan's
    ///   iterations; what `reducer` and `afterIteration` throw; ``HEMLError/encryption(_:)`` for CKKS failures.
    public func train(
        _ shard: EncryptedShard, reducer: some GradientReducer = LocalReducer(), noise: EncryptedGradientNoise? = nil,
        from start: TrainingState? = nil, through last: Int? = nil,
        afterIteration: ((TrainingState) throws(HEMLError) -> Void)? = nil,
        progress: ((TrainingProgress) -> Void)? = nil
    ) throws(HEMLError) -> TrainingState {
        var trainer = self
        return try trainer.train(
            shard, reducer: reducer, noise: noise, from: start, through: last, releasingKeys: false,
            afterIteration: afterIteration, progress: progress)
    }

    /// As ``train(_:reducer:noise:from:through:afterIteration:progress:)``, releasing the key primes and digits
    /// above the weights' level after every iteration (``Evaluator/releaseKeys(above:)``), so that the server's
    /// memory falls as training descends the chain; the result is the same, bit for bit. The memory returns only
    /// when this trainer holds the keys' one copy (build it with keys nobody else keeps). Plans that bootstrap keep
    /// every key. Afterwards this trainer's keys reach only the last weights' level: it can continue that run, not
    /// start another.
    ///
    /// - Throws: as ``train(_:reducer:noise:from:through:afterIteration:progress:)``.
    public mutating func trainReleasingKeys(
        _ shard: EncryptedShard, reducer: some GradientReducer = LocalReducer(), noise: EncryptedGradientNoise? = nil,
        from start: TrainingState? = nil, through last: Int? = nil,
        afterIteration: ((TrainingState) throws(HEMLError) -> Void)? = nil,
        progress: ((TrainingProgress) -> Void)? = nil
    ) throws(HEMLError) -> TrainingState {
        try train(
            shard, reducer: reducer, noise: noise, from: start, through: last, releasingKeys: true,
            afterIteration: afterIteration, progress: progress)
    }

    private mutating func train(
        _ shard: EncryptedShard, reducer: some GradientReducer, noise: EncryptedGradientNoise?,
        from start: TrainingState?, through last: Int?, releasingKeys: Bool,
        afterIteration: ((TrainingState) throws(HEMLError) -> Void)?, progress: ((TrainingProgress) -> Void)?
    ) throws(HEMLError) -> TrainingState {
        // Keys above the weights' level are never read again when no bootstrap climbs back.
        func release(_ state: TrainingState) throws(HEMLError) {
            guard releasingKeys, bootstrapper == nil else { return }
            try ckks { () throws(CKKSError) in try evaluator.releaseKeys(above: state.weights[0].level) }
            CKKSRuntime.releaseFreedMemory()
        }
        guard shard.layout == plan.layout else {
            throw .dimensionMismatch(
                what: "encrypted dataset layout (ciphertexts)", expected: plan.layout.ciphertextCount,
                found: shard.layout.ciphertextCount)
        }
        if let noise, noise.layout != plan.layout || noise.blocks.count != plan.iterations {
            throw .dimensionMismatch(
                what: "encrypted noise iterations", expected: plan.iterations, found: noise.blocks.count)
        }
        let schedule = try NesterovSchedule(learningRate: plan.learningRate, stepOffset: plan.stepOffset)
            .constants(iterations: plan.iterations)
        let clock = DispatchTime.now().uptimeNanoseconds
        var state: TrainingState
        if let start {
            guard start.iteration <= plan.iterations else {
                throw .invalidArgument("the state is past the plan's \(plan.iterations) iterations")
            }
            guard start.weights.count == plan.layout.featureBlocks else {
                throw .dimensionMismatch(
                    what: "weight ciphertexts (one per feature block)", expected: plan.layout.featureBlocks,
                    found: start.weights.count)
            }
            state = start
            try release(state)
        } else {
            let w = try addingNoise(
                noise, iteration: 0, to: firstIterate(shard, reducer: reducer, step: schedule[0].step))
            state = try TrainingState(iteration: 1, weights: w, previous: nil, bootstraps: 0)
            try release(state)
            report(progress, iteration: 1, levelsLeft: w[0].level, bootstraps: 0, start: clock)
            try afterIteration?(state)
        }
        while state.iteration < min(last ?? plan.iterations, plan.iterations) {
            let t = state.iteration
            var w = state.weights, previous = state.previous, bootstraps = state.bootstraps
            if try bootstrapIfScheduled(before: t, w: &w, previous: &previous) { bootstraps += 1 }
            let momentum = 1 - schedule[t - 1].eta, memory = schedule[t - 1].eta
            let next = try addingNoise(
                noise, iteration: t,
                to: iterate(
                    shard, reducer: reducer, w: w, previous: previous, momentum: momentum, memory: memory,
                    step: schedule[t].step))
            state = try TrainingState(iteration: t + 1, weights: next, previous: w, bootstraps: bootstraps)
            try release(state)
            report(progress, iteration: t + 1, levelsLeft: next[0].level, bootstraps: bootstraps, start: clock)
            try afterIteration?(state)
        }
        return state
    }

    /// The model a finished run's state holds.
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` unless the state is after the plan's last iteration.
    public func model(_ state: TrainingState) throws(HEMLError) -> EncryptedModel {
        guard state.iteration == plan.iterations else {
            throw .invalidArgument("training stopped after iteration \(state.iteration) of \(plan.iterations)")
        }
        return EncryptedModel(layout: plan.layout, weights: state.weights, iterations: plan.iterations)
    }

    /// The sums over every worker's row blocks (see ``GradientReducer``) of the per-row-block ciphertexts `perRow`
    /// (one per feature block each) this worker computed.
    func reduced(_ perRow: [[Ciphertext]], _ reducer: some GradientReducer) throws(HEMLError) -> [Ciphertext] {
        let evaluator = evaluator
        let partial: [Ciphertext]? =
            perRow.isEmpty
            ? nil
            : try concurrentMap(plan.layout.featureBlocks) { k throws(HEMLError) in
                try ckks { () throws(CKKSError) in
                    var sum = perRow[0][k]
                    for r in 1..<perRow.count { try evaluator.addInPlace(&sum, perRow[r][k]) }
                    return sum
                }
            }
        return try reducer.sum(partial, context: evaluator.context)
    }

    /// w_1 = γ_0 · σ(0) · (1/n) Σ zᵢ (w_0 = v_0 = 0), one level below the data.
    func firstIterate(_ shard: EncryptedShard, reducer: some GradientReducer, step: Double) throws(HEMLError)
        -> [Ciphertext]
    {
        let layout = plan.layout, evaluator = evaluator
        let level = plan.dataLevel - 1, scale = evaluator.context.levelScales[level]
        let factor = step * plan.sigmoid.normalizedCoefficients[0] / Double(layout.rowCount)
        let sums = try reduced(
            shard.rowBlocks.map { r in (0..<layout.featureBlocks).map { shard.block(row: r, feature: $0) } }, reducer)
        return try concurrentMap(layout.featureBlocks) { k throws(HEMLError) in
            try ckks { () throws(CKKSError) in
                var w = try evaluator.scaledCopy(of: sums[k], constant: factor, level: level, scale: scale)
                try evaluator.innerSumInPlace(
                    &w, batch: layout.blockWidth, count: layout.rowsPerBlock, keyStride: plan.rotationKeyStride)
                return w
            }
        }
    }

    /// One Nesterov iteration t ≥ 1: v_t = momentum·w_t + memory·w_(t−1); w_(t+1) = v_t + γ_t·g(v_t).
    func iterate(
        _ shard: EncryptedShard, reducer: some GradientReducer, w: [Ciphertext], previous: [Ciphertext]?,
        momentum: Double, memory: Double,
        step: Double
    ) throws(HEMLError) -> [Ciphertext] {
        let layout = plan.layout, evaluator = evaluator, encoder = encoder
        let level = w[0].level, scales = evaluator.context.levelScales
        let radius = plan.sigmoid.radius, n = Double(layout.rowCount), keyStride = plan.rotationKeyStride
        // Gradient polynomial in u = zᵀv / R: (γ/n) · p(−R·u) = Σ (γ/n)·bᵢ·(−1)ⁱ·uⁱ.
        let coefficients = plan.sigmoid.normalizedCoefficients.enumerated().map { i, b in
            step / n * b * (i % 2 == 0 ? 1 : -1)
        }
        let aligned: [Ciphertext]? = try previous.map { old throws(HEMLError) in
            try old.map { c throws(HEMLError) in
                try ckks { () throws(CKKSError) in
                    try evaluator.matchLevelAndScale(c, level: level, scale: scales[level])
                }
            }
        }
        let mask = try ckks { () throws(CKKSError) in
            try encoder.encode(layout.firstSlotMask, multiplyingScale: scales[level - 1], atLevel: level - 1)
        }
        // Per row block: u_r = zᵀv / R spread over each row, its powers, then p(u)·z for every feature block.
        let rows = shard.rowBlocks
        let partials: [[Ciphertext]] = try concurrentMap(rows.count) { i throws(HEMLError) in
            let r = rows.lowerBound + i
            return try ckks { () throws(CKKSError) in
                var product: Ciphertext?
                for k in 0..<layout.featureBlocks {
                    let z = shard.block(row: r, feature: k)
                    var term = try evaluator.multiply(
                        evaluator.scaledCopy(
                            of: z, constant: momentum / radius, level: level,
                            scale: scales[level]), w[k])
                    if let aligned {
                        let older = try evaluator.scaledCopy(
                            of: z, constant: memory / radius, level: level, scale: scales[level])
                        try evaluator.addInPlace(&term, evaluator.multiply(older, aligned[k]))
                    }
                    if product == nil { product = term } else { try evaluator.addInPlace(&product!, term) }
                }
                var u = product.take()!
                try evaluator.relinearizeInPlace(&u)
                try evaluator.rescaleInPlace(&u)
                try evaluator.innerSumInPlace(&u, batch: 1, count: layout.blockWidth, keyStride: keyStride)
                try evaluator.multiplyInPlace(&u, mask)
                try evaluator.rescaleInPlace(&u)
                try evaluator.replicateInPlace(&u, batch: 1, count: layout.blockWidth, keyStride: keyStride)
                let powers = try evaluator.powers(of: u, degree: coefficients.count - 1)
                var terms: [Ciphertext] = []
                for k in 0..<layout.featureBlocks {
                    terms.append(
                        try evaluator.evaluate(
                            coefficients, powers: powers, multipliedBy: shard.block(row: r, feature: k)))
                }
                return terms
            }
        }
        let sums = try reduced(partials, reducer)
        return try concurrentMap(layout.featureBlocks) { k throws(HEMLError) in
            try ckks { () throws(CKKSError) in
                var next = sums[k]
                try evaluator.innerSumInPlace(
                    &next, batch: layout.blockWidth, count: layout.rowsPerBlock, keyStride: keyStride)
                let target = next.level
                try evaluator.addInPlace(
                    &next,
                    evaluator.scaledCopy(
                        of: w[k], constant: momentum, level: target,
                        scale: scales[target]))
                if let previous {
                    try evaluator.addInPlace(
                        &next,
                        evaluator.scaledCopy(
                            of: previous[k], constant: memory, level: target,
                            scale: scales[target]))
                }
                return next
            }
        }
    }

    func report(
        _ progress: ((TrainingProgress) -> Void)?, iteration: Int, levelsLeft: Int, bootstraps: Int, start: UInt64
    ) {
        guard let progress else { return }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // Scale the measured time by the cost model's ratio of remaining to finished work (later iterations run on
        // fewer primes, so they are cheaper than the first ones).
        let costs = plan.iterationCosts
        let done = costs.prefix(iteration).reduce(0, +), left = costs.dropFirst(iteration).reduce(0, +)
        progress(
            TrainingProgress(
                iteration: iteration, total: plan.iterations, levelsLeft: levelsLeft, bootstraps: bootstraps,
                totalBootstraps: plan.bootstrapping?.count ?? 0, elapsed: elapsed,
                remaining: done > 0 ? elapsed * left / done : 0))
    }
}
