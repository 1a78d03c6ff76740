import HERing

extension Evaluator {
    /// a · b as a size-3 ciphertext (decrypts under 1, s, s²); scale a.scale · b.scale.
    /// Follow with ``relinearize(_:)`` and ``rescale(_:)``, or call ``multiplyRelinearizeRescale(_:_:)``.
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` for an operand that is not of size 2; otherwise as
    ///   ``add(_:_:)-(Ciphertext,Ciphertext)``.
    public func multiply(_ a: Ciphertext, _ b: Ciphertext) throws(CKKSError) -> Ciphertext {
        try check(a)
        try check(b)
        guard a.size == 2, b.size == 2 else { throw .invalidInput("multiply relinearized (size-2) ciphertexts") }
        let level = min(a.level, b.level)
        let x = try dropLevels(a, to: level), y = try dropLevels(b, to: level)
        let (c0, c1, c2) = RNSPolynomial.tensor(
            x.components[0], x.components[1], y.components[0], y.components[1], threads: context.threads)
        return Ciphertext(
            components: [c0, c1, c2], scale: a.scale * b.scale,
            parametersFingerprint: context.parameters.fingerprint)
    }

    /// a², cheaper than ``multiply(_:_:)-(Ciphertext,Ciphertext)`` with itself (three products instead of four).
    ///
    /// - Throws: as ``multiply(_:_:)-(Ciphertext,Ciphertext)``.
    public func square(_ a: Ciphertext) throws(CKKSError) -> Ciphertext {
        try check(a)
        guard a.size == 2 else { throw .invalidInput("square a relinearized (size-2) ciphertext") }
        var c0 = a.components[0], c1 = a.components[0], c2 = a.components[1]
        c0.multiply(a.components[0])
        c1.multiply(a.components[1])
        c1.multiply(by: 2)
        c2.multiply(a.components[1])
        return Ciphertext(
            components: [c0, c1, c2], scale: a.scale * a.scale,
            parametersFingerprint: context.parameters.fingerprint)
    }

    /// Switches a size-3 ciphertext back to size 2 with the relinearization key.
    ///
    /// - Throws: ``CKKSError/missingRelinearizationKey``.
    public func relinearize(_ a: Ciphertext) throws(CKKSError) -> Ciphertext {
        var result = a
        try relinearizeInPlace(&result)
        return result
    }

    /// Relinearizes in place, reusing c_0 and c_1's storage (a size-2 ciphertext is left as it is).
    ///
    /// - Throws: ``CKKSError/missingRelinearizationKey``.
    public func relinearizeInPlace(_ a: inout Ciphertext) throws(CKKSError) {
        try check(a)
        guard a.size == 3 else { return }
        guard let key = try keys?.relinearization.map({ key throws(CKKSError) in try reaching(key, a) }) else {
            throw .missingRelinearizationKey
        }
        var parts = a.components
        a.components = []
        let c2 = parts.removeLast()
        parts.withUnsafeMutableBufferPointer { p in
            context.keySwitching.switchKey(c2, keyB: key.b, keyA: key.a, adding: &p[0], &p[1])
        }
        a.components = parts
    }

    /// a · b, relinearized (not rescaled).
    ///
    /// - Throws: as ``multiply(_:_:)-(Ciphertext,Ciphertext)``; ``CKKSError/missingRelinearizationKey``.
    public func multiplyRelinearize(_ a: Ciphertext, _ b: Ciphertext) throws(CKKSError) -> Ciphertext {
        try relinearize(multiply(a, b))
    }

    /// Key switching of one component c over q_0 … q_ℓ: (u_0, u_1) with u_0 + u_1·s ≈ c·s'.
    func switchKey(_ c: RNSPolynomial<Evaluation>, with key: KeySwitchingKey) -> (
        RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>
    ) {
        context.keySwitching.switchKey(c, keyB: key.b, keyA: key.a)
    }

    /// Divides by the last prime q_ℓ: level − 1, scale / q_ℓ (exact prime value).
    ///
    /// - Throws: ``CKKSError/levelExhausted(operation:)`` at level 0.
    public func rescale(_ a: Ciphertext) throws(CKKSError) -> Ciphertext {
        var result = a
        try rescaleInPlace(&result)
        return result
    }

    /// Rescales in place, reusing a's storage (see ``rescale(_:)``).
    ///
    /// - Throws: as ``rescale(_:)``.
    public func rescaleInPlace(_ a: inout Ciphertext) throws(CKKSError) {
        try check(a)
        guard a.level > 0 else { throw .levelExhausted(operation: "rescale") }
        a.scale /= Double(context.modulus(level: a.level))
        a.seed = nil
        RNSPolynomial.divideAndRoundByLastModulus(&a.components, threads: context.threads)
    }

    /// a · b, relinearized and rescaled: the usual multiplication.
    ///
    /// - Throws: as ``multiplyRelinearize(_:_:)`` and ``rescale(_:)``.
    public func multiplyRelinearizeRescale(_ a: Ciphertext, _ b: Ciphertext) throws(CKKSError) -> Ciphertext {
        try check(a)
        try check(b)
        guard keys?.relinearization != nil else { throw .missingRelinearizationKey }
        guard min(a.level, b.level) > 0 else { throw .levelExhausted(operation: "rescale") }
        var product = try multiply(a, b)
        try relinearizeInPlace(&product)
        try rescaleInPlace(&product)
        return product
    }

    /// a ·= b, relinearized and rescaled in place: reuses a's storage and allocates one polynomial besides the
    /// key switch's scratch (against seven for the separate steps).
    ///
    /// - Throws: ``CKKSError/missingRelinearizationKey``; ``CKKSError/levelExhausted(operation:)`` at level 0.
    public func multiplyRelinearizeRescaleInPlace(_ a: inout Ciphertext, _ b: Ciphertext) throws(CKKSError) {
        try check(a)
        try check(b)
        guard a.size == 2, b.size == 2 else { throw .invalidInput("multiply relinearized (size-2) ciphertexts") }
        guard keys?.relinearization != nil else { throw .missingRelinearizationKey }
        let level = min(a.level, b.level)
        guard level > 0 else { throw .levelExhausted(operation: "rescale") }
        if a.level > level { a = try dropLevels(a, to: level) }
        let y = try dropLevels(b, to: level)
        var parts = a.components
        a.components = []
        let cross = parts.withUnsafeMutableBufferPointer { p in
            RNSPolynomial.tensor(&p[0], &p[1], y.components[0], y.components[1], threads: context.threads)
        }
        parts.insert(cross, at: 1)
        a.components = parts
        parts = []  // a's components stay uniquely referenced, so relinearization adds into them in place
        a.scale *= b.scale
        try relinearizeInPlace(&a)
        try rescaleInPlace(&a)
    }

    /// Brings a ciphertext down to `level` with exactly `scale`, spending one level on a multiplication by the
    /// constant 1 encoded at the compensating scale (when the scale already matches, only primes are dropped).
    ///
    /// - Throws: ``CKKSError/levelExhausted(operation:)`` when a's level is not above `level` and the scales differ.
    public func matchLevelAndScale(_ a: Ciphertext, level: Int, scale: Double) throws(CKKSError) -> Ciphertext {
        try check(a)
        try context.require(level: level)
        if Self.sameScale(a.scale, scale) { return try dropLevels(a, to: level) }
        return try scaledCopy(of: a, constant: 1, level: level, scale: scale)
    }
}
