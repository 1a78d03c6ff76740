import HERing

/// A ciphertext as flat machine words, for exchanging ciphertexts between processes (the sum of partial
/// gradients across workers): components one after the other, each limb-major (limb i holds N residues mod q_i).
extension Ciphertext {
    /// size · (level + 1) · N residues: c_0's limbs, then c_1's (then c_2's).
    package var residueWords: [UInt64] { components.flatMap(\.residues) }

    /// The prime of each limb of ``residueWords`` of a ciphertext of `size` components at `level`, in order:
    /// size · (level + 1) entries.
    package static func limbModuli(level: Int, size: Int, context: CKKSContext) -> [UInt64] {
        let moduli = context.ring(level: level).moduli.map(\.value)
        return Array(repeatElement(moduli, count: size).joined())
    }

    /// A ciphertext of `context` from words laid out as ``residueWords``.
    ///
    /// - Parameters:
    ///   - residueWords: size · (level + 1) · N residues, each below its limb's prime.
    ///   - level: 0 … the context's top level.
    ///   - size: 2 or 3 components.
    ///   - scale: the exact scale.
    /// - Throws: ``CKKSError/malformedData(_:)`` for a level, size, scale or word count that does not fit;
    ///   ``CKKSError/ring(_:)`` for a residue not below its prime.
    package init(
        residueWords words: [UInt64], level: Int, size: Int, scale: Double, context: CKKSContext
    ) throws(CKKSError) {
        try SerializationFormat.requireLevel(level, context)
        try SerializationFormat.requireScale(scale)
        let ring = context.ring(level: level)
        let count = ring.limbCount * ring.degree
        guard (2...3).contains(size), words.count == size * count else {
            throw .malformedData("expected \(size) components of \(count) residues, got \(words.count) words")
        }
        var components: [RNSPolynomial<Evaluation>] = []
        for c in 0..<size {
            components.append(
                try ringCall { () throws(HERingError) in
                    try RNSPolynomial(context: ring, residues: Array(words[(c * count)..<((c + 1) * count)]))
                })
        }
        self.init(components: components, scale: scale, parametersFingerprint: context.parameters.fingerprint)
    }
}
