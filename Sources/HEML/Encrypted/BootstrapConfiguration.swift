import CKKS

/// A parameter set that can bootstrap, and how to bootstrap in it: what ``TrainingPlan`` needs to train past the
/// depth of one modulus chain.
///
/// Training bootstraps only the weight ciphertexts (see ``BootstrapSchedule``); the bootstrapper's slot count comes
/// from the plan's layout, so only the level budgets and the modular reduction are chosen here. Building one is
/// cheap (no context, no keys): the plan needs only the depth.
public struct BootstrapConfiguration: Sendable, Equatable {
    /// The chain: bootstrapping consumes ``depth(slots:)`` levels from its top.
    public let parameters: CKKSParameters
    /// The level the data is encrypted at, 1 … L: the top by default; lower for a chain whose upper primes serve
    /// only bootstrapping (then at least one above the level a bootstrap leaves).
    public let dataLevel: Int
    /// Levels of CoeffToSlot, 1 … ``maximumBudget`` (lowered to max(1, log2 n) for n slots).
    public let coeffToSlotBudget: Int
    /// Levels of SlotToCoeff, 1 … ``maximumBudget`` (lowered likewise).
    public let slotToCoeffBudget: Int
    /// The modular reduction (see CKKS's `EvalMod`), built from the three numbers below.
    public let evalMod: EvalMod
    /// K: |t| ≤ K for the modular reduction's input.
    public let evalModBound: Double
    /// Degree of the modular reduction's Chebyshev interpolant.
    public let evalModDegree: Int
    /// Double angles of the modular reduction.
    public let evalModDoublings: Int
    /// h' of the sparse-secret encapsulation (`Bootstrapper.ephemeralSecretWeight` of CKKS), nil for none.
    public let ephemeralSecretWeight: Int?
    /// `Bootstrapper.inputBoost` of CKKS for up to 255 slots, a power of two 1 … 2^30; more slots are boosted more
    /// (`BootstrappingParameters.inputBoost(_:slots:)` of CKKS).
    public let inputBoost: Int64
    /// CoeffToSlot's per-level scale rise (`scaleRise` of CKKS's `CoeffToSlot`), a power of two 1 … 2^30.
    public let coeffToSlotRise: Double

    /// Most levels a transform may take (log2 of the largest slot count heml plans for).
    public static let maximumBudget = 16
    /// Largest EvalMod bound K accepted: a dense ternary secret at N = 2^17 needs about 6σ ≈ 510.
    public static let maximumEvalModBound = 1024.0

    /// - Parameters:
    ///   - parameters: a chain with more levels than the bootstrapping depth.
    ///   - coeffToSlotBudget: levels of CoeffToSlot, 1 … ``maximumBudget`` (default 3).
    ///   - slotToCoeffBudget: levels of SlotToCoeff, 1 … ``maximumBudget`` (default 3).
    ///   - evalModBound: K, finite, 0 < K ≤ ``maximumEvalModBound``; it must cover |I| + 1 of ModRaise for the
    ///     secret (`EvalMod.bound` of CKKS).
    ///   - evalModDegree: 2 … 255 (default 30).
    ///   - evalModDoublings: 0 … 10 (default 4).
    ///   - dataLevel: 1 … L (default L).
    ///   - ephemeralSecretWeight: 1 … N, or nil (default) to raise under the secret itself.
    ///   - inputBoost: a power of two, 1 … 2^30 (default 1); see ``inputBoost``.
    ///   - coeffToSlotRise: a power of two, 1 … 2^30 (default 1); see ``coeffToSlotRise``.
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for a value outside its range.
    public init(
        parameters: CKKSParameters, coeffToSlotBudget: Int = 3, slotToCoeffBudget: Int = 3, evalModBound: Double,
        evalModDegree: Int = 30, evalModDoublings: Int = 4, dataLevel: Int? = nil, ephemeralSecretWeight: Int? = nil,
        inputBoost: Int64 = 1, coeffToSlotRise: Double = 1
    ) throws(HEMLError) {
        guard ephemeralSecretWeight.map({ (1...parameters.degree).contains($0) }) ?? true,
            (1...1 << 30).contains(inputBoost), inputBoost.nonzeroBitCount == 1,
            (1...0x1p30).contains(coeffToSlotRise), coeffToSlotRise.significand == 1
        else {
            throw .invalidArgument(
                "ephemeral secret weight 1 … N; input boost and CoeffToSlot rise powers of two from 1 to 2^30")
        }
        guard (1...Self.maximumBudget).contains(coeffToSlotBudget), (1...Self.maximumBudget).contains(slotToCoeffBudget)
        else { throw .invalidArgument("bootstrapping level budgets must be 1 … \(Self.maximumBudget)") }
        let dataLevel = dataLevel ?? parameters.maxLevel
        guard (1...max(1, parameters.maxLevel)).contains(dataLevel) else {
            throw .invalidArgument("the data level must be 1 … \(parameters.maxLevel)")
        }
        guard evalModBound <= Self.maximumEvalModBound else {
            throw .invalidArgument("the EvalMod bound must be at most \(Int(Self.maximumEvalModBound))")
        }
        do {
            evalMod = try EvalMod(bound: evalModBound, degree: evalModDegree, doublings: evalModDoublings)
        } catch {
            throw .invalidArgument("EvalMod: bound finite and positive, degree 2 … 255, 0 … 10 double angles")
        }
        self.parameters = parameters
        self.dataLevel = dataLevel
        self.coeffToSlotBudget = coeffToSlotBudget
        self.slotToCoeffBudget = slotToCoeffBudget
        self.evalModBound = evalModBound
        self.evalModDegree = evalModDegree
        self.evalModDoublings = evalModDoublings
        self.ephemeralSecretWeight = ephemeralSecretWeight
        self.inputBoost = inputBoost
        self.coeffToSlotRise = coeffToSlotRise
    }

    /// A preset's chain and bootstrapper settings (dense secret, sparse-secret encapsulation, boosted input), data
    /// encrypted at `dataLevel` (default: the top).
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for a data level outside 1 … L.
    public init(preset: BootstrappingPreset, dataLevel: Int? = nil) throws(HEMLError) {
        let shape = try ckks { () throws(CKKSError) in try BootstrappingParameters(preset: preset) }
        try self.init(
            parameters: shape.parameters, coeffToSlotBudget: shape.coeffToSlotBudget,
            slotToCoeffBudget: shape.slotToCoeffBudget, evalModBound: shape.evalMod.bound,
            evalModDegree: shape.evalMod.series.degree, evalModDoublings: shape.evalMod.doublings, dataLevel: dataLevel,
            ephemeralSecretWeight: shape.ephemeralSecretWeight, inputBoost: shape.inputBoost,
            coeffToSlotRise: BootstrappingParameters.coeffToSlotRise)
    }

    /// The two level budgets for n slots: as configured, lowered to max(1, log2 n).
    public func budgets(slots: Int) -> (coeffToSlot: Int, slotToCoeff: Int) {
        let most = max(1, slots.trailingZeroBitCount)
        return (min(coeffToSlotBudget, most), min(slotToCoeffBudget, most))
    }

    /// Levels one bootstrap of n slots consumes: both budgets plus the EvalMod depth (`Bootstrapper.depth` of CKKS).
    public func depth(slots: Int) -> Int {
        let (c, s) = budgets(slots: slots)
        return c + evalMod.depth + s
    }

    /// The bootstrapper for n slots under `context` (whose parameters must be ``parameters``).
    ///
    /// - Throws: ``HEMLError/encryption(_:)`` when the chain is too short or the context is another one.
    public func bootstrapper(context: CKKSContext, slots: Int) throws(HEMLError) -> Bootstrapper {
        guard context.parameters == parameters else {
            throw .encryption(.parameterMismatch("the context is not the bootstrapping configuration's"))
        }
        let (c, s) = budgets(slots: slots)
        return try ckks { () throws(CKKSError) in
            try Bootstrapper(
                context: context, slots: slots, coeffToSlotBudget: c, slotToCoeffBudget: s, evalMod: evalMod,
                ephemeralSecretWeight: ephemeralSecretWeight,
                inputBoost: BootstrappingParameters.inputBoost(inputBoost, slots: slots),
                coeffToSlotRise: coeffToSlotRise)
        }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.parameters == b.parameters && a.dataLevel == b.dataLevel && a.coeffToSlotBudget == b.coeffToSlotBudget
            && a.slotToCoeffBudget == b.slotToCoeffBudget && a.evalModBound == b.evalModBound
            && a.evalModDegree == b.evalModDegree && a.evalModDoublings == b.evalModDoublings
            && a.ephemeralSecretWeight == b.ephemeralSecretWeight && a.inputBoost == b.inputBoost
            && a.coeffToSlotRise == b.coeffToSlotRise
    }
}
