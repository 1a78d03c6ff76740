import Foundation

/// A parameter set made for bootstrapping: the chain and the shape of the circuit that fits it.
///
/// The chain, bottom to top (``CKKSParameters/init(logDegree:levels:scaleBits:firstModulusBits:specialModulusBits:specialModulusCount:bootstrappingModulusBits:primesPerDigit:secret:security:)``):
/// q_0; `levelsAfterBootstrap` levels at 2^scaleBits for the computation; then SlotToCoeff's, EvalMod's and
/// CoeffToSlot's levels on larger primes, where the scale rises to nearly their size. Bootstrapping boosts its
/// input to q_0/2^10 (``Bootstrapper/inputBoost``; further for many slots, ``inputBoost(slots:)``) and SlotToCoeff drops back to the input's scale at its last
/// level, so only that level's rescale adds noise at the computation's scale: at N = 2^16 with a dense secret one
/// key switch or rescale costs about 2^-24.5 of a 2^40 scale at the worst slot (measured: an encapsulated ModRaise
/// alone leaves 23.6 bits at 2^40). The secret is dense ternary (so the HomomorphicEncryption.org bound applies to
/// the whole chain) and ModRaise goes through an ephemeral sparse secret of weight h' (sparse-secret
/// encapsulation), so EvalMod needs K = ⌊(h' + 1)/2⌋ + 1 only: 17 for h' = 32.
///
/// Precision: the message is read at q_0/Δ = 2^(firstModulusBits − scaleBits) inside EvalMod, so its noise there
/// is amplified by that ratio; the sine's own error is (2π)²ε³/6 with ε = m/q_0. Both are measured by
/// `heml-bench bootstrap`.
public struct BootstrappingParameters: Sendable {
    /// The chain, keys and secret distribution.
    public let parameters: CKKSParameters
    /// Levels of CoeffToSlot.
    public let coeffToSlotBudget: Int
    /// Levels of SlotToCoeff.
    public let slotToCoeffBudget: Int
    /// The modular reduction.
    public let evalMod: EvalMod
    /// h' of the ephemeral sparse secret.
    public let ephemeralSecretWeight: Int
    /// Levels at 2^scaleBits a bootstrapped ciphertext has left for the computation.
    public let levelsAfterBootstrap: Int
    /// 2^(firstModulusBits − ``messageRatioBits`` − scaleBits), the boost for up to 127 slots: see
    /// ``Bootstrapper/inputBoost`` and ``inputBoost(slots:)``.
    public let inputBoost: Int64
    /// q_0/(Δ·boost): how far below q_0 the boosted message sits (2^10). EvalMod's error in t is multiplied by it
    /// in the message; the sine's own relative error is (2π·m/q_0)²/6, so a smaller ratio would cost that instead.
    public static let messageRatioBits = 10
    /// The input boost for n slots: ``inputBoost`` times 2^⌊log2(n/64)/2⌋ when n ≥ 256.
    ///
    /// Real values in [−1, 1] over n slots give 2n nonzero coefficients of standard deviation Δ/√(6n), so the
    /// largest coefficient shrinks as 1/√n: full slots at N = 2^16 have coefficients about 15 times smaller than
    /// 64 slots (measured by their maxima), and may be boosted 2^4 times more for the same |m_k|/q_0. Each extra
    /// factor of two is a bit that CoeffToSlot's and EvalMod's errors, summed over 2n coefficients into every
    /// slot by SlotToCoeff, no longer cost.
    public func inputBoost(slots: Int) -> Int64 { Self.inputBoost(inputBoost, slots: slots) }

    /// ``inputBoost(slots:)`` for a base boost (for configurations that store the base).
    public static func inputBoost(_ base: Int64, slots: Int) -> Int64 {
        base << max(0, (slots.bitWidth - 1 - slots.leadingZeroBitCount - 6) / 2)
    }

    /// Each CoeffToSlot level's diagonals are encoded at q_ℓ·2^10 (see
    /// ``CoeffToSlot/init(context:slots:levelBudget:inputLevel:scaling:scaleRise:)``).
    public static let coeffToSlotRise = 0x1p10

    /// Builds the chain for a circuit shape.
    ///
    /// - Parameters:
    ///   - logDegree: log2 N, 10 … 17.
    ///   - levelsAfterBootstrap: ≥ 1.
    ///   - coeffToSlotBudget: levels of CoeffToSlot, 1 … max(1, log2 n) (default 3).
    ///   - slotToCoeffBudget: levels of SlotToCoeff, 1 … max(1, log2 n) (default 3).
    ///   - ephemeralSecretWeight: h', 1 … N (default 32, as Lattigo and OpenFHE).
    ///   - scaleBits: log2 Δ, as in ``CKKSParameters``.
    ///   - firstModulusBits: size of q_0, as in ``CKKSParameters``; 10 … 40 bits above `scaleBits`.
    ///   - slotToCoeffModulusBits: prime size of the SlotToCoeff levels (default 50); the last of them encodes its
    ///     diagonals at q_ℓ/boost.
    ///   - evalModModulusBits: prime size of the EvalMod levels (default 60: EvalMod's noise is amplified by q_0/Δ
    ///     and the double angles, so it needs the largest scale).
    ///   - coeffToSlotModulusBits: prime size of the CoeffToSlot levels (default 50).
    ///   - specialModulusBits: size of the special primes P, as in ``CKKSParameters``.
    ///   - specialModulusCount: number of special primes, as in ``CKKSParameters``.
    ///   - primesPerDigit: key-switching digit size, as in ``CKKSParameters``.
    ///   - security: the security check, as in ``CKKSParameters``.
    ///
    /// Primes below 2^50 use the AVX-512 IFMA kernels, larger ones the scalar path.
    /// - Throws: ``CKKSError/invalidParameters(_:)`` or ``CKKSError/insecureParameters(logDegree:logQP:maximum:)``
    ///   from the chain; ``CKKSError/invalidInput(_:)`` for a shape outside these ranges.
    public init(
        logDegree: Int, levelsAfterBootstrap: Int, coeffToSlotBudget: Int = 3, slotToCoeffBudget: Int = 3,
        ephemeralSecretWeight: Int = 32, scaleBits: Int = 40, firstModulusBits: Int = 60,
        slotToCoeffModulusBits: Int = 50, evalModModulusBits: Int = 60, coeffToSlotModulusBits: Int = 50,
        specialModulusBits: Int = 50,
        specialModulusCount: Int,
        primesPerDigit: Int? = nil, security: SecurityPolicy = .classical128
    ) throws(CKKSError) {
        let boostBits = firstModulusBits - Self.messageRatioBits - scaleBits
        guard levelsAfterBootstrap >= 1, (1...(1 << 17)).contains(ephemeralSecretWeight), (0...30).contains(boostBits),
            slotToCoeffModulusBits >= scaleBits + boostBits
        else {
            throw .invalidInput(
                "at least one level after bootstrapping, ephemeral weight 1 … N, q_0 10 … 40 bits above the scale, and "
                    + "SlotToCoeff primes at least as far above the scale as q_0/2^10")
        }
        let evalMod = try Self.evalMod(ephemeralSecretWeight: ephemeralSecretWeight)
        parameters = try CKKSParameters(
            logDegree: logDegree, levels: levelsAfterBootstrap, scaleBits: scaleBits,
            firstModulusBits: firstModulusBits, specialModulusBits: specialModulusBits,
            specialModulusCount: specialModulusCount,
            bootstrappingModulusBits: Array(repeating: slotToCoeffModulusBits, count: slotToCoeffBudget)
                + Array(repeating: evalModModulusBits, count: evalMod.depth)
                + Array(repeating: coeffToSlotModulusBits, count: coeffToSlotBudget), primesPerDigit: primesPerDigit,
            security: security)
        self.coeffToSlotBudget = coeffToSlotBudget
        self.slotToCoeffBudget = slotToCoeffBudget
        self.evalMod = evalMod
        self.ephemeralSecretWeight = ephemeralSecretWeight
        self.levelsAfterBootstrap = levelsAfterBootstrap
        inputBoost = Int64(1) << (firstModulusBits - Self.messageRatioBits - scaleBits)
    }

    /// EvalMod for I bounded by the ephemeral weight: K = ⌊(h' + 1)/2⌋ + 1, degree 30, and as many double angles
    /// as keep the interpolated angle within 2π·(17 + ¼)/16 (the measured default for K = 17, r = 4).
    static func evalMod(ephemeralSecretWeight h: Int) throws(CKKSError) -> EvalMod {
        let bound = Double((h + 1) / 2 + 1)
        let doublings = max(0, Int(ceil(log2((bound + 0.25) / (17.25 / 16)))))
        return try EvalMod(bound: bound, doublings: doublings)
    }

    /// The bootstrapper of n slots for a context of ``parameters``.
    ///
    /// - Parameters:
    ///   - context: a context of ``parameters``.
    ///   - slots: n, a power of two, 2^max(budgets) … N/2 (fewer slots have fewer butterfly stages than the
    ///     budgets).
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` for a context of other parameters; ``CKKSError/invalidInput(_:)``
    ///   for a slot count outside that range.
    public func bootstrapper(context: CKKSContext, slots: Int) throws(CKKSError) -> Bootstrapper {
        try context.require(parameters.fingerprint, "the bootstrapping parameters")
        return try Bootstrapper(
            context: context, slots: slots, coeffToSlotBudget: coeffToSlotBudget,
            slotToCoeffBudget: slotToCoeffBudget, evalMod: evalMod, ephemeralSecretWeight: ephemeralSecretWeight,
            inputBoost: inputBoost(slots: slots), coeffToSlotRise: Self.coeffToSlotRise)
    }
}

/// Named bootstrapping parameter sets (the slot count is chosen when the bootstrapper is made). Each name gives N
/// and the levels of 40-bit scale left after a bootstrap; `insecure` marks test-only sets beyond the 128-bit bound.
public enum BootstrappingPreset: String, CaseIterable, Sendable, Codable {
    /// N = 2^16, 10 levels after bootstrapping; log QP ≈ 1710 with 7 special primes of 50 bits (5 primes per digit,
    /// 6 digits), dense ternary secret: 128-bit secure by the HomomorphicEncryption.org table's 1747-bit bound.
    case n65536_l10
    /// Test-only: N = 2^10, 10 levels after bootstrapping, 3 special primes, 2 primes per digit (log QP ≈ 1500, far
    /// beyond the bound for N = 2^10).
    case insecure_n1024_l10
}

extension BootstrappingParameters {
    /// The parameters of a preset.
    ///
    /// - Throws: ``CKKSError/ring(_:)`` only if prime generation fails (it does not for these sets).
    public init(preset: BootstrappingPreset) throws(CKKSError) {
        let (logDegree, special, perDigit, security): (Int, Int, Int, SecurityPolicy) =
            switch preset {
            case .n65536_l10: (16, 7, 5, .classical128)
            case .insecure_n1024_l10: (10, 3, 2, .unchecked)
            }
        try self.init(
            logDegree: logDegree, levelsAfterBootstrap: 10, specialModulusCount: special, primesPerDigit: perDigit,
            security: security)
    }
}
