extension Sigmoid {
    /// Data owner: exact probabilities σ(logit) = 1 / (1 + e^(−logit)) of decrypted logits, in the same order.
    ///
    /// - Parameter logits: decrypted scores of kind ``EncryptedScores/Kind/logits`` (any finite reals).
    /// - Returns: values in [0, 1]; NaN where a logit is NaN.
    public static func probabilities(logits: [Double]) -> [Double] { logits.map(logistic) }
}
