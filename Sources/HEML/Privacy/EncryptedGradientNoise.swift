import CKKS

/// DP-GD noise under encryption: for every iteration t, γ_t·ξ_t packed like the weights (``SlotLayout``, each
/// entry replicated in every row of its feature block), one ciphertext per feature block, at the top level.
///
/// A single data owner encrypts noise it drew itself (it knows its own rows, so knowing the noise costs nothing);
/// the server adds it to w_{t+1} without seeing it, so neither the server nor anyone who receives the released
/// model learns the noise. Several parties each encrypt a share under the collective key and the aggregator adds
/// them (``adding(_:evaluator:)``), so no party knows the total.
public struct EncryptedGradientNoise: Sendable {
    /// The layout the noise is packed in (the plan's).
    public let layout: SlotLayout
    /// `blocks[t][k]`: feature block k of γ_t·ξ_t.
    public let blocks: [[Ciphertext]]

    /// - Throws: ``HEMLError/invalidArgument(_:)`` for no iterations;
    ///   ``HEMLError/dimensionMismatch(what:expected:found:)`` unless every iteration has one ciphertext per feature
    ///   block.
    public init(layout: SlotLayout, blocks: [[Ciphertext]]) throws(HEMLError) {
        guard !blocks.isEmpty else { throw .invalidArgument("encrypted noise needs at least one iteration") }
        if let wrong = blocks.first(where: { $0.count != layout.featureBlocks }) {
            throw .dimensionMismatch(
                what: "noise ciphertexts per iteration (one per feature block)", expected: layout.featureBlocks,
                found: wrong.count)
        }
        self.layout = layout
        self.blocks = blocks
    }

    /// Encrypts γ_t·ξ_t for every iteration of `plan` (γ_t from its ``NesterovSchedule``) at the top level.
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` when the noise does not have one vector of
    ///   `layout.width` entries per iteration; ``HEMLError/encryption(_:)`` for CKKS failures.
    public static func encrypt(
        _ noise: GradientNoise, plan: TrainingPlan, encoder: CKKSEncoder, encryptor: Encryptor
    ) throws(HEMLError) -> EncryptedGradientNoise {
        guard noise.iterations == plan.iterations, noise.width == plan.layout.width else {
            throw .dimensionMismatch(
                what: "gradient noise entries", expected: plan.iterations * plan.layout.width,
                found: noise.iterations * noise.width)
        }
        let steps = try NesterovSchedule(learningRate: plan.learningRate, stepOffset: plan.stepOffset)
            .constants(iterations: plan.iterations).map(\.step)
        let layout = plan.layout
        var blocks: [[Ciphertext]] = []
        for vector in try noise.scaled(bySteps: steps) {
            var row: [Ciphertext] = []
            for k in 0..<layout.featureBlocks {
                let slots = layout.packWeights(vector, featureBlock: k)
                row.append(try ckks { () throws(CKKSError) in try encryptor.encrypt(encoder.encode(slots)) })
            }
            blocks.append(row)
        }
        return try EncryptedGradientNoise(layout: layout, blocks: blocks)
    }

    /// The sum of this share and another of the same shape (the aggregator's step for several parties).
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` for shapes that differ;
    ///   ``HEMLError/encryption(_:)`` for ciphertexts that do not add (other keys, levels or scales).
    public func adding(_ other: EncryptedGradientNoise, evaluator: Evaluator) throws(HEMLError)
        -> EncryptedGradientNoise
    {
        guard other.layout == layout, other.blocks.count == blocks.count else {
            throw .dimensionMismatch(what: "noise iterations", expected: blocks.count, found: other.blocks.count)
        }
        var sum = blocks
        for t in sum.indices {
            for k in sum[t].indices {
                try ckks { () throws(CKKSError) in try evaluator.addInPlace(&sum[t][k], other.blocks[t][k]) }
            }
        }
        return try EncryptedGradientNoise(layout: layout, blocks: sum)
    }
}

extension EncryptedLogisticRegression {
    /// w_{t+1} + Enc(γ_t·ξ_t), the noise brought to the weights' level and scale; the weights unchanged without
    /// noise.
    func addingNoise(_ noise: EncryptedGradientNoise?, iteration t: Int, to w: [Ciphertext]) throws(HEMLError)
        -> [Ciphertext]
    {
        guard let noise else { return w }
        let evaluator = evaluator
        return try concurrentMap(w.count) { k throws(HEMLError) in
            try ckks { () throws(CKKSError) in
                var sum = w[k]
                try evaluator.addInPlace(
                    &sum, evaluator.matchLevelAndScale(noise.blocks[t][k], level: sum.level, scale: sum.scale))
                return sum
            }
        }
    }
}
