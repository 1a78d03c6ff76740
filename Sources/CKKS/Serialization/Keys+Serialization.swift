import HERing

extension PublicKey {
    /// The public key as a heml file (kind `publicKey`); `a` is stored as its 32-byte seed when it has one.
    ///
    /// Payload: logDegree (u8), flags (u8; bit 0: a stored as a seed), limb count of q_0 … q_L and P (u16), the
    /// seed if flagged (32 bytes), b, then a unless seeded (NTT form, residues packed at ⌈log2 q_i⌉ bits).
    public func serialized() -> [UInt8] {
        let ring = b.context
        let seeded = seed.map { SerializationFormat.seedReproduces($0, a) } == true
        var writer = SerializationWriter(
            kind: .publicKey, fingerprint: parametersFingerprint,
            payloadSize: 4 + (seeded ? SerializationFormat.seedSize : 0) + (seeded ? 1 : 2)
                * SerializationFormat.packedSize(of: ring))
        writer.append(UInt8(ring.logDegree))
        writer.append(UInt8(seeded ? 1 : 0))
        writer.append(UInt16(ring.limbCount))
        if seeded, let seed { writer.append(bytes: seed) }
        writer.append(b)
        if !seeded { writer.append(a) }
        return writer.finish()
    }

    /// Reads a public key written by ``serialized()`` for `context`.
    ///
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` when it was made under other parameters;
    ///   ``CKKSError/malformedData(_:)`` for truncated, corrupted or inconsistent data or data of another kind.
    public init(deserializing bytes: [UInt8], context: CKKSContext) throws(CKKSError) {
        var reader = try SerializationReader.open(bytes, .publicKey, context: context, what: "the public key")
        let flags = try reader.readUInt8()
        let ring = context.keyRing
        try SerializationFormat.requireLimbCount(Int(try reader.readUInt16()), ring)
        guard flags & ~1 == 0 else { throw .malformedData("unknown public-key flags 0x\(String(flags, radix: 16))") }
        let seeded = flags & 1 == 1
        try reader.requirePayloadSize(
            4 + (seeded ? SerializationFormat.seedSize : 0) + (seeded ? 1 : 2)
                * SerializationFormat.packedSize(of: ring),
            seeded ? "a public key with a seeded a" : "a public key")
        let seed = seeded ? try reader.readBytes(SerializationFormat.seedSize) : nil
        let b: RNSPolynomial<Evaluation> = try reader.readPolynomial(in: ring, "b of the public key")
        let a: RNSPolynomial<Evaluation> =
            if let seed {
                try uniformPolynomial(ring: ring, seed: seed)
            } else {
                try reader.readPolynomial(in: ring, "a of the public key")
            }
        try reader.finish()
        self.init(b: b, a: a, parametersFingerprint: context.parameters.fingerprint, seed: seed)
    }
}

extension EvaluationKeys {
    /// The evaluation keys as a heml file (kind `evaluationKeys`). Each a_j is stored as its 32-byte seed, so a
    /// key takes about half the space of (b_j, a_j).
    ///
    /// Payload: logDegree (u8), flags (u8; bit 0: the a_j stored as seeds, bit 1: a relinearization key follows,
    /// bit 2: the two sparse-secret encapsulation keys follow, bit 3: as bit 0 except for the relinearization key,
    /// stored in full — a collective key has no seeds), digit count d (u16), limb count of q_0 … q_L and P
    /// (u16), number of Galois keys g (u32), the g Galois exponents (u64, strictly increasing), then the
    /// relinearization key if flagged, the Galois keys in exponent order, and if flagged the encapsulation keys: to
    /// the dense secret (d digits like the others), then to the sparse one (one digit over q_0 and p'). A key is its
    /// digits, each (seed, b_j) when seeded, else (b_j, a_j).
    public func serialized() -> [UInt8] {
        let exponents = galoisExponents
        let keys =
            (relinearization.map { [$0] } ?? []) + exponents.map { galois[$0]! }
            + (encapsulation.map { [$0.toDense, $0.toSparse] } ?? [])
        var writer = EvaluationKeysWriter(
            fingerprint: parametersFingerprint, ring: keys.first?.b.first?.context, digits: keys.first?.b.count ?? 0,
            exponents: exponents, relinearization: relinearization != nil,
            encapsulation: encapsulation?.toSparse.b.first?.context,
            seeded: keys.dropFirst(relinearization == nil ? 0 : 1).allSatisfy(\.storesSeeds),
            relinearizationSeeded: relinearization?.storesSeeds ?? true)
        var file = writer.start()
        file.reserveCapacity(writer.size)
        for key in keys { file += writer.append(key) }
        file.replaceSubrange(0..<SerializationFormat.headerSize, with: writer.header())
        return file
    }

    /// Reads evaluation keys written by ``serialized()`` for `context`.
    ///
    /// - Parameter uniformHalves: how to hold the a_j stored as seeds (those stored whole are held in memory).
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` when they were made under other parameters;
    ///   ``CKKSError/malformedData(_:)`` for truncated, corrupted or inconsistent data or data of another kind.
    public init(deserializing bytes: [UInt8], context: CKKSContext, uniformHalves: UniformHalves = .expanded)
        throws(CKKSError)
    {
        try self.init(reading: bytes, context: context, uniformHalves: uniformHalves)
    }

    /// Reads evaluation keys from `source` as ``init(deserializing:context:uniformHalves:)`` does; from a source
    /// other than an array one key at a time, so that the file's bytes are never held whole beside the keys.
    package init(reading source: some SerializedSource, context: CKKSContext, uniformHalves: UniformHalves = .expanded)
        throws(CKKSError)
    {
        var reader = try SerializationReader.open(
            source, .evaluationKeys, context: context, what: "the evaluation keys", ringDegree: false)
        let ring = context.keyRing
        let digits = context.keySwitching.digitCount
        let logDegree = Int(try reader.readUInt8())
        let flags = try reader.readUInt8()
        let storedDigits = Int(try reader.readUInt16())
        let limbCount = Int(try reader.readUInt16())
        let count = Int(try reader.readUInt32())
        guard flags & ~15 == 0, flags & 9 != 9, flags & 10 != 8 else {
            throw .malformedData("unknown evaluation-key flags 0x\(String(flags, radix: 16))")
        }
        let seeded = flags & 9 != 0, hasRelinearization = flags & 2 == 2, hasEncapsulation = flags & 4 == 4
        let relinearizationSeeded = flags & 1 == 1
        let twoN = UInt64(2) << context.parameters.logDegree
        guard count < context.parameters.degree else {
            throw .malformedData(
                "\(count) Galois keys, but only \(context.parameters.degree - 1) Galois exponents exist")
        }
        let keyCount = count + (hasRelinearization ? 1 : 0) + (hasEncapsulation ? 1 : 0)
        // An empty set has no ring to describe: its ring fields are 0.
        if keyCount > 0 {
            guard logDegree == context.parameters.logDegree else {
                throw .malformedData(
                    "ring degree 2^\(logDegree) in the data, 2^\(context.parameters.logDegree) in the context")
            }
            guard storedDigits == digits else {
                throw .malformedData("keys of \(storedDigits) digits, but the parameters use \(digits)")
            }
            try SerializationFormat.requireLimbCount(limbCount, ring)
        } else {
            guard logDegree == 0, storedDigits == 0, limbCount == 0 else {
                throw .malformedData("an empty set of evaluation keys has zero ring fields")
            }
        }
        func digitSize(_ ring: RingContext, seeded: Bool = seeded) -> Int {
            let polynomialSize = SerializationFormat.packedSize(of: ring)
            return seeded ? SerializationFormat.seedSize + polynomialSize : 2 * polynomialSize
        }
        let smallRing = context.encapsulationSwitching.ringQP(level: 0)
        let fullRelinearization = hasRelinearization && !relinearizationSeeded
        let keysSize = try SerializationFormat.size(
            keyCount, times: digits * digitSize(ring),
            plus: (hasEncapsulation ? digitSize(smallRing) : 0)
                + (fullRelinearization ? digits * (digitSize(ring, seeded: false) - digitSize(ring)) : 0),
            "\(keyCount) keys")
        try reader.requirePayloadSize(
            try SerializationFormat.size(count, times: 8, plus: 10 + keysSize, "\(count) keys"),
            "\(keyCount) keys of \(digits) digits\(seeded ? " with seeded a_j" : "")")
        var exponents: [UInt64] = []
        for _ in 0..<count {
            let exponent = try reader.readUInt64()
            guard exponent & 1 == 1, exponent > 1, exponent < twoN else {
                throw .malformedData("Galois exponent \(exponent) is not odd in 3 … 2N − 1")
            }
            guard exponent > exponents.last ?? 0 else {
                throw .malformedData("Galois exponents must be strictly increasing")
            }
            exponents.append(exponent)
        }
        func readKey(
            _ name: String, in ring: RingContext = ring, digits: Int = digits, seeded: Bool = seeded
        ) throws(CKKSError) -> KeySwitchingKey {
            var b: [RNSPolynomial<Evaluation>] = [], a: [UniformKeyHalf] = []
            for j in 0..<digits {
                if seeded {
                    let seed = try reader.readBytes(SerializationFormat.seedSize)
                    b.append(try reader.readPolynomial(in: ring, "b_\(j) of \(name)"))
                    // Held as seeds, only one limb at a time is expanded (to find where each limb starts).
                    a.append(
                        try ringCall { () throws(HERingError) in
                            guard uniformHalves == .expanded else {
                                return UniformKeyHalf(seeded: try SeededUniformPolynomial(seed: seed, in: ring))
                            }
                            let (seeded, residues) = try SeededUniformPolynomial.expanding(seed: seed, in: ring)
                            return UniformKeyHalf(seeded: seeded, residues: residues)
                        })
                } else {
                    b.append(try reader.readPolynomial(in: ring, "b_\(j) of \(name)"))
                    a.append(UniformKeyHalf(try reader.readPolynomial(in: ring, "a_\(j) of \(name)")))
                }
            }
            return KeySwitchingKey(b: b, a: a)
        }
        let relinearization =
            hasRelinearization ? try readKey("the relinearization key", seeded: !fullRelinearization) : nil
        var galois: [UInt64: KeySwitchingKey] = [:]
        for exponent in exponents { galois[exponent] = try readKey("the Galois key for exponent \(exponent)") }
        var encapsulation: EncapsulationKeys?
        if hasEncapsulation {
            let toDense = try readKey("the encapsulation key to the dense secret")
            let toSparse = try readKey("the encapsulation key to the sparse secret", in: smallRing, digits: 1)
            encapsulation = EncapsulationKeys(toSparse: toSparse, toDense: toDense)
        }
        try reader.finish()
        self.init(
            relinearization: relinearization, galois: galois, encapsulation: encapsulation,
            parametersFingerprint: context.parameters.fingerprint)
    }
}

extension SecretKey {
    /// The secret key as a heml file of its own kind (`secretKey`), which no other reader accepts.
    ///
    /// - Warning: The result **is the secret key**. Anyone who holds these bytes can decrypt every ciphertext and
    ///   forge evaluation keys. Write it only to storage you would trust with the plaintexts (encrypted at rest,
    ///   access-controlled), never send it to the evaluating server, and overwrite the array when done. The file's
    ///   checksum detects corruption, not tampering, and nothing in it is encrypted.
    ///
    /// Payload: logDegree (u8), encoding (u8), limb count of q_0 … q_L and P (u16), then for encoding 0 (used
    /// whenever s is ternary, as heml's secrets are) the N coefficients of s at 2 bits each (0 → 0, 1 → +1,
    /// 2 → −1; coefficient j in bits 2(j mod 4) of byte j/4), N/4 bytes in all; for encoding 1 the NTT-form
    /// polynomial, residues packed at ⌈log2 q_i⌉ bits.
    public func serializedSecretKey() -> [UInt8] {
        let ring = polynomial.context
        let n = ring.degree
        var coefficients = polynomial.inverseNTT()
        defer { coefficients.wipe() }
        // Code of each coefficient from limb 0 (0 → 0, 1 → 1, q_0 − 1 → 2), and whether every limb agrees with
        // it, without branching on the secret: a mismatch anywhere only sets bits of `mismatch`.
        var codes = [UInt8](repeating: 0, count: n / 4)
        defer { codes.wipe() }
        var mismatch: UInt64 = n % 4 == 0 ? 0 : 1
        coefficients.residues.withUnsafeBufferPointer { residues in
            let moduli = ring.moduli.map(\.value)
            for j in 0..<n where n % 4 == 0 {
                let r = residues[j]
                let isOne = Self.isZeroMask(r ^ 1) & 1, isMinusOne = Self.isZeroMask(r ^ (moduli[0] - 1)) & 2
                let code = isOne | isMinusOne
                mismatch |= ~Self.isZeroMask(r) & Self.isZeroMask(code)
                for i in 1..<moduli.count {
                    let expected = isOne | ((moduli[i] - 1) & (0 &- (isMinusOne >> 1)))
                    mismatch |= residues[i * n + j] ^ expected
                }
                codes[j / 4] |= UInt8(truncatingIfNeeded: code) << (2 * UInt8(j % 4))
            }
        }
        let ternary = mismatch == 0
        let dataSize = ternary ? n / 4 : SerializationFormat.packedSize(of: ring)
        var writer = SerializationWriter(
            kind: .secretKey, fingerprint: parametersFingerprint, payloadSize: 4 + dataSize)
        writer.append(UInt8(ring.logDegree))
        writer.append(UInt8(ternary ? 0 : 1))
        writer.append(UInt16(ring.limbCount))
        if ternary { writer.append(bytes: codes) } else { writer.append(polynomial) }
        return writer.finish()
    }

    /// All ones when `x` is zero, else zero, without a branch.
    private static func isZeroMask(_ x: UInt64) -> UInt64 { ((x | (0 &- x)) >> 63) &- 1 }

    /// Reads a secret key written by ``serializedSecretKey()`` for `context`. Refuses every other kind of file
    /// (and every other reader refuses secret-key files).
    ///
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` when it was made under other parameters;
    ///   ``CKKSError/malformedData(_:)`` for truncated, corrupted or inconsistent data, data of another kind, or a
    ///   secret that does not fit the parameters' secret distribution.
    public convenience init(deserializing bytes: [UInt8], context: CKKSContext) throws(CKKSError) {
        var reader = try SerializationReader.open(bytes, .secretKey, context: context, what: "the secret key")
        let encoding = try reader.readUInt8()
        let ring = context.keyRing
        try SerializationFormat.requireLimbCount(Int(try reader.readUInt16()), ring)
        let n = ring.degree
        let polynomial: RNSPolynomial<Evaluation>
        switch encoding {
        case 0:
            try reader.requirePayloadSize(4 + n / 4, "a ternary secret key")
            var codes = try reader.readBytes(n / 4)
            var coefficients = [Int64](repeating: 0, count: n)
            defer {
                codes.wipe()
                coefficients.wipe()
            }
            // Decoded without branching on the secret: code c gives (c & 1) − (c >> 1); code 3 only sets `invalid`.
            var weight = 0, invalid: UInt8 = 0
            for j in 0..<n {
                let code = codes[j / 4] >> (2 * UInt8(j % 4)) & 3
                invalid |= code & (code >> 1)
                coefficients[j] = Int64(code & 1) - Int64(code >> 1)
                weight += Int((code | code >> 1) & 1)
            }
            guard invalid == 0 else { throw .malformedData("invalid ternary code in the secret key") }
            if case .sparseTernary(let h) = context.parameters.secret, weight != h {
                throw .malformedData("the secret key's Hamming weight does not match the parameters")
            }
            polynomial = RNSPolynomial<Coefficient>(context: ring, signedCoefficients: coefficients).forwardNTT()
        case 1:
            try reader.requirePayloadSize(4 + SerializationFormat.packedSize(of: ring), "a secret key")
            polynomial = try reader.readPolynomial(in: ring, "the secret key")
        default:
            throw .malformedData("unknown secret-key encoding \(encoding)")
        }
        try reader.finish()
        self.init(polynomial: polynomial, parametersFingerprint: context.parameters.fingerprint)
    }
}

extension SerializationFormat {
    static func requireLimbCount(_ count: Int, _ ring: RingContext) throws(CKKSError) {
        guard count == ring.limbCount else {
            throw .malformedData("\(count) limbs in the data, but the key ring has \(ring.limbCount)")
        }
    }
}
