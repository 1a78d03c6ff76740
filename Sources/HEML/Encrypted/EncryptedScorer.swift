import CKKS

/// Scores encrypted rows with a logistic-regression model on the server: the library API for encrypted
/// inference. The model may be plaintext (the server's own) or encrypted (trained on ciphertexts and never
/// decrypted). Many rows share each ciphertext (see ``SlotLayout``); results come back encrypted, one value
/// per row, for the data owner to decrypt with ``EncryptedScores/decrypt(decryptor:encoder:flooding:)``.
///
/// Rows must be scaled with the model's scaling before encryption (``FeatureScaling``) and encrypted with
/// ``EncryptedDataset/encryptForScoring(_:layout:encoder:encryptor:)`` in a layout with the model's block width.
public struct EncryptedScorer: Sendable {
    let evaluator: Evaluator

    /// Rotations scoring needs for a layout (the row sums).
    public static func rotationSteps(for layout: SlotLayout) -> Set<Int> {
        Evaluator.innerSumSteps(batch: 1, count: layout.blockWidth)
    }

    /// - Throws: ``HEMLError/encryption(_:)`` for keys of other parameters.
    public init(context: CKKSContext, evaluationKeys: EvaluationKeys) throws(HEMLError) {
        evaluator = try ckks { () throws(CKKSError) in try Evaluator(context: context, evaluationKeys: evaluationKeys) }
    }

    /// Encrypted logits intercept + Σ wⱼ xⱼ with plaintext weights (intercept first, scaled units): the default
    /// scores. The data owner decrypts them and applies the exact sigmoid (``Sigmoid/probabilities(logits:)``).
    /// One level.
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` for a weight count other than the layout's
    ///   width; ``HEMLError/encryption(_:)`` (e.g. a missing rotation key).
    public func logits(_ rows: EncryptedDataset, weights: [Double]) throws(HEMLError) -> EncryptedScores {
        try logits(rows, weights: weights, factor: 1, kind: .logits)
    }

    /// Encrypted logits with an encrypted model (same block width and slot count as the rows). One level below the
    /// lower of the two.
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` when the model's layout differs from the
    ///   rows'; ``HEMLError/encryption(_:)`` for CKKS failures.
    public func logits(_ rows: EncryptedDataset, model: EncryptedModel) throws(HEMLError) -> EncryptedScores {
        let layout = rows.layout, evaluator = evaluator
        guard model.layout.blockWidth == layout.blockWidth, model.layout.slotCount == layout.slotCount,
            model.layout.width == layout.width
        else {
            throw .dimensionMismatch(
                what: "model columns in the rows' layout", expected: layout.width, found: model.layout.width)
        }
        let blocks = try concurrentMap(layout.rowBlocks) { r throws(HEMLError) in
            try ckks { () throws(CKKSError) in
                var sum = try evaluator.multiply(rows.block(row: r, feature: 0), model.weights[0])
                for k in 1..<layout.featureBlocks {
                    try evaluator.addInPlace(&sum, evaluator.multiply(rows.block(row: r, feature: k), model.weights[k]))
                }
                try evaluator.relinearizeInPlace(&sum)
                try sumRow(&sum, layout)
                return sum
            }
        }
        return try EncryptedScores(layout: layout, blocks: blocks, kind: .logits)
    }

    /// Encrypted values of a sigmoid *polynomial* p at the logits, with plaintext weights: an approximation of the
    /// probabilities σ(logit), not σ itself. Prefer ``logits(_:weights:)`` and the exact sigmoid after decryption
    /// (``Sigmoid/probabilities(logits:)``); use this only when the server must return probabilities.
    ///
    /// Error bound: for every row whose logit lies in the polynomial's interval [−R, R] (R = `sigmoid.radius`),
    /// |p(logit) − σ(logit)| ≤ `sigmoid.maxError` (e.g. Kim et al.'s degree 3 on [−8, 8]: about 0.1), plus the CKKS
    /// error (about 10⁻⁶ at heml's 2^40 scale). Outside the interval p is not σ: it leaves [0, 1] and grows like
    /// |logit|^degree, and nothing on the ciphertexts can tell. Costs 1 + ⌈log2(degree + 1)⌉ levels.
    ///
    /// - Parameters:
    ///   - rows: rows (1, x) encrypted by ``EncryptedDataset/encryptForScoring(_:layout:encoder:encryptor:)``.
    ///   - weights: intercept first, then one weight per feature, in scaled units.
    ///   - sigmoid: the polynomial and its interval.
    /// - Returns: scores of kind ``EncryptedScores/Kind/approximateProbabilities``.
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` for a weight count other than the layout's
    ///   width; ``HEMLError/encryption(_:)`` (e.g. too few levels or a missing rotation key).
    public func approximateProbabilities(
        _ rows: EncryptedDataset, weights: [Double],
        sigmoid: SigmoidApproximation
    ) throws(HEMLError) -> EncryptedScores {
        let scaled = try logits(rows, weights: weights, factor: 1 / sigmoid.radius, kind: .logits)
        let evaluator = evaluator
        let blocks = try concurrentMap(scaled.blocks.count) { r throws(HEMLError) in
            try ckks { () throws(CKKSError) in
                try evaluator.evaluate(sigmoid.normalizedCoefficients, at: scaled.blocks[r])
            }
        }
        return try EncryptedScores(layout: rows.layout, blocks: blocks, kind: .approximateProbabilities)
    }

    func logits(
        _ rows: EncryptedDataset, weights: [Double], factor: Double,
        kind: EncryptedScores.Kind
    ) throws(HEMLError) -> EncryptedScores {
        let layout = rows.layout, evaluator = evaluator
        guard weights.count == layout.width else {
            throw .dimensionMismatch(
                what: "model weights (intercept + features)", expected: layout.width, found: weights.count)
        }
        let encoder = CKKSEncoder(context: evaluator.context)
        let blocks = try concurrentMap(layout.rowBlocks) { r throws(HEMLError) in
            try ckks { () throws(CKKSError) in
                var sum: Ciphertext?
                for k in 0..<layout.featureBlocks {
                    var term = rows.block(row: r, feature: k)
                    let plain = try encoder.encode(
                        layout.packWeights(weights.map { $0 * factor }, featureBlock: k),
                        multiplyingScale: term.scale, atLevel: term.level)
                    try evaluator.multiplyInPlace(&term, plain)
                    if sum == nil { sum = term } else { try evaluator.addInPlace(&sum!, term) }
                }
                var products = sum.take()!
                try sumRow(&products, layout)
                return products
            }
        }
        return try EncryptedScores(layout: layout, blocks: blocks, kind: kind)
    }

    /// Rescales a block's products and sums across each row, into the row's first slot, in place.
    func sumRow(_ products: inout Ciphertext, _ layout: SlotLayout) throws(CKKSError) {
        try evaluator.rescaleInPlace(&products)
        try evaluator.innerSumInPlace(&products, batch: 1, count: layout.blockWidth)
    }
}

/// Encrypted per-row scores: one ciphertext per row block, row r's value in the first slot of its row.
public struct EncryptedScores: Sendable {
    /// What the values are.
    public enum Kind: String, Sendable, Codable {
        /// intercept + Σ wⱼ xⱼ (any real); σ of them is the probability.
        case logits
        /// A sigmoid polynomial's values at the logits: within its `maxError` of σ only for logits in its interval.
        case approximateProbabilities
    }

    /// The rows' layout.
    public let layout: SlotLayout
    /// One ciphertext per row block.
    public let blocks: [Ciphertext]
    /// Logits or approximate probabilities.
    public let kind: Kind

    /// Scores from their parts, e.g. as read from a file by the party that decrypts them.
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` unless there is one ciphertext per row block.
    public init(layout: SlotLayout, blocks: [Ciphertext], kind: Kind) throws(HEMLError) {
        guard blocks.count == layout.rowBlocks else {
            throw .dimensionMismatch(
                what: "ciphertexts in the encrypted scores", expected: layout.rowBlocks, found: blocks.count)
        }
        self.layout = layout
        self.blocks = blocks
        self.kind = kind
    }

    /// Data owner: the score of every row, in row order (logits, or approximate probabilities, as ``kind`` says).
    ///
    /// - Parameters:
    ///   - decryptor: the owner's decryptor (secret key).
    ///   - encoder: an encoder of the same context.
    ///   - flooding: Gaussian noise added to each block's decryption; give it whenever the scores are returned to
    ///     the server or anyone else holding ciphertexts under this key (each block counts as one of its
    ///     `NoiseFlooding.decryptions`).
    /// - Throws: ``HEMLError/encryption(_:)``, e.g. `CKKSError.floodingExceedsModulus(level:neededBits:availableBits:)`.
    public func decrypt(
        decryptor: Decryptor, encoder: CKKSEncoder,
        flooding: NoiseFlooding? = nil
    ) throws(HEMLError) -> [Double] {
        var values: [Double] = []
        for (r, block) in blocks.enumerated() {
            let slots = try ckks { () throws(CKKSError) in
                try encoder.decode(decryptor.decrypt(block, flooding: flooding))
            }
            values += layout.rowValues(slots, rowBlock: r)
        }
        return values
    }
}
