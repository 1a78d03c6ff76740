import HERing

/// Evaluation keys written one key at a time, so that a key set larger than memory can go to a file as it is
/// generated: ``start()`` (a header with a placeholder checksum, then the fixed fields), one ``append(_:)`` per key
/// in file order (the relinearization key if any, the Galois keys by increasing exponent, then the encapsulation
/// keys if any: to the dense secret, then to the sparse one), then ``header()``,
/// the final 32 bytes to write over the first 32. The bytes are those of ``EvaluationKeys/serialized()``.
package struct EvaluationKeysWriter {
    /// Bytes of the whole file.
    package let size: Int
    private let fingerprint: UInt64
    private let kindHeader: [UInt8]
    private let fields: [UInt8]
    private let seeded: Bool
    /// Whether the first key (the relinearization key, when there is one) stores its a_j as seeds.
    private let firstSeeded: Bool
    private var appended = 0
    private var checksum: XXHash64.Stream

    /// - Parameters:
    ///   - ring: the key ring (q_0 … q_L and P), nil for an empty set.
    ///   - digits: digits per key.
    ///   - exponents: the Galois exponents, strictly increasing.
    ///   - encapsulation: the ring of the key to the sparse secret (one digit) when the two encapsulation keys
    ///     follow the Galois keys, else nil.
    ///   - seeded: whether the a_j of the Galois and encapsulation keys are stored as their seeds (each key's seeds
    ///     must reproduce its a_j).
    ///   - relinearizationSeeded: likewise for the relinearization key (a collective one has no seeds); ignored
    ///     unless `seeded`.
    init(
        fingerprint: UInt64, ring: RingContext?, digits: Int, exponents: [UInt64], relinearization: Bool,
        encapsulation: RingContext?, seeded: Bool, relinearizationSeeded: Bool = true
    ) {
        let keyCount = exponents.count + (relinearization ? 1 : 0) + (encapsulation == nil ? 0 : 1)
        let firstSeeded = seeded && (relinearizationSeeded || !relinearization)
        func digitSize(_ ring: RingContext?, seeded: Bool = seeded) -> Int {
            let polynomialSize = ring.map(SerializationFormat.packedSize(of:)) ?? 0
            return seeded ? SerializationFormat.seedSize + polynomialSize : 2 * polynomialSize
        }
        let payload =
            10 + 8 * exponents.count + max(keyCount - 1, 0) * digits * digitSize(ring)
            + (keyCount == 0 ? 0 : digits * digitSize(ring, seeded: firstSeeded))
            + (encapsulation == nil ? 0 : digitSize(encapsulation))
        size = SerializationFormat.headerSize + payload
        var fields = SerializationWriter(piece: 10 + 8 * exponents.count)
        fields.append(UInt8(ring?.logDegree ?? 0))
        let seededFlags: UInt8 = seeded ? (firstSeeded ? 1 : 8) : 0
        fields.append(seededFlags | (relinearization ? 2 : 0) | (encapsulation == nil ? 0 : 4))
        fields.append(UInt16(keyCount == 0 ? 0 : digits))
        fields.append(UInt16(ring?.limbCount ?? 0))
        fields.append(UInt32(exponents.count))
        for exponent in exponents { fields.append(exponent) }
        self.fields = fields.bytes
        self.seeded = seeded
        self.firstSeeded = firstSeeded
        self.fingerprint = fingerprint
        kindHeader = SerializationFormat.header(
            kind: .evaluationKeys, fingerprint: fingerprint, payloadSize: payload, checksum: 0)
        checksum = XXHash64.Stream(seed: XXHash64.hash(Array(kindHeader.prefix(24))))
    }

    /// A writer for keys of `context` (seeded, as ``KeyGenerator`` makes them), with the two encapsulation keys of
    /// bootstrapping when `encapsulation` is true.
    package init(context: CKKSContext, exponents: [UInt64], relinearization: Bool, encapsulation: Bool = false) {
        let empty = exponents.isEmpty && !relinearization && !encapsulation
        self.init(
            fingerprint: context.parameters.fingerprint, ring: empty ? nil : context.keyRing,
            digits: context.keySwitching.digitCount, exponents: exponents, relinearization: relinearization,
            encapsulation: encapsulation ? context.encapsulationSwitching.ringQP(level: 0) : nil, seeded: true)
    }

    /// The header (placeholder checksum) and the fixed fields: the first bytes of the file.
    package mutating func start() -> [UInt8] {
        checksum.update(fields)
        return kindHeader + fields
    }

    /// The next key's bytes: per digit (seed, b_j) when seeded, else (b_j, a_j).
    package mutating func append(_ key: KeySwitchingKey) -> [UInt8] {
        let seeded = appended == 0 ? firstSeeded : seeded
        appended += 1
        let ring = key.b[0].context, polynomialSize = SerializationFormat.packedSize(of: ring)
        var piece = SerializationWriter(
            piece: key.b.count * (seeded ? SerializationFormat.seedSize + polynomialSize : 2 * polynomialSize))
        for j in 0..<key.b.count {
            if seeded {
                piece.append(bytes: key.a[j].seed!)
                piece.append(key.b[j])
            } else {
                piece.append(key.b[j])
                piece.append(key.a[j].polynomial)
            }
        }
        checksum.update(piece.bytes)
        return piece.bytes
    }

    /// The final header, checksum included, once every key is appended.
    package func header() -> [UInt8] {
        SerializationFormat.header(
            kind: .evaluationKeys, fingerprint: fingerprint, payloadSize: size - SerializationFormat.headerSize,
            checksum: checksum.finish())
    }
}
