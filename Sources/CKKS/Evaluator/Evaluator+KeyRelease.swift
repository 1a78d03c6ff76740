import HERing

extension KeySwitchingKey {
    /// This key for ciphertexts up to `level` only: the components of the digits that level has, each restricted
    /// to Q_ℓ ∪ P (see ``HybridKeySwitching/restricting(_:toLevel:)``). It switches those ciphertexts bit for bit as
    /// the whole key does. Seeded a_j keep their seeds and expand only the limbs kept. It is for memory, not for files.
    func restricted(toLevel level: Int, switching: HybridKeySwitching) -> KeySwitchingKey {
        let digits = switching.digitCount(level: level)
        return KeySwitchingKey(
            b: b.prefix(digits).map { switching.restricting($0, toLevel: level) },
            a: a.prefix(digits).map { switching.restricting($0, toLevel: level) })
    }
}

extension Evaluator {
    /// The highest level at which these keys still relinearize and rotate (L unless
    /// ``releaseKeys(above:)`` lowered it); nil without keys.
    public var keyLevel: Int? {
        (keys?.relinearization ?? keys?.galois.values.first).map {
            context.keySwitching.level(ofKey: $0.b[0])
        }
    }

    /// Drops from every relinearization and Galois key what no ciphertext at `level` or below reads: the primes
    /// q_(ℓ+1) … q_L of every component and the components of the digits above that level's. A computation that
    /// only descends the chain (no bootstrapping) calls it as it goes: German credit's keys of 840 MiB fall to half
    /// by level 19. The memory is returned once no other copy of these keys is alive (an ``EvaluationKeys`` value
    /// shares its storage with its copies).
    ///
    /// - Parameter level: the highest level the evaluator will key-switch from now on (0 … the current
    ///   ``keyLevel``); ciphertexts above it are then refused by relinearization, rotation and conjugation.
    /// - Throws: ``CKKSError/invalidInput(_:)`` for a level outside that range, or when the keys hold
    ///   bootstrapping's encapsulation keys (bootstrapping climbs back to the top level).
    public mutating func releaseKeys(above level: Int) throws(CKKSError) {
        guard var released = keys, let current = keyLevel else { return }
        guard released.encapsulation == nil else {
            throw .invalidInput("keys for bootstrapping cannot be released: bootstrapping needs every level")
        }
        guard (0...current).contains(level) else {
            throw .invalidInput("keys can be released down to levels 0 … \(current), not to \(level)")
        }
        guard level < current else { return }
        let switching = context.keySwitching
        keys = nil
        released.relinearization = released.relinearization?.restricted(toLevel: level, switching: switching)
        // One key at a time, each freed as soon as it is replaced (a view of the dictionary's keys would keep every
        // old key alive until the loop ends).
        for exponent in Array(released.galois.keys) {
            released.galois[exponent] = released.galois[exponent]!.restricted(toLevel: level, switching: switching)
        }
        keys = released
    }

    /// `key`, when it still reaches a's level.
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` when ``releaseKeys(above:)`` released a's level.
    func reaching(_ key: KeySwitchingKey, _ a: Ciphertext) throws(CKKSError) -> KeySwitchingKey {
        let level = context.keySwitching.level(ofKey: key.b[0])
        guard a.level <= level else {
            throw .invalidInput(
                "the evaluation keys were released above level \(level); this ciphertext is at level \(a.level)")
        }
        return key
    }
}
