import HERing

extension MultipartyShare {
    /// Bytes of the fixed payload fields before the contributors.
    static let fixedPayloadSize = 32

    /// The share as a heml file (kind `multipartyShare`, format version 2).
    ///
    /// Payload: logDegree (u8), kind (u8: 0 public key, 1 relinearization round 1, 2 round 2, 3 Galois,
    /// 4 decryption, 5 re-encryption), party count (u16), contributor count c (u16), level (u16, 0 for keys),
    /// Galois exponent (u64, 0 unless Galois), CRS fingerprint (u64), ciphertext digest (u64, 0 for keys), the c
    /// contributors (u16 each, strictly increasing), then the polynomials (NTT form, residues packed at
    /// ⌈log2 q_i⌉ bits) in the number and over the ring the kind states.
    public func serialized() -> [UInt8] {
        let ring = polynomials[0].context
        let (code, level, exponent) = fields
        var writer = SerializationWriter(
            kind: .multipartyShare, fingerprint: parametersFingerprint,
            payloadSize: Self.fixedPayloadSize + 2 * contributors.count + polynomials.count
                * SerializationFormat.packedSize(of: ring))
        writer.append(UInt8(ring.logDegree))
        writer.append(code)
        writer.append(UInt16(partyCount))
        writer.append(UInt16(contributors.count))
        writer.append(UInt16(level))
        writer.append(exponent)
        writer.append(crsFingerprint)
        writer.append(ciphertextDigest)
        for party in contributors { writer.append(UInt16(party)) }
        for polynomial in polynomials { writer.append(polynomial) }
        return writer.finish()
    }

    /// The kind's code, level and Galois exponent as stored.
    private var fields: (UInt8, Int, UInt64) {
        switch kind {
        case .publicKey: (0, 0, 0)
        case .relinearizationRound1: (1, 0, 0)
        case .relinearizationRound2: (2, 0, 0)
        case .galois(let exponent): (3, 0, exponent)
        case .decryption(let level): (4, level, 0)
        case .keySwitch(let level): (5, level, 0)
        }
    }

    /// Reads a share written by ``serialized()`` and checks that it belongs to `combiner`'s session (see
    /// ``MultipartyCombiner/aggregate(_:)``): the header and fixed fields first, then the exact payload size they
    /// imply, before any polynomial is allocated.
    ///
    /// - Throws: ``CKKSError/malformedData(_:)`` for truncated, corrupted or inconsistent data or data of another
    ///   kind; ``CKKSError/parameterMismatch(_:)`` for other parameters; ``CKKSError/shareMismatch(_:)`` for a share
    ///   of another CRS or party count, or contributors out of range or repeated.
    public init(deserializing bytes: [UInt8], combiner: MultipartyCombiner) throws(CKKSError) {
        let context = combiner.context
        var reader = try SerializationReader.open(bytes, .multipartyShare, context: context, what: "the share")
        let code = try reader.readUInt8()
        let partyCount = Int(try reader.readUInt16()), count = Int(try reader.readUInt16())
        let level = Int(try reader.readUInt16()), exponent = try reader.readUInt64()
        let crsFingerprint = try reader.readUInt64(), digest = try reader.readUInt64()
        let kind: Kind
        switch code {
        case 0: kind = .publicKey
        case 1: kind = .relinearizationRound1
        case 2: kind = .relinearizationRound2
        case 3:
            guard exponent & 1 == 1, exponent < UInt64(2 * context.parameters.degree) else {
                throw .malformedData("Galois exponent must be odd and below 2N")
            }
            kind = .galois(exponent: exponent)
        case 4, 5:
            try context.require(level: level)
            kind = code == 4 ? .decryption(level: level) : .keySwitch(level: level)
        default: throw .malformedData("unknown share kind \(code)")
        }
        guard code >= 4 || level == 0, code == 3 || exponent == 0, code >= 4 || digest == 0 else {
            throw .malformedData("a \(kind.noun) has fields of another kind set")
        }
        guard partyCount == combiner.partyCount else {
            throw .shareMismatch(
                "the \(kind.noun) is for a session of \(partyCount) parties, not \(combiner.partyCount)")
        }
        guard crsFingerprint == combiner.crs.fingerprint else {
            throw .shareMismatch("the \(kind.noun) was made under another common reference string")
        }
        guard (1...partyCount).contains(count) else {
            throw .shareMismatch("the \(kind.noun) names \(count) contributors of \(partyCount) parties")
        }
        let (polynomialCount, ring) = Self.shape(of: kind, context: context)
        try reader.requirePayloadSize(
            Self.fixedPayloadSize + 2 * count + polynomialCount * SerializationFormat.packedSize(of: ring),
            "a \(kind.noun) of \(count) contributors")
        var contributors: [Int] = []
        for _ in 0..<count { contributors.append(Int(try reader.readUInt16())) }
        var polynomials: [RNSPolynomial<Evaluation>] = []
        for i in 0..<polynomialCount { polynomials.append(try reader.readPolynomial(in: ring, "polynomial \(i)")) }
        try reader.finish()
        self.init(
            kind: kind, partyCount: partyCount, contributors: contributors, crsFingerprint: crsFingerprint,
            ciphertextDigest: digest, parametersFingerprint: context.parameters.fingerprint, polynomials: polynomials)
        try combiner.check(self)
    }
}
