extension CKKSEncoder {
    /// Encodes real values as the second factor of a product that, rescaled once, lands exactly on the canonical
    /// scale of level − 1 (see ``CKKSContext/landingScale(multiplying:atLevel:target:)``).
    ///
    /// - Parameters:
    ///   - values: at most N/2 finite values.
    ///   - operandScale: the scale of the ciphertext it will multiply.
    ///   - level: that ciphertext's level, 1 … L (the plaintext is encoded at this level).
    /// - Throws: ``CKKSError/levelExhausted(operation:)`` at level 0; otherwise as ``encode(_:level:scale:)-([Double],_,_)``.
    public func encode(
        _ values: [Double], multiplyingScale operandScale: Double,
        atLevel level: Int
    ) throws(CKKSError) -> Plaintext {
        try context.require(level: level)
        guard level > 0 else { throw .levelExhausted(operation: "a product that lands on the next level's scale") }
        return try encode(values, level: level, scale: context.landingScale(multiplying: operandScale, atLevel: level))
    }
}
