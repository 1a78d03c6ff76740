internal import CKernels

/// A uniform polynomial held as its 32-byte seed: 8 bytes per limb instead of 8 per residue. Any limb is expanded
/// on demand from the ChaCha20 keystream, at the block where its sampling starts, and equals what
/// ``RNSPolynomial/init(uniformIn:using:)`` draws from a fresh ``SeededRandomSource`` with that seed (limb after
/// limb, each drawing whole chunks of N words, rejection-sampling them and dropping the chunk's unused rest).
///
/// The uniform half a_j of a switching key is public; holding it this way halves a key's memory at the cost of
/// one expansion of each limb a key switch reads (about 0.11 ms per limb of 2^16 residues here with AVX-512).
package struct SeededUniformPolynomial: Sendable {
    /// The seed of the keystream.
    package let seed: [UInt8]
    /// The ring of the polynomial.
    package let context: RingContext
    /// The keystream block at which each limb's sampling starts.
    let starts: [UInt64]

    /// The polynomial with that seed over `context`, expanded once to find where each limb starts (about 0.11 ms per
    /// limb of 2^16 residues).
    ///
    /// - Throws: ``HERingError/invalidArgument(_:)`` unless the seed has 32 bytes.
    package init(seed: [UInt8], in context: RingContext) throws(HERingError) {
        var limb = [UInt64](repeating: 0, count: context.degree)
        try self.init(seed: seed, in: context) { _, expand in limb.withUnsafeMutableBufferPointer { expand($0) } }
    }

    /// The polynomial with that seed over `context` and its residues.
    ///
    /// - Throws: ``HERingError/invalidArgument(_:)`` unless the seed has 32 bytes.
    package static func expanding(seed: [UInt8], in context: RingContext) throws(HERingError) -> (
        SeededUniformPolynomial, RNSPolynomial<Evaluation>
    ) {
        let n = context.degree
        var residues = [UInt64](repeating: 0, count: context.limbCount * n)
        let seeded = try residues.withUnsafeMutableBufferPointer { all throws(HERingError) in
            try SeededUniformPolynomial(seed: seed, in: context) { i, expand in
                expand(UnsafeMutableBufferPointer(rebasing: all[i * n..<(i + 1) * n]))
            }
        }
        return (seeded, RNSPolynomial(uncheckedContext: context, residues: residues))
    }

    /// Walks the limbs in order: `limb(i, expand)` calls `expand` on a buffer of N words that receives limb i.
    private init(
        seed: [UInt8], in context: RingContext,
        _ limb: (Int, (UnsafeMutableBufferPointer<UInt64>) -> UInt64) -> UInt64
    ) throws(HERingError) {
        guard seed.count == 32 else { throw .invalidArgument("a seed has 32 bytes, got \(seed.count)") }
        let n = UInt64(context.degree), path = context.path.cValue
        var starts: [UInt64] = [], block: UInt64 = 0
        for (i, q) in context.moduli.enumerated() {
            starts.append(block)
            let start = block
            let read = limb(i) { out in
                ck_chacha20_uniform(path, seed, start, q.value, out.baseAddress!, out.count)
            }
            // Each draw of the sampler is one chunk of N words, N/8 blocks.
            block += (read + n - 1) / n * (n / 8)
        }
        self.init(seed: seed, context: context, starts: starts)
    }

    init(seed: [UInt8], context: RingContext, starts: [UInt64]) {
        self.seed = seed
        self.context = context
        self.starts = starts
    }

    /// Writes limb `i` (N residues modulo the ring's i-th prime) to `out`.
    package func expandLimb(_ i: Int, into out: UnsafeMutablePointer<UInt64>) {
        _ = ck_chacha20_uniform(context.path.cValue, seed, starts[i], context.moduli[i].value, out, context.degree)
    }

    /// Every limb.
    package func expanded() -> RNSPolynomial<Evaluation> {
        let n = context.degree
        let residues = [UInt64](unsafeUninitializedCapacity: context.limbCount * n) { all, count in
            for i in 0..<context.limbCount { expandLimb(i, into: all.baseAddress! + i * n) }
            count = all.count
        }
        return RNSPolynomial(uncheckedContext: context, residues: residues)
    }

    /// The limbs at `indices` as a polynomial over `ring`, whose primes must be those limbs' primes in that order
    /// (see ``RNSPolynomial/selectingLimbs(_:in:)``); no expansion.
    package func selectingLimbs(_ indices: [Int], in ring: RingContext) -> SeededUniformPolynomial {
        precondition(
            indices.count == ring.limbCount
                && indices.enumerated().allSatisfy { ring.moduli[$0] == context.moduli[$1] },
            "selected limbs must match the target ring's primes")
        return SeededUniformPolynomial(seed: seed, context: ring, starts: indices.map { starts[$0] })
    }
}

extension SeededUniformPolynomial: Equatable {
    package static func == (lhs: SeededUniformPolynomial, rhs: SeededUniformPolynomial) -> Bool {
        lhs.seed == rhs.seed && lhs.starts == rhs.starts && lhs.context.isSameRing(as: rhs.context)
    }
}
