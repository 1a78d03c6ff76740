/// CKKS bootstrapping: a ciphertext at any level comes back at a higher level, encrypting the same message at the
/// same scale (Cheon, Han, Kim, Kim and Song 2018; the steps as in Han and Ki 2020 and Bossuat et al. 2021):
///
/// 0. Optionally, the input is multiplied by an exact power of two, ``inputBoost`` (no level): the message keeps
///    its values at a larger scale Δ, so the noise of every later key switch and rescale, about the same in
///    absolute terms at any scale, is that much smaller against it. SlotToCoeff divides the boost out at its last
///    level.
/// 1. ModRaise (``Evaluator/modRaise(_:)``, or through a sparse secret with ``Evaluator/modRaise(_:encapsulated:)``):
///    level L, plaintext m + q_0·I.
/// 2. CoeffToSlot (scaling 1): the coefficients (m_k + q_0·I_k)/Δ in real slots, two ciphertexts for full slots,
///    one for sparse slots. Each is read at scale q_0 instead of Δ (no coefficient changes), so it holds
///    t = I + m/q_0 exactly as CoeffToSlot computed it.
/// 3. EvalMod on each: m/q_0 = t − round(t), landing on declared scale q_0; read at Δ again, that is m/Δ.
/// 4. SlotToCoeff: the message back in the coefficients, at the input's scale.
///
/// Levels consumed: the two level budgets plus ``EvalMod/depth``; the output is at
/// L − ``depth``. Requirements: the input's coefficients must be small against q_0, |m_k| ≲ Δ·max|value| with
/// q_0/Δ ≥ 2^10 or so (the sine's error grows as (m/q_0)³ and the CoeffToSlot error as q_0/Δ), and
/// ``EvalMod/bound`` must cover |I| + 1 for the secret (``Evaluator/modRaise(_:)`` states the bound).
public struct Bootstrapper: Sendable {
    /// The first transform, at level L.
    public let coeffToSlot: CoeffToSlot
    /// The modular reduction applied to each part.
    public let evalMod: EvalMod
    /// The last transform, at the level EvalMod leaves.
    public let slotToCoeff: SlotToCoeff
    /// The Hamming weight of the ephemeral sparse secret ModRaise goes through (sparse-secret encapsulation,
    /// ``Evaluator/modRaise(_:encapsulated:)``), or nil to raise under the secret itself.
    public let ephemeralSecretWeight: Int?
    /// The power of two the input is multiplied by before ModRaise (step 0): the input's values times its scale
    /// times this must stay far below q_0 (|m_k| ≲ q_0/2^10).
    public let inputBoost: Int64

    /// - Parameters:
    ///   - context: the context of the ciphertexts to bootstrap; its chain holds both budgets and the EvalMod depth.
    ///   - slots: n, a power of two, 1 … N/2; the input must be a polynomial in X^(N/(2n)) (n values as
    ///     ``CKKSEncoder`` lays them out, repeated over the slots).
    ///   - coeffToSlotBudget: levels of CoeffToSlot, 1 … max(1, log2 n).
    ///   - slotToCoeffBudget: levels of SlotToCoeff, 1 … max(1, log2 n).
    ///   - evalMod: the modular reduction applied to each CoeffToSlot output; its ``EvalMod/bound`` must cover |I| + 1.
    ///   - ephemeralSecretWeight: h' of the sparse-secret encapsulation, or nil (then `evalMod` must bound I for
    ///     the secret itself).
    ///   - inputBoost: a power of two, 1 … 2^30 (default 1; see ``inputBoost``). SlotToCoeff's last level's
    ///     diagonals are encoded at q_ℓ / inputBoost, so that prime should exceed the boost by the precision wanted.
    ///   - coeffToSlotRise: a power of two, 1 … 2^30 (default 1): each CoeffToSlot level's diagonals are encoded at
    ///     q_ℓ times it (``CoeffToSlot/init(context:slots:levelBudget:inputLevel:scaling:scaleRise:)``).
    /// - Throws: ``CKKSError/invalidInput(_:)`` when the chain has too few levels or a shape is invalid.
    public init(
        context: CKKSContext, slots: Int, coeffToSlotBudget: Int, slotToCoeffBudget: Int, evalMod: EvalMod,
        ephemeralSecretWeight: Int? = nil, inputBoost: Int64 = 1, coeffToSlotRise: Double = 1
    ) throws(CKKSError) {
        guard (1...1 << 30).contains(inputBoost), inputBoost.nonzeroBitCount == 1 else {
            throw .invalidInput("the input boost must be a power of two from 1 to 2^30")
        }
        coeffToSlot = try CoeffToSlot(
            context: context, slots: slots, levelBudget: coeffToSlotBudget, scaleRise: coeffToSlotRise)
        let evalModLevel = coeffToSlot.outputLevel - evalMod.depth
        guard evalModLevel >= slotToCoeffBudget else {
            throw .invalidInput(
                "bootstrapping needs \(coeffToSlotBudget + evalMod.depth + slotToCoeffBudget) levels, the chain has "
                    + "\(context.maxLevel)")
        }
        self.evalMod = evalMod
        self.ephemeralSecretWeight = ephemeralSecretWeight
        self.inputBoost = inputBoost
        slotToCoeff = try SlotToCoeff(
            context: context, slots: slots, levelBudget: slotToCoeffBudget, inputLevel: evalModLevel,
            scaleDrop: Double(inputBoost))
    }

    /// The level of a bootstrapped ciphertext.
    public var outputLevel: Int { slotToCoeff.outputLevel }

    /// Levels consumed from the top of the chain: both budgets plus the EvalMod depth.
    public var depth: Int { coeffToSlot.inputLevel - outputLevel }

    /// The keys bootstrapping needs and no others: the transforms' rotations, conjugation, relinearization and
    /// the encapsulation keys, plus `rotations` for the caller's own use.
    public func keyRequest(rotations: Set<Int> = []) -> EvaluationKeyRequest {
        var request = EvaluationKeyRequest(coeffToSlot: coeffToSlot, slotToCoeff: slotToCoeff, rotations: rotations)
        request.ephemeralSecretWeight = ephemeralSecretWeight
        return request
    }
}

extension Evaluator {
    /// The message of `a` (size 2, any level) re-encrypted at ``Bootstrapper/outputLevel`` with a's scale.
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` for a size-3 ciphertext; ``CKKSError/missingRotationKey(step:)``,
    ///   ``CKKSError/missingConjugationKey``, ``CKKSError/missingRelinearizationKey`` or
    ///   ``CKKSError/missingEncapsulationKeys`` without the keys of ``Bootstrapper/keyRequest(rotations:)``.
    public func bootstrap(_ a: Ciphertext, _ bootstrapper: Bootstrapper) throws(CKKSError) -> Ciphertext {
        let q0 = Double(context.modulus(level: 0))
        var boosted = try multiply(dropLevels(a, to: 0), integer: bootstrapper.inputBoost)
        boosted.scale *= Double(bootstrapper.inputBoost)
        let raised = try modRaise(boosted, encapsulated: bootstrapper.ephemeralSecretWeight != nil)
        var parts: [Ciphertext] = []
        for var part in try coeffToSlot(raised, bootstrapper.coeffToSlot) {
            part.scale *= q0 / boosted.scale
            var reduced = try evalMod(part, bootstrapper.evalMod, outputScale: q0)
            reduced.scale = boosted.scale
            parts.append(reduced)
        }
        return try slotToCoeff(parts, bootstrapper.slotToCoeff)
    }
}
