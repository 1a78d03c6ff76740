import HERing

/// What evaluation keys to generate. The ML layer derives it from its slot layout, so only the rotations it
/// uses get keys.
public struct EvaluationKeyRequest: Sendable, Hashable {
    /// Rotation steps (positive: left, negative: right); taken modulo the slot count.
    public var rotations: Set<Int>
    /// Whether to generate the conjugation key.
    public var conjugation: Bool
    /// Whether to generate the relinearization key.
    public var relinearization: Bool
    /// The Hamming weight h of an ephemeral sparse secret for bootstrapping's sparse-secret encapsulation (see
    /// ``Evaluator/modRaise(_:encapsulated:)``), 1 … N; nil for none. The ephemeral secret exists only while its
    /// two keys are generated.
    public var ephemeralSecretWeight: Int?

    public init(
        rotations: Set<Int> = [], conjugation: Bool = false, relinearization: Bool = true,
        ephemeralSecretWeight: Int? = nil
    ) {
        self.rotations = rotations
        self.conjugation = conjugation
        self.relinearization = relinearization
        self.ephemeralSecretWeight = ephemeralSecretWeight
    }
}

/// The public evaluation keys a server needs: relinearization and Galois keys. Contains no secret.
public struct EvaluationKeys: Sendable, Equatable {
    /// Switches s² to s.
    package internal(set) var relinearization: KeySwitchingKey?
    /// Galois keys by exponent k, each stored as φ_k⁻¹ of the key switching s(X^k) to s.
    package internal(set) var galois: [UInt64: KeySwitchingKey]
    /// The two keys of sparse-secret encapsulation, when requested.
    package internal(set) var encapsulation: EncapsulationKeys?
    /// Fingerprint of the parameters they belong to.
    public let parametersFingerprint: UInt64

    /// Whether the relinearization key (needed by every ciphertext-ciphertext product) is present.
    public var hasRelinearizationKey: Bool { relinearization != nil }
    /// Whether the sparse-secret encapsulation keys of bootstrapping are present.
    public var hasEncapsulationKeys: Bool { encapsulation != nil }
    /// Bytes the keys hold in memory: 8 per residue of every b_j and of every a_j without a seed, 8 per limb and the
    /// seed for the others.
    public var byteCount: Int {
        let all =
            [relinearization, encapsulation?.toSparse, encapsulation?.toDense].compactMap { $0 }
            + Array(galois.values)
        return all.reduce(0) { total, key in
            total + key.b.reduce(0) { $0 + $1.residues.count * MemoryLayout<UInt64>.size }
                + key.a.reduce(0) { $0 + $1.byteCount }
        }
    }
    /// Galois exponents present, sorted.
    public var galoisExponents: [UInt64] { galois.keys.sorted() }

    /// How the uniform halves a_j of the keys are held in memory.
    public enum UniformHalves: Sendable, Hashable {
        /// Every residue in memory: the fastest key switching.
        case expanded
        /// Each a_j that has a seed held as the seed alone (8 bytes per limb), every limb a key switch reads expanded
        /// from it by ChaCha20: about half the keys' memory, at 0.1–0.2 ms per limb of 2^16 residues read, once per
        /// digit and limb of a key switch (German credit's training takes 1.01–1.09 times as long, one key switch at
        /// N = 2^16 with 10 digits about 1.3 times).
        case seeded
    }

    /// Holds the a_j as `form` says (expanding seeds, or dropping the residues of seeded a_j), one key at a time.
    public mutating func holdUniformHalves(_ form: UniformHalves) {
        func held(_ key: KeySwitchingKey) -> KeySwitchingKey {
            KeySwitchingKey(b: key.b, a: key.a.map { $0.holdingResidues(form == .expanded) })
        }
        relinearization = relinearization.map(held)
        for exponent in Array(galois.keys) { galois[exponent] = held(galois[exponent]!) }
        encapsulation = encapsulation.map { EncapsulationKeys(toSparse: held($0.toSparse), toDense: held($0.toDense)) }
    }
}

extension EvaluationKeys {
    /// Whether these keys rotate slots by `step` under `context`'s parameters (step 0 and multiples of the slot count
    /// need no key; a step the ring cannot express has none).
    public func hasRotationKey(step: Int, context: CKKSContext) -> Bool {
        guard step % context.slotCount != 0 else { return true }
        guard let element = try? GaloisElement.rotation(by: step, logDegree: context.parameters.logDegree) else {
            return false
        }
        return galois[element.exponent] != nil
    }
}
