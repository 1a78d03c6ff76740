extension HybridKeySwitching {
    /// Number of digits of a polynomial at `level` (the key components a key switch at that level reads).
    package func digitCount(level: Int) -> Int { plans[level].digits.count }

    /// The highest level ℓ_k a key component over Q_ℓk ∪ P switches.
    package func level(ofKey component: RNSPolynomial<Evaluation>) -> Int { keyLevel(component.context) }

    /// A key component over Q_ℓk ∪ P restricted to Q_ℓ ∪ P for ℓ ≤ ℓ_k: the limbs of q_(ℓ+1) … q_ℓk are dropped and
    /// P's kept. It switches every polynomial at a level up to ℓ bit for bit as the whole component does (the key
    /// switch never reads the dropped limbs), in (ℓ + 1 + k)/(ℓ_k + 1 + k) of the memory.
    package func restricting(_ component: RNSPolynomial<Evaluation>, toLevel level: Int) -> RNSPolynomial<Evaluation> {
        restricting(keyLevel(component.context), level) { component.selectingLimbs($0, in: $1) } ?? component
    }

    /// A key's uniform half restricted to Q_ℓ ∪ P, in the same form (see ``restricting(_:toLevel:)-(RNSPolynomial<Evaluation>,_)``).
    package func restricting(_ component: UniformKeyHalf, toLevel level: Int) -> UniformKeyHalf {
        restricting(keyLevel(component.context), level) { component.selectingLimbs($0, in: $1) }
            ?? component
    }

    /// `select(limbs kept, ring Q_ℓ ∪ P)`, or nil when nothing is dropped (ℓ = ℓ_k).
    private func restricting<T>(_ keyLevel: Int, _ level: Int, _ select: ([Int], RingContext) -> T) -> T? {
        precondition((0...keyLevel).contains(level), "a key component cannot be raised to a level above its own")
        guard level < keyLevel else { return nil }
        let special = (keyLevel + 1)..<(keyLevel + 1 + ringP.limbCount)
        return select(Array(0...level) + Array(special), plans[level].ringQP)
    }
}
