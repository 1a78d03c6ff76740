/// CKKS bootstrapping: a ciphertext at any level comes back at a higher level, encrypting the same message at the
/// same scale (Cheon, Han, Kim, Kim and Song 2018; the steps as in Han and Ki 2020 and Bossuat et al. 2021):
///
/// 1. ModRaise (``Evaluator/modRaise(_:)``): level L, plaintext m + q_0·I.
/// 2. CoeffToSlot (scaling 1): the coefficients (m_k + q_0·I_k)/Δ in real slots, two ciphertexts for full slots,
///    one for sparse slots. Each is read at scale q_0 instead of Δ (no coefficient changes), so it holds
///    t = I + m/q_0 exactly as CoeffToSlot computed it.
/// 3. EvalMod on each: m/q_0 = t − round(t), landing on declared scale q_0; read at Δ again, that is m/Δ.
/// 4. SlotToCoeff: the message back in the coefficients.
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

    /// - Parameters:
    ///   - slots: n, a power of two, 1 … N/2; the input must be a polynomial in X^(N/(2n)) (n values as
    ///     ``CKKSEncoder`` lays them out, repeated over the slots).
    ///   - coeffToSlotBudget, slotToCoeffBudget: levels of each transform, 1 … max(1, log2 n).
    /// - Throws: ``CKKSError/invalidInput(_:)`` when the chain has too few levels or a shape is invalid.
    public init(
        context: CKKSContext, slots: Int, coeffToSlotBudget: Int, slotToCoeffBudget: Int, evalMod: EvalMod
    ) throws(CKKSError) {
        coeffToSlot = try CoeffToSlot(context: context, slots: slots, levelBudget: coeffToSlotBudget)
        let evalModLevel = coeffToSlot.outputLevel - evalMod.depth
        guard evalModLevel >= slotToCoeffBudget else {
            throw .invalidInput(
                "bootstrapping needs \(coeffToSlotBudget + evalMod.depth + slotToCoeffBudget) levels, the chain has "
                    + "\(context.maxLevel)")
        }
        self.evalMod = evalMod
        slotToCoeff = try SlotToCoeff(
            context: context, slots: slots, levelBudget: slotToCoeffBudget, inputLevel: evalModLevel)
    }

    /// The level of a bootstrapped ciphertext.
    public var outputLevel: Int { slotToCoeff.outputLevel }

    /// Levels consumed from the top of the chain: both budgets plus the EvalMod depth.
    public var depth: Int { coeffToSlot.inputLevel - outputLevel }

    /// The keys bootstrapping needs and no others: the transforms' rotations, conjugation and relinearization,
    /// plus `rotations` for the caller's own use.
    public func keyRequest(rotations: Set<Int> = []) -> EvaluationKeyRequest {
        EvaluationKeyRequest(coeffToSlot: coeffToSlot, slotToCoeff: slotToCoeff, rotations: rotations)
    }
}

extension Evaluator {
    /// The message of `a` (size 2, any level) re-encrypted at ``Bootstrapper/outputLevel`` with a's scale.
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` for a size-3 ciphertext; ``CKKSError/missingRotationKey(step:)``,
    ///   ``CKKSError/missingConjugationKey`` or ``CKKSError/missingRelinearizationKey`` without the keys of
    ///   ``Bootstrapper/keyRequest(rotations:)``.
    public func bootstrap(_ a: Ciphertext, _ bootstrapper: Bootstrapper) throws(CKKSError) -> Ciphertext {
        let q0 = Double(context.modulus(level: 0))
        var parts: [Ciphertext] = []
        for var part in try coeffToSlot(modRaise(a), bootstrapper.coeffToSlot) {
            part.scale *= q0 / a.scale
            var reduced = try evalMod(part, bootstrapper.evalMod, outputScale: q0)
            reduced.scale = a.scale
            parts.append(reduced)
        }
        return try slotToCoeff(parts, bootstrapper.slotToCoeff)
    }
}
