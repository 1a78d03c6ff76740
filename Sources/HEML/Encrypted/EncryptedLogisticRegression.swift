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
    let evaluator: Evaluator
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
        guard data.layout == plan.layout else {
            throw .dimensionMismatch(
                what: "encrypted dataset layout (ciphertexts)", expected: plan.layout.ciphertextCount,
                found: data.layout.ciphertextCount)
        }
        if let noise, noise.layout != plan.layout || noise.blocks.count != plan.iterations {
            throw .dimensionMismatch(
                what: "encrypted noise iterations", expected: plan.iterations, found: noise.blocks.count)
        }
        let schedule = try NesterovSchedule(learningRate: plan.learningRate, stepOffset: plan.stepOffset)
            .constants(iterations: plan.iterations)
        let start = DispatchTime.now().uptimeNanoseconds
        var w = try addingNoise(noise, iteration: 0, to: firstIterate(data, step: schedule[0].step))
        var previous: [Ciphertext]?
        var bootstraps = 0
        report(progress, iteration: 1, levelsLeft: w[0].level, bootstraps: bootstraps, start: start)
        for t in 1..<plan.iterations {
            if try bootstrapIfScheduled(before: t, w: &w, previous: &previous) { bootstraps += 1 }
            let momentum = 1 - schedule[t - 1].eta, memory = schedule[t - 1].eta
            let next = try addingNoise(
                noise, iteration: t,
                to: iterate(data, w: w, previous: previous, momentum: momentum, memory: memory, step: schedule[t].step))
            previous = w
            w = next
            report(progress, iteration: t + 1, levelsLeft: w[0].level, bootstraps: bootstraps, start: start)
        }
        return EncryptedModel(layout: plan.layout, weights: w, iterations: plan.iterations)
    }

    /// w_1 = γ_0 · σ(0) · (1/n) Σ zᵢ (w_0 = v_0 = 0), one level below the data.
    func firstIterate(_ data: EncryptedDataset, step: Double) throws(HEMLError) -> [Ciphertext] {
        let layout = plan.layout, evaluator = evaluator
        let level = plan.dataLevel - 1, scale = evaluator.context.levelScales[level]
        let factor = step * plan.sigmoid.normalizedCoefficients[0] / Double(layout.rowCount)
        return try concurrentMap(layout.featureBlocks) { k throws(HEMLError) in
            try ckks { () throws(CKKSError) in
                var sum = data.block(row: 0, feature: k)
                for r in 1..<layout.rowBlocks { try evaluator.addInPlace(&sum, data.block(row: r, feature: k)) }
                var w = try evaluator.scaledCopy(of: sum, constant: factor, level: level, scale: scale)
                try evaluator.innerSumInPlace(
                    &w, batch: layout.blockWidth, count: layout.rowsPerBlock, keyStride: plan.rotationKeyStride)
                return w
            }
        }
    }

    /// One Nesterov iteration t ≥ 1: v_t = momentum·w_t + memory·w_(t−1); w_(t+1) = v_t + γ_t·g(v_t).
    func iterate(
        _ data: EncryptedDataset, w: [Ciphertext], previous: [Ciphertext]?, momentum: Double, memory: Double,
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
        let partials: [[Ciphertext]] = try concurrentMap(layout.rowBlocks) { r throws(HEMLError) in
            try ckks { () throws(CKKSError) in
                var product: Ciphertext?
                for k in 0..<layout.featureBlocks {
                    let z = data.block(row: r, feature: k)
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
                            coefficients, powers: powers, multipliedBy: data.block(row: r, feature: k)))
                }
                return terms
            }
        }
        return try concurrentMap(layout.featureBlocks) { k throws(HEMLError) in
            try ckks { () throws(CKKSError) in
                var next = partials[0][k]
                for r in 1..<layout.rowBlocks { try evaluator.addInPlace(&next, partials[r][k]) }
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
