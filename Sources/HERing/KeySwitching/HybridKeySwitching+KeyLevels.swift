extension HybridKeySwitching {
    /// Number of digits of a polynomial at `level` (the key components a key switch at that level reads).
    package func digitCount(level: Int) -> Int { plans[level].digits.count }

    /// The highest level ℓ_k a key component over Q_ℓk ∪ P switches.
    package func level(ofKey component: RNSPolynomial<Evaluation>) -> Int { keyLevel(component) }

    /// A key component over Q_ℓk ∪ P restricted to Q_ℓ ∪ P for ℓ ≤ ℓ_k: the limbs of q_(ℓ+1) … q_ℓk are dropped and
    /// P's kept. It switches every polynomial at a level up to ℓ bit for bit as the whole component does (the key
    /// switch never reads the dropped limbs), in (ℓ + 1 + k)/(ℓ_k + 1 + k) of the memory.
    package func restricting(_ component: RNSPolynomial<Evaluation>, toLevel level: Int) -> RNSPolynomial<Evaluation> {
        let keyLevel = keyLevel(component)
        precondition((0...keyLevel).contains(level), "a key component cannot be raised to a level above its own")
        guard level < keyLevel else { return component }
        let n = component.degree
        var residues: [UInt64] = []
        residues.reserveCapacity(plans[level].ringQP.limbCount * n)
        residues += component.residues[..<((level + 1) * n)]
        residues += component.residues[((keyLevel + 1) * n)...]
        return RNSPolynomial(uncheckedContext: plans[level].ringQP, residues: residues)
    }
}
