import CKKS
import Foundation

/// What encrypted training will do, decided before any key exists: the slot layout, the multiplicative depth,
/// the modulus chain and ring degree (the smallest 128-bit-secure one that fits), the rotation keys, and an
/// estimate of the time. When a request cannot fit, the error says why and the largest iteration count that does.
///
/// Depth: iteration 0 starts from w = v = 0, so its gradient is σ(0)·mean(z) and costs one level; every further
/// iteration costs 2 + ⌈log2(degree + 1)⌉ levels (zᵀv with the Nesterov weights folded into constant multiples of
/// the data, the mask that isolates each row's sum, and the polynomial times z). The Nesterov combination of
/// weights costs no level on the critical path. Given a ``BootstrapConfiguration``, the plan runs on that chain and
/// bootstraps the weights where the next iteration would not fit (``BootstrapSchedule``), so any iteration count fits.
public struct TrainingPlan: Sendable, Equatable {
    /// Rows and columns as packed into slots.
    public let layout: SlotLayout
    /// Number of Nesterov iterations.
    public let iterations: Int
    /// The sigmoid polynomial the gradient uses.
    public let sigmoid: SigmoidApproximation
    /// Step size constant c (γ_t = c / (t + 1) + f).
    public let learningRate: Double
    /// Step offset f (γ_t = c / (t + 1) + f; 0 is Kim et al.'s schedule).
    public let stepOffset: Double
    /// The CKKS parameters (128-bit secure).
    public let parameters: CKKSParameters
    /// Levels kept on the trained weights for later encrypted use (1 for encrypted-model scoring of logits).
    public let reservedLevels: Int
    /// Where the weights are bootstrapped, for a plan made with a ``BootstrapConfiguration``; nil when the whole
    /// run fits in the chain.
    public let bootstrapping: BootstrapSchedule?
    /// Bytes the relinearization and rotation keys may take (see ``rotationKeyStride``); default
    /// ``keyBudgetBytes``.
    public internal(set) var keyBudget = TrainingPlan.keyBudgetBytes

    /// Largest ring degree heml plans for (log2 N).
    public static let maxLogDegree = 17
    /// Smallest ring degree a plan may force (log2 N), as `CKKSParameters` allows.
    public static let minLogDegree = 10
    /// Most iterations a plan may have (far beyond what any chain holds: N = 2^17 holds about 85 levels).
    public static let maximumIterations = 10_000
    /// Most levels a plan may reserve on the trained weights.
    public static let maximumReservedLevels = 16
    /// Scale (and scaling-prime size) in bits.
    public static let scaleBits = 40

    /// Levels one iteration after the first costs for a sigmoid of this degree.
    public static func levelsPerIteration(degree: Int) -> Int { 2 + Evaluator.depth(ofDegree: degree) }

    /// Levels the whole run needs.
    public static func levelsNeeded(iterations: Int, degree: Int) -> Int {
        1 + (iterations - 1) * levelsPerIteration(degree: degree)
    }

    /// Plans training on `rows` samples of `features` features (the intercept column is added).
    ///
    /// Every argument may come from a file (a public bundle's plan settings), so each is range-checked first.
    ///
    /// - Parameters:
    ///   - rows: 1 … ``SlotLayout/maximumRowCount``.
    ///   - features: 1 … ``SlotLayout/maximumWidth`` − 1.
    ///   - iterations: 1 … ``maximumIterations``.
    ///   - sigmoid: the polynomial the gradient uses; its degree sets the levels per iteration.
    ///   - learningRate: finite and positive.
    ///   - stepOffset: finite and non-negative (default 0).
    ///   - logDegree: force a ring degree (``minLogDegree`` … ``maxLogDegree``); default: the smallest that is
    ///     128-bit secure for the depth.
    ///   - maxLogDegree: without `logDegree`, the largest ring to try (13 … ``maxLogDegree``, the default).
    ///   - reservedLevels: levels to leave on the encrypted weights (e.g. 1 to score with the encrypted model),
    ///     0 … ``maximumReservedLevels``.
    ///   - security: `.unchecked` only for tests on small rings.
    ///   - bootstrapping: a chain that can bootstrap; the plan then uses its parameters and inserts bootstraps
    ///     where the next iteration would not fit (``BootstrapSchedule``). `logDegree`, when given, must be its.
    ///   - keyBudget: bytes the relinearization and rotation keys may take, ≥ 1 (default ``keyBudgetBytes``):
    ///     the smallest key stride whose keys fit is used (``rotationKeyStride``).
    /// - Throws: ``HEMLError/planDoesNotFit(reason:maxIterations:)`` when no secure chain up to N = 2^17 (or the
    ///   forced degree) holds the depth (unchecked chains too: at most `CKKSParameters.maximumPrimeCount`
    ///   primes), or a bootstrap leaves too few levels for one iteration; ``HEMLError/invalidArgument(_:)`` for an
    ///   argument outside its range, bootstrapping parameters that are not 128-bit secure under `.classical128`,
    ///   or a layout ``SlotLayout`` refuses.
    public static func make(
        rows: Int, features: Int, iterations: Int, sigmoid: SigmoidApproximation, learningRate: Double,
        stepOffset: Double = 0, logDegree: Int? = nil, maxLogDegree ceiling: Int = maxLogDegree,
        reservedLevels: Int = 0, security: SecurityPolicy = .classical128, bootstrapping: BootstrapConfiguration? = nil,
        keyBudget: Int = keyBudgetBytes
    ) throws(HEMLError) -> TrainingPlan {
        guard keyBudget > 0 else { throw .invalidArgument("the key budget must be positive") }
        guard rows > 0, features > 0 else { throw .invalidArgument("training needs at least one row and one feature") }
        guard rows <= SlotLayout.maximumRowCount, features < SlotLayout.maximumWidth else {
            throw .invalidArgument(
                "training takes at most \(SlotLayout.maximumRowCount) rows and \(SlotLayout.maximumWidth - 1) features")
        }
        guard (1...maximumIterations).contains(iterations) else {
            throw .invalidArgument("iterations must be 1 … \(maximumIterations)")
        }
        guard learningRate.isFinite, learningRate > 0 else { throw .invalidArgument("learning rate must be positive") }
        guard stepOffset.isFinite, stepOffset >= 0 else { throw .invalidArgument("step offset must be non-negative") }
        if let logDegree, !(minLogDegree...maxLogDegree).contains(logDegree) {
            throw .invalidArgument("the ring degree must be 2^\(minLogDegree) … 2^\(maxLogDegree)")
        }
        let candidates = logDegree.map { [$0] } ?? Array(13...min(max(ceiling, 13), maxLogDegree))
        guard (0...maximumReservedLevels).contains(reservedLevels) else {
            throw .invalidArgument("reserved levels must be 0 … \(maximumReservedLevels)")
        }
        if let bootstrapping {
            var plan = try bootstrapped(
                rows: rows, features: features, iterations: iterations, sigmoid: sigmoid, learningRate: learningRate,
                stepOffset: stepOffset, logDegree: logDegree, reservedLevels: reservedLevels, security: security,
                configuration: bootstrapping)
            plan.keyBudget = keyBudget
            return plan
        }
        let levels = levelsNeeded(iterations: iterations, degree: sigmoid.degree) + reservedLevels
        for logN in candidates {
            guard let parameters = chain(logDegree: logN, levels: levels, security: security) else { continue }
            let layout = try SlotLayout(rowCount: rows, width: features + 1, slotCount: parameters.slotCount)
            return TrainingPlan(
                layout: layout, iterations: iterations, sigmoid: sigmoid, learningRate: learningRate,
                stepOffset: stepOffset, parameters: parameters, reservedLevels: reservedLevels, bootstrapping: nil,
                keyBudget: keyBudget)
        }
        let largest = candidates.last!
        let fitting = (1...iterations).last {
            chain(
                logDegree: largest, levels: levelsNeeded(iterations: $0, degree: sigmoid.degree) + reservedLevels,
                security: security) != nil
        }
        let reason =
            "\(iterations) iterations with a degree-\(sigmoid.degree) sigmoid need \(levels) levels "
            + "(\(levelsPerIteration(degree: sigmoid.degree)) per iteration after the first); at 128-bit security "
            + "N = 2^\(largest) holds \(maxLevels(logDegree: largest)) levels of \(scaleBits) bits"
        throw .planDoesNotFit(reason: reason, maxIterations: fitting ?? 0)
    }

    /// The secure chain for `levels` levels at this degree, or nil when it does not fit the 128-bit bound:
    /// 50-bit q_0, 40-bit scaling primes, and k special primes of 50 bits (one digit of k primes each), with k
    /// chosen within the bound to minimise digits × limbs, which sets both key-switching time and key size.
    static func chain(logDegree: Int, levels: Int, security: SecurityPolicy = .classical128) -> CKKSParameters? {
        let fixed = 50 + scaleBits * levels
        // Special primes: about one digit's worth, within the prime budget a parameter set has.
        var room = min(levels + 1, CKKSParameters.maximumPrimeCount - levels - 1)
        guard room >= 1 else { return nil }
        if security == .classical128 {
            guard let bound = SecurityPolicy.maximumLogQP[logDegree] else { return nil }
            room = min(room, (bound - fixed - 2) / 50)
            guard room >= 1 else { return nil }
        }
        let limbs = levels + 1
        let special = (1...room).min { a, b in
            (limbs + a - 1) / a * (limbs + a) < (limbs + b - 1) / b * (limbs + b)
        }!
        return try? CKKSParameters(
            logDegree: logDegree, levels: levels, scaleBits: scaleBits, firstModulusBits: 50,
            specialModulusBits: 50, specialModulusCount: special, security: security)
    }

    /// Most levels a secure chain at this degree holds.
    static func maxLevels(logDegree: Int) -> Int {
        guard let bound = SecurityPolicy.maximumLogQP[logDegree] else { return 0 }
        return max(0, (bound - 50 - 50 - 2) / scaleBits)
    }

    /// Levels the run uses.
    public var levelsNeeded: Int { Self.levelsNeeded(iterations: iterations, degree: sigmoid.degree) }
    /// Levels per iteration after the first.
    public var levelsPerIteration: Int { Self.levelsPerIteration(degree: sigmoid.degree) }
    /// Galois keys to generate (rotation steps): the layout's, and unpacking's for a packed bootstrapping plan (the
    /// bootstrapper's own come with ``keyRequest(context:)``).
    public var rotationSteps: Set<Int> {
        layout.rotationSteps(keyStride: rotationKeyStride).union(bootstrapping?.unpackingSteps ?? [])
    }

    /// A rough single-thread estimate in seconds, from a cost model of key switching calibrated on this
    /// project's benchmarks (AVX-512 IFMA path); the progress display refines it from measured iterations.
    public var estimatedSeconds: Double { iterationCosts.reduce(0, +) }

    /// Modelled single-thread seconds of each iteration: key switches (rotations and products) at the iteration's
    /// level, each costing about digits × limbs NTT-sized passes, plus the bootstraps that run right before it.
    /// Later iterations run on fewer primes.
    public var iterationCosts: [Double] {
        var costs: [Double] = []
        var bootstraps = 0
        for (t, level) in iterationLevels.enumerated() {
            let rotations =
                t == 0
                ? layout.featureBlocks
                    * Evaluator.innerSumRotationCount(
                        batch: layout.blockWidth, count: layout.rowsPerBlock, keyStride: rotationKeyStride)
                : rotationsPerIteration
            let products = t == 0 ? 0 : layout.rowBlocks * (1 + sigmoid.degree / 2) + layout.ciphertextCount
            var cost = Double(rotations + products) * Self.keySwitchSeconds(parameters, level: level)
            if let schedule = bootstrapping, bootstraps < schedule.count, schedule.positions[bootstraps] == t {
                cost += Double(schedule.bootstraps[bootstraps]) * schedule.secondsPerBootstrap
                bootstraps += 1
            }
            costs.append(cost)
        }
        return costs
    }

    /// The level iteration t runs at, t = 0 ..< iterations: the data's for t = 0, then the weights' (which a
    /// bootstrap restores, see ``BootstrapSchedule/iterationLevels``).
    public var iterationLevels: [Int] {
        bootstrapping?.iterationLevels
            ?? (0..<iterations).map { t in
                t == 0 ? parameters.maxLevel : parameters.maxLevel - 1 - (t - 1) * levelsPerIteration
            }
    }

    /// The level the data is encrypted at: the top, or a bootstrapping chain's
    /// ``BootstrapConfiguration/dataLevel``.
    public var dataLevel: Int { bootstrapping?.configuration.dataLevel ?? parameters.maxLevel }

    /// Modelled single-thread seconds of one key switch at `level`: about 2.5 · (digits + 2) · (limbs + special
    /// primes) NTTs of N/2 · log2 N butterflies at 0.3 ns.
    static func keySwitchSeconds(_ parameters: CKKSParameters, level: Int) -> Double {
        let n = Double(parameters.degree), logN = Double(parameters.logDegree)
        let ntt = 0.3e-9 * n / 2 * logN
        let limbs = Double(level + 1)
        let digits = (limbs / Double(parameters.primesPerDigit)).rounded(.up)
        return 2.5 * (digits + 2) * (limbs + Double(parameters.specialModuli.count)) * ntt
    }

    /// The plan as lines for a terminal.
    public var summary: String {
        let p = parameters
        return """
            plan: \(layout.rowCount) rows × \(layout.width - 1) features (+ intercept) → \(layout.ciphertextCount) ciphertext(s) \
            of \(layout.rowsPerBlock) rows × \(layout.blockWidth) columns (\(layout.rowBlocks) row block(s), \
            \(layout.featureBlocks) feature block(s))
            depth: \(iterations) iterations × degree-\(sigmoid.degree) sigmoid on [−\(fmt(sigmoid.radius)), \(fmt(sigmoid.radius))] \
            = \(levelsNeeded) levels (1 + \(levelsPerIteration) per iteration after the first)
            ring: N = 2^\(p.logDegree), log QP = \(Int(p.logQP.rounded(.up))) bits (128-bit bound \(SecurityPolicy.maximumLogQP[p.logDegree] ?? 0)), \
            scale 2^\(fmt((log2(p.scale) * 100).rounded() / 100)), \(p.specialModuli.count) special primes, \(p.digitCount) key-switching digits
            keys: relinearization + \(rotationSteps.count) rotations\(bootstrapping == nil ? "" : " + the bootstrapper's rotations and conjugation"); \(rotationsPerIteration) rotations per iteration (\(keyStrideReason))
            \(bootstrapping.map(\.summary) ?? "bootstraps: none (the run fits in the chain)")
            estimate: about \(Int(estimatedSeconds.rounded(.up))) s of homomorphic work on one core
            """
    }

    private func fmt(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}
