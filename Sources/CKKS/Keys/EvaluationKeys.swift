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

    public init(rotations: Set<Int> = [], conjugation: Bool = false, relinearization: Bool = true) {
        self.rotations = rotations
        self.conjugation = conjugation
        self.relinearization = relinearization
    }
}

/// The public evaluation keys a server needs: relinearization and Galois keys. Contains no secret.
public struct EvaluationKeys: Sendable, Equatable {
    /// Switches s² to s.
    package internal(set) var relinearization: KeySwitchingKey?
    /// Galois keys by exponent k, each stored as φ_k⁻¹ of the key switching s(X^k) to s.
    package internal(set) var galois: [UInt64: KeySwitchingKey]
    /// Fingerprint of the parameters they belong to.
    public let parametersFingerprint: UInt64

    /// Whether the relinearization key (needed by every ciphertext-ciphertext product) is present.
    public var hasRelinearizationKey: Bool { relinearization != nil }
    /// Galois exponents present, sorted.
    public var galoisExponents: [UInt64] { galois.keys.sorted() }
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
