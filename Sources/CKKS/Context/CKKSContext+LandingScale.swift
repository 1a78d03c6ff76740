extension CKKSContext {
    /// The scale a second factor must carry so that its product with a value of `scale` at `level`, rescaled once,
    /// has exactly `target`: target · q_level / scale.
    ///
    /// This is how a product lands on the next level's canonical scale (``levelScales``, the default target), so it
    /// adds to other ciphertexts there without any correction.
    ///
    /// - Parameters:
    ///   - scale: the scale of the ciphertext being multiplied.
    ///   - level: its level, 1 … L (the rescale removes q_level).
    ///   - target: the scale wanted after the rescale; default `levelScales[level − 1]`.
    public func landingScale(multiplying scale: Double, atLevel level: Int, target: Double? = nil) -> Double {
        (target ?? levelScales[level - 1]) * Double(modulus(level: level)) / scale
    }
}
