import HERing

extension Plaintext {
    /// The plaintext as a heml file (kind `plaintext`).
    ///
    /// Payload: logDegree (u8), level (u16), scale (f64), then the polynomial (NTT form) over q_0 … q_level,
    /// residues packed at ⌈log2 q_i⌉ bits.
    public func serialized() -> [UInt8] {
        var writer = SerializationWriter(
            kind: .plaintext, fingerprint: parametersFingerprint,
            payloadSize: 11 + SerializationFormat.packedSize(of: polynomial.context))
        writer.append(UInt8(polynomial.context.logDegree))
        writer.append(UInt16(level))
        writer.append(scale)
        writer.append(polynomial)
        return writer.finish()
    }

    /// Reads a plaintext written by ``serialized()`` for `context`.
    ///
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` when it was made under other parameters;
    ///   ``CKKSError/malformedData(_:)`` for truncated, corrupted or inconsistent data or data of another kind.
    public init(deserializing bytes: [UInt8], context: CKKSContext) throws(CKKSError) {
        var reader = try SerializationReader.open(bytes, .plaintext, context: context, what: "the plaintext")
        let level = Int(try reader.readUInt16())
        let scale = try reader.readDouble()
        try SerializationFormat.requireLevel(level, context)
        try SerializationFormat.requireScale(scale)
        let ring = context.ring(level: level)
        try reader.requirePayloadSize(11 + SerializationFormat.packedSize(of: ring), "a level-\(level) plaintext")
        let polynomial: RNSPolynomial<Evaluation> = try reader.readPolynomial(in: ring, "the plaintext")
        try reader.finish()
        self.init(polynomial: polynomial, scale: scale, parametersFingerprint: context.parameters.fingerprint)
    }
}

extension Ciphertext {
    /// The ciphertext as a heml file (kind `ciphertext`).
    ///
    /// A fresh secret-key encryption stores c_1 as its 32-byte seed, about halving the size; any other
    /// ciphertext stores every component.
    ///
    /// Payload: logDegree (u8), flags (u8; bit 0: c_1 stored as a seed), level (u16), component count (u8, 2 or
    /// 3), scale (f64), the seed if flagged (32 bytes), then each stored component over q_0 … q_level (NTT form,
    /// residues packed at ⌈log2 q_i⌉ bits).
    public func serialized() -> [UInt8] {
        let ring = components[0].context
        let seeded = size == 2 && seed.map { SerializationFormat.seedReproduces($0, components[1]) } == true
        let stored = seeded ? [components[0]] : components
        var writer = SerializationWriter(
            kind: .ciphertext, fingerprint: parametersFingerprint,
            payloadSize: 13 + (seeded ? SerializationFormat.seedSize : 0) + stored.count
                * SerializationFormat.packedSize(of: ring))
        writer.append(UInt8(ring.logDegree))
        writer.append(UInt8(seeded ? 1 : 0))
        writer.append(UInt16(level))
        writer.append(UInt8(size))
        writer.append(scale)
        if seeded, let seed { writer.append(bytes: seed) }
        for component in stored { writer.append(component) }
        return writer.finish()
    }

    /// Reads a ciphertext written by ``serialized()`` for `context` (expanding c_1 from its seed when stored so).
    ///
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` when it was made under other parameters;
    ///   ``CKKSError/malformedData(_:)`` for truncated, corrupted or inconsistent data or data of another kind.
    public init(deserializing bytes: [UInt8], context: CKKSContext) throws(CKKSError) {
        var reader = try SerializationReader.open(bytes, .ciphertext, context: context, what: "the ciphertext")
        let flags = try reader.readUInt8()
        let level = Int(try reader.readUInt16())
        let count = Int(try reader.readUInt8())
        let scale = try reader.readDouble()
        guard flags & ~1 == 0 else { throw .malformedData("unknown ciphertext flags 0x\(String(flags, radix: 16))") }
        let seeded = flags & 1 == 1
        try SerializationFormat.requireLevel(level, context)
        guard (2...3).contains(count) else { throw .malformedData("a ciphertext has 2 or 3 components, not \(count)") }
        guard !seeded || count == 2 else {
            throw .malformedData("only a 2-component ciphertext can store c_1 as a seed")
        }
        try SerializationFormat.requireScale(scale)
        let ring = context.ring(level: level)
        let storedCount = seeded ? 1 : count
        try reader.requirePayloadSize(
            13 + (seeded ? SerializationFormat.seedSize : 0) + storedCount * SerializationFormat.packedSize(of: ring),
            "a level-\(level) ciphertext of \(count) components\(seeded ? " with a seeded c_1" : "")")
        let seed = seeded ? try reader.readBytes(SerializationFormat.seedSize) : nil
        var components: [RNSPolynomial<Evaluation>] = []
        for i in 0..<storedCount { components.append(try reader.readPolynomial(in: ring, "c_\(i) of the ciphertext")) }
        try reader.finish()
        if let seed { components.append(try uniformPolynomial(ring: ring, seed: seed)) }
        self.init(
            components: components, scale: scale, parametersFingerprint: context.parameters.fingerprint, seed: seed)
    }
}

// MARK: - Shared checks

extension SerializationFormat {
    static func requireLevel(_ level: Int, _ context: CKKSContext) throws(CKKSError) {
        guard level <= context.maxLevel else {
            throw .malformedData("level \(level) is beyond the top level \(context.maxLevel) of the chain")
        }
    }

    static func requireScale(_ scale: Double) throws(CKKSError) {
        guard scale.isFinite, scale > 0 else { throw .malformedData("scale is not positive and finite") }
    }

    /// Whether `polynomial` is (as far as its first limb shows) the uniform polynomial expanded from `seed` over
    /// its ring: a guard against writing a seed that no longer describes the polynomial. The expansion runs limb
    /// by limb, so checking the first limb costs 1/limbCount of a full expansion.
    static func seedReproduces<F>(_ seed: [UInt8], _ polynomial: RNSPolynomial<F>) -> Bool {
        guard seed.count == seedSize,
            let limb = try? uniformPolynomial(ring: polynomial.context.prefix(1), seed: seed)
        else { return false }
        return limb.residues[...] == polynomial.limb(0)
    }
}
