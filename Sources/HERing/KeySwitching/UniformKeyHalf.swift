/// The uniform half a_j of one switching-key component over Q_ℓk ∪ P, as a key switch reads it: its residues in
/// memory, its seed (each limb expanded when the key switch reaches it: 8 bytes per limb instead of 8 per residue,
/// one ChaCha20 expansion per limb read; see ``SeededUniformPolynomial``), or both.
package struct UniformKeyHalf: Sendable {
    /// The residues, when held in memory.
    package private(set) var residues: RNSPolynomial<Evaluation>?
    /// The seed form, when a_j has a seed (a collective relinearization key's has none).
    package let seeded: SeededUniformPolynomial?

    /// An a_j without a seed, held in memory.
    package init(_ residues: RNSPolynomial<Evaluation>) {
        self.residues = residues
        seeded = nil
    }

    /// An a_j held as its seed, and in memory too when `residues` (its expansion) is given.
    package init(seeded: SeededUniformPolynomial, residues: RNSPolynomial<Evaluation>? = nil) {
        self.seeded = seeded
        self.residues = residues
    }

    /// The ring Q_ℓk ∪ P of the component.
    package var context: RingContext { residues?.context ?? seeded!.context }

    /// Every residue (expanded from the seed when not held).
    package var polynomial: RNSPolynomial<Evaluation> { residues ?? seeded!.expanded() }

    /// The seed, when a_j has one.
    package var seed: [UInt8]? { seeded?.seed }

    /// Bytes held in memory: 8 per residue held, 8 per limb and the seed for the seed form.
    package var byteCount: Int {
        8 * (residues?.residues.count ?? 0) + (seeded.map { 8 * $0.context.limbCount + $0.seed.count } ?? 0)
    }

    /// The same a_j with its residues held in memory (`true`: fastest key switching) or, when it has a seed, as
    /// the seed alone (`false`: half the key's memory).
    package func holdingResidues(_ hold: Bool) -> UniformKeyHalf {
        guard let seeded else { return self }
        return UniformKeyHalf(seeded: seeded, residues: hold ? polynomial : nil)
    }

    /// The limbs at `indices` over `ring` (see ``RNSPolynomial/selectingLimbs(_:in:)``), in the same forms.
    package func selectingLimbs(_ indices: [Int], in ring: RingContext) -> UniformKeyHalf {
        var selected = UniformKeyHalf(seeded: seeded?.selectingLimbs(indices, in: ring))
        selected.residues = residues?.selectingLimbs(indices, in: ring)
        return selected
    }

    /// Runs `body` with a reader of limbs: `limb(i)` points at limb i's N residues, read from memory or expanded
    /// into `scratch` (N words, overwritten by each call, so a limb is valid until the next call).
    func withLimbs<T>(scratch: UnsafeMutablePointer<UInt64>, _ body: ((Int) -> UnsafePointer<UInt64>) -> T) -> T {
        if let residues {
            let n = residues.degree
            return residues.residues.withUnsafeBufferPointer { all in body { all.baseAddress! + $0 * n } }
        }
        return body { i in
            seeded!.expandLimb(i, into: scratch)
            return UnsafePointer(scratch)
        }
    }

    /// Whether a key switch expands this a_j's limbs (it is held as its seed alone).
    var expandsOnUse: Bool { residues == nil }

    private init(seeded: SeededUniformPolynomial?) {
        self.seeded = seeded
        residues = nil
    }
}

extension UniformKeyHalf: Equatable {
    /// Equal residues, whichever form holds them.
    package static func == (lhs: UniformKeyHalf, rhs: UniformKeyHalf) -> Bool {
        if let l = lhs.seeded, let r = rhs.seeded, l == r { return true }
        return lhs.polynomial == rhs.polynomial
    }
}
