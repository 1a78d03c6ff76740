extension CKKSParameters {
    /// The parameters as a heml file (kind `parameters`), carrying their own fingerprint.
    ///
    /// Payload: logDegree (u8), secret distribution (u8: 0 ternary, 1 sparse ternary), Hamming weight (u32, 0 for
    /// ternary), security policy (u8: 0 classical128, 1 unchecked), primes per digit (u16), number of
    /// ciphertext primes k (u16), of special primes m (u16), scale (f64), then the k + m primes (u64 each).
    public func serialized() -> [UInt8] {
        var writer = SerializationWriter(
            kind: .parameters, fingerprint: fingerprint,
            payloadSize: Self.fixedPayloadSize + 8 * (ciphertextModuli.count + specialModuli.count))
        writer.append(UInt8(logDegree))
        switch secret {
        case .ternary:
            writer.append(UInt8(0))
            writer.append(UInt32(0))
        case .sparseTernary(let h):
            writer.append(UInt8(1))
            writer.append(UInt32(h))
        }
        writer.append(UInt8(security == .classical128 ? 0 : 1))
        writer.append(UInt16(primesPerDigit))
        writer.append(UInt16(ciphertextModuli.count))
        writer.append(UInt16(specialModuli.count))
        writer.append(scale)
        for q in ciphertextModuli + specialModuli { writer.append(q) }
        return writer.finish()
    }

    static let fixedPayloadSize = 1 + 1 + 4 + 1 + 2 + 2 + 2 + 8

    /// Reads parameters written by ``serialized()`` and validates them exactly as
    /// ``init(logDegree:ciphertextModuli:specialModuli:scale:secret:primesPerDigit:security:)`` does (including the
    /// 128-bit security check when the stored policy asks for it).
    ///
    /// - Parameters:
    ///   - bytes: what ``serialized()`` wrote.
    ///   - policy: the weakest security the caller accepts. With ``SecurityPolicy/classical128`` (what a tool
    ///     should pass unless its user opted in to insecure parameters) a file whose parameters are marked
    ///     ``SecurityPolicy/unchecked`` is refused before any prime is examined; with ``SecurityPolicy/unchecked``
    ///     such files are read (test rings, experiments). Parameters marked `classical128` are always checked
    ///     against the 128-bit table.
    /// - Throws: ``CKKSError/uncheckedParametersRefused(logDegree:)`` for unchecked parameters under
    ///   `classical128`; ``CKKSError/malformedData(_:)`` for truncated, corrupted or inconsistent data, data of
    ///   another kind, parameters that fail validation (more than ``maximumPrimeCount`` primes, a ring degree
    ///   outside 2^10 … 2^17, a scale outside 2^20 … 2^60, a Hamming weight outside 1 … N, …), or a header
    ///   fingerprint that does not match the stored parameters.
    public init(deserializing bytes: [UInt8], accepting policy: SecurityPolicy) throws(CKKSError) {
        var reader = try SerializationReader(bytes, expecting: .parameters)
        let logDegree = Int(try reader.readUInt8())
        let secretTag = try reader.readUInt8()
        let weight = Int(try reader.readUInt32())
        let securityTag = try reader.readUInt8()
        let alpha = Int(try reader.readUInt16())
        let k = Int(try reader.readUInt16()), m = Int(try reader.readUInt16())
        let scale = try reader.readDouble()
        try reader.requirePayloadSize(Self.fixedPayloadSize + 8 * (k + m), "parameters with \(k) + \(m) primes")
        let secret: SecretDistribution
        switch secretTag {
        case 0:
            guard weight == 0 else { throw .malformedData("a ternary secret has no Hamming weight, found \(weight)") }
            secret = .ternary
        case 1: secret = .sparseTernary(hammingWeight: weight)
        default: throw .malformedData("unknown secret distribution \(secretTag)")
        }
        let security: SecurityPolicy
        switch securityTag {
        case 0: security = .classical128
        case 1: security = .unchecked
        default: throw .malformedData("unknown security policy \(securityTag)")
        }
        if security == .unchecked, policy == .classical128 { throw .uncheckedParametersRefused(logDegree: logDegree) }
        guard k + m <= Self.maximumPrimeCount else {
            throw .malformedData("\(k) + \(m) primes, more than the \(Self.maximumPrimeCount) a parameter set may have")
        }
        guard scale.isFinite, scale > 0 else { throw .malformedData("scale is not positive and finite") }
        var primes: [UInt64] = []
        primes.reserveCapacity(k + m)
        for _ in 0..<k + m { primes.append(try reader.readUInt64()) }
        try reader.finish()
        let parameters: CKKSParameters
        do {
            parameters = try CKKSParameters(
                logDegree: logDegree, ciphertextModuli: Array(primes[..<k]),
                specialModuli: Array(primes[k...]), scale: scale, secret: secret,
                primesPerDigit: alpha, security: security)
        } catch {
            throw .malformedData("stored parameters are invalid: \(error)")
        }
        guard parameters.fingerprint == reader.fingerprint else {
            throw .malformedData("the header fingerprint does not match the stored parameters")
        }
        self = parameters
    }
}
