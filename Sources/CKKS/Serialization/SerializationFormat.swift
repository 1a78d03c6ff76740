import HERing

/// The heml binary format, version 2 (version 1, before parameter fingerprints were XXH64, is refused).
///
/// Every file holds one object: a 32-byte header, then a payload of L bytes. Integers are unsigned and
/// little-endian, `f64` is an IEEE-754 bit pattern stored as a u64.
///
/// ## Header
///
/// | offset | size | field                                                                             |
/// |-------:|-----:|-----------------------------------------------------------------------------------|
/// |      0 |    4 | magic `HEML` (48 45 4D 4C)                                                        |
/// |      4 |    2 | format version, 2                                                                 |
/// |      6 |    1 | kind: 0 parameters, 1 public key, 2 evaluation keys, 3 plaintext, 4 ciphertext, 5 secret key, 6 multiparty share |
/// |      7 |    1 | reserved, 0                                                                       |
/// |      8 |    8 | ``CKKSParameters/fingerprint`` of the parameters the object belongs to            |
/// |     16 |    8 | payload length L                                                                  |
/// |     24 |    8 | checksum: XXH64(payload, seed: XXH64(header bytes 0..<24, seed: 0))               |
///
/// The checksum (``XXHash64``) covers every byte but itself. It detects corruption — truncation, bit flips, a
/// wrong file — not tampering: it is not a MAC, and anyone who edits a file can recompute it.
///
/// ## Polynomials
///
/// A polynomial over primes q_0 … q_k (NTT form, as in memory) is stored limb by limb; limb i holds N residues of
/// exactly b_i = ⌈log2 q_i⌉ bits (`Modulus.bitWidth`), packed LSB-first into a little-endian bit stream of
/// ⌈N·b_i/8⌉ bytes (for N ≥ 1024 always a whole number of 64-bit words, no padding). N, the number of limbs and
/// the primes are never read from the file: they come from the context and the object's level. Packing is about
/// 32 % smaller than 64-bit words for 40–50-bit primes and costs about 0.5 ns per residue, far below the checksum
/// and any I/O.
///
/// Uniform polynomials expanded from a 32-byte seed (ChaCha20, `SeededRandomSource`) are stored as that seed:
/// c_1 of a fresh secret-key encryption, `a` of the public key, the a_j of key-switching keys. This halves their
/// size. Writers check that the seed still reproduces the polynomial (its first limb) and store it in full
/// otherwise.
///
/// ## Payloads
///
/// - parameters: logDegree u8, secret u8 (0 ternary, 1 sparse ternary), Hamming weight u32 (0 for ternary),
///   security u8 (0 classical128, 1 unchecked), primes per digit u16, k u16, m u16, scale f64, then k ciphertext
///   primes and m special primes (u64). The header fingerprint must be that of the decoded parameters.
/// - public key: logDegree u8, flags u8 (bit 0: `a` seeded), limb count u16 (L + 1 + special), [seed 32], b, [a].
/// - evaluation keys: logDegree u8, flags u8 (bit 0: a_j seeded, bit 1: relinearization key present), digits d
///   u16, limb count u16, Galois key count g u32, g Galois exponents u64 (odd, 3 … 2N − 1, strictly increasing),
///   then the relinearization key (if present) and the Galois keys in exponent order; a key is d digits of
///   (seed 32, b_j) when seeded, else (b_j, a_j). An empty set has zero logDegree, d and limb count.
/// - plaintext: logDegree u8, level u16, scale f64, the polynomial over q_0 … q_level.
/// - ciphertext: logDegree u8, flags u8 (bit 0: c_1 seeded), level u16, component count u8 (2 or 3; 2 when
///   seeded), scale f64, [seed 32], then c_0, c_1 (unless seeded), c_2 (if present) over q_0 … q_level.
/// - secret key: logDegree u8, encoding u8, limb count u16, then for encoding 0 (ternary secrets, always the case
///   for keys heml generates) N coefficients at 2 bits (0 → 0, 1 → +1, 2 → −1, 3 invalid; coefficient j in bits
///   2(j mod 4) of byte j/4), N/4 bytes; for encoding 1 the NTT-form polynomial over q_0 … q_L and P.
///
/// ## Reading
///
/// Readers check, in this order, and throw ``CKKSError/malformedData(_:)`` unless noted: non-empty; magic;
/// header present (32 bytes); version; payload present in full and nothing after it (from the header's length,
/// compared with the bytes at hand, so a forged length allocates nothing); checksum; reserved byte; kind (a
/// secret-key file is refused by every other reader and vice versa); fingerprint against the context
/// (``CKKSError/parameterMismatch(_:)``); then the payload's fixed fields (ring degree, flags, level within the
/// chain, component/digit/limb counts, positive finite scale), then the exact payload size those fields imply —
/// before anything is allocated — and finally every residue below its prime (and ternary codes, Hamming weight).
/// The parameters reader also refuses a set marked unchecked unless its caller accepts insecure parameters
/// (``CKKSParameters/init(deserializing:accepting:)``), and more than ``CKKSParameters/maximumPrimeCount`` primes.
enum SerializationFormat {
    static let magic: [UInt8] = Array("HEML".utf8)
    static let version: UInt16 = 2
    static let headerSize = 32
    static let seedSize = 32

    /// What a file holds (header byte 6).
    enum Kind: UInt8, Sendable {
        case parameters = 0
        case publicKey = 1
        case evaluationKeys = 2
        case plaintext = 3
        case ciphertext = 4
        case secretKey = 5
        case multipartyShare = 6

        /// For messages: "this file holds a secret key, not a ciphertext".
        var noun: String {
            switch self {
            case .parameters: "CKKS parameters"
            case .publicKey: "a public key"
            case .evaluationKeys: "evaluation keys"
            case .plaintext: "a plaintext"
            case .ciphertext: "a ciphertext"
            case .secretKey: "a secret key"
            case .multipartyShare: "a multiparty share"
            }
        }
    }

    /// Bytes of one limb of N residues packed at `bits` bits each.
    static func packedLimbSize(degree: Int, bits: Int) -> Int { (degree * bits + 7) / 8 }

    /// Bytes of a polynomial over `ring`, packed.
    static func packedSize(of ring: RingContext) -> Int {
        ring.moduli.reduce(0) { $0 + packedLimbSize(degree: ring.degree, bits: $1.bitWidth) }
    }

    /// The 32-byte header of a file of `kind` whose payload has `payloadSize` bytes.
    static func header(kind: Kind, fingerprint: UInt64, payloadSize: Int, checksum: UInt64) -> [UInt8] {
        var header = magic
        header.reserveCapacity(headerSize)
        ByteCodec.append(version, to: &header)
        header.append(kind.rawValue)
        header.append(0)
        ByteCodec.append(fingerprint, to: &header)
        ByteCodec.append(UInt64(payloadSize), to: &header)
        ByteCodec.append(checksum, to: &header)
        return header
    }

    /// Bytes a reader fetches at once from a source other than an array (more when one polynomial needs more).
    static let readAhead = 1 << 20

    /// The header checksum of a complete file from `source`, read in pieces of ``readAhead`` bytes unless it is an
    /// array.
    static func checksum(of source: some SerializedSource) throws(CKKSError) -> UInt64 {
        if let bytes = source as? [UInt8] { return bytes.withUnsafeBytes { checksum(of: $0) } }
        var stream = XXHash64.Stream(seed: XXHash64.hash(try source.bytes(in: 0..<24)))
        var position = headerSize
        while position < source.count {
            let end = min(source.count, position + readAhead)
            stream.update(try source.bytes(in: position..<end))
            position = end
        }
        return stream.finish()
    }

    /// The header checksum of a complete file (header and payload present).
    static func checksum(of file: UnsafeRawBufferPointer) -> UInt64 {
        let headerSeed = XXHash64.hash(UnsafeRawBufferPointer(rebasing: file[0..<24]))
        return XXHash64.hash(UnsafeRawBufferPointer(rebasing: file[headerSize...]), seed: headerSeed)
    }

    /// `a * b + c` for sizes read from a file, or a `.malformedData` error when it overflows.
    static func size(_ a: Int, times b: Int, plus c: Int = 0, _ what: @autoclosure () -> String) throws(CKKSError)
        -> Int
    {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        let (sum, overflow2) = product.addingReportingOverflow(c)
        guard !overflow, !overflow2 else { throw .malformedData("impossible size: \(what())") }
        return sum
    }
}

// MARK: - Writing

/// Builds one file: header placeholder, payload, then ``finish()`` fills in length and checksum.
struct SerializationWriter {
    private(set) var bytes: [UInt8]

    /// - Parameter payloadSize: the exact payload size, so the buffer never reallocates (and never leaves copies
    ///   of secret material behind in freed memory).
    init(kind: SerializationFormat.Kind, fingerprint: UInt64, payloadSize: Int) {
        self.init(piece: SerializationFormat.headerSize + payloadSize)
        bytes += SerializationFormat.header(kind: kind, fingerprint: fingerprint, payloadSize: 0, checksum: 0)
    }

    /// A writer of a part of a payload (no header), of exactly `size` bytes.
    init(piece size: Int) {
        bytes = []
        bytes.reserveCapacity(size)
    }

    mutating func append(_ value: UInt8) { bytes.append(value) }
    mutating func append(_ value: UInt16) { ByteCodec.append(value, to: &bytes) }
    mutating func append(_ value: UInt32) { ByteCodec.append(value, to: &bytes) }
    mutating func append(_ value: UInt64) { ByteCodec.append(value, to: &bytes) }
    mutating func append(_ value: Double) { ByteCodec.append(value.bitPattern, to: &bytes) }
    mutating func append(bytes other: [UInt8]) { bytes += other }

    /// Appends every limb of `polynomial`, residues packed at ⌈log2 q_i⌉ bits.
    mutating func append<F>(_ polynomial: RNSPolynomial<F>) {
        let n = polynomial.degree
        for (i, q) in polynomial.context.moduli.enumerated() {
            let bits = q.bitWidth
            let size = SerializationFormat.packedLimbSize(degree: n, bits: bits)
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: size))
            polynomial.residues.withUnsafeBufferPointer { source in
                bytes.withUnsafeMutableBytes { destination in
                    ResiduePacking.pack(
                        source.baseAddress! + i * n, count: n, bits: bits,
                        into: destination.baseAddress! + start)
                }
            }
        }
    }

    /// The complete file.
    consuming func finish() -> [UInt8] {
        var file = bytes
        let length = UInt64(file.count - SerializationFormat.headerSize)
        file.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: length.littleEndian, toByteOffset: 16, as: UInt64.self)
            let checksum = SerializationFormat.checksum(of: UnsafeRawBufferPointer(raw))
            raw.storeBytes(of: checksum.littleEndian, toByteOffset: 24, as: UInt64.self)
        }
        return file
    }
}

// MARK: - Reading

/// Reads one file: ``init(_:expecting:)`` checks the header, then typed reads walk the payload. Every read is
/// bounds-checked, so no input can make it trap.
struct SerializationReader {
    /// A reader for an object of `context`'s parameters: header checks, then the fingerprint against the context
    /// (`what` names the object in the error), then, when `ringDegree` is true, the ring degree field.
    static func open(
        _ source: some SerializedSource, _ kind: SerializationFormat.Kind, context: CKKSContext, what: String,
        ringDegree: Bool = true
    ) throws(CKKSError) -> SerializationReader {
        var reader = try SerializationReader(source, expecting: kind)
        try context.require(reader.fingerprint, what)
        if ringDegree { try reader.readLogDegree(expected: context.parameters.logDegree) }
        return reader
    }

    /// Where the bytes come from, and how many there are.
    private let source: any SerializedSource
    let count: Int
    /// The bytes at hand: all of them for an array, else the part being parsed (from offset `base`).
    private var window: [UInt8]
    private var base = 0
    /// The parameters fingerprint from the header.
    let fingerprint: UInt64
    private(set) var offset: Int

    /// Checks, in order: magic, version, header and payload present in full (and nothing after them), checksum,
    /// reserved byte, kind. A source other than an array is read twice, piece by piece: once for the checksum,
    /// then as it is parsed.
    init(_ source: some SerializedSource, expecting expected: SerializationFormat.Kind) throws(CKKSError) {
        let headerSize = SerializationFormat.headerSize
        let count = source.count
        guard count > 0 else { throw .malformedData("empty input, not a heml file") }
        let head = try source.bytes(in: 0..<min(count, headerSize))
        let magic = SerializationFormat.magic
        guard head.prefix(magic.count).elementsEqual(magic.prefix(min(magic.count, count))) else {
            throw .malformedData("not a heml file (bad magic bytes)")
        }
        guard count >= headerSize else {
            throw .malformedData("truncated: expected \(headerSize) bytes, found \(count)")
        }
        let version = UInt16(head[4]) | UInt16(head[5]) << 8
        guard version == SerializationFormat.version else {
            throw .malformedData(
                "unsupported format version \(version) (this build reads version \(SerializationFormat.version))")
        }
        let length = ByteCodec.read(UInt64.self, from: head, at: 16)
        let available = UInt64(count - headerSize)
        guard length <= available else {
            let (total, overflow) = length.addingReportingOverflow(UInt64(headerSize))
            throw .malformedData(
                "truncated: expected \(overflow ? "more than 2^64" : "\(total)") bytes, found \(count)")
        }
        guard length == available else {
            throw .malformedData("trailing data: expected \(UInt64(headerSize) + length) bytes, found \(count)")
        }
        guard try SerializationFormat.checksum(of: source) == ByteCodec.read(UInt64.self, from: head, at: 24) else {
            throw .malformedData("checksum mismatch: the data is corrupted or tampered with")
        }
        guard head[7] == 0 else { throw .malformedData("reserved header byte is \(head[7]), not 0") }
        guard let kind = SerializationFormat.Kind(rawValue: head[6]) else {
            throw .malformedData("unknown object kind \(head[6])")
        }
        guard kind == expected else { throw .malformedData("this file holds \(kind.noun), not \(expected.noun)") }
        self.source = source
        self.count = count
        window = source as? [UInt8] ?? head
        fingerprint = ByteCodec.read(UInt64.self, from: head, at: 8)
        offset = headerSize
    }

    /// Payload bytes (L).
    var payloadSize: Int { count - SerializationFormat.headerSize }
    /// Bytes not read yet.
    var remaining: Int { count - offset }

    /// Throws unless `count` more bytes are there.
    func require(_ count: Int) throws(CKKSError) {
        guard count >= 0, count <= remaining else {
            throw .malformedData("truncated: expected \(offset + max(count, 0)) bytes, found \(self.count)")
        }
    }

    /// Throws unless the payload has exactly `expected` bytes (checked right after a payload's fixed fields, so
    /// nothing is allocated from a size the file does not back).
    func requirePayloadSize(_ expected: Int, _ what: @autoclosure () -> String) throws(CKKSError) {
        guard payloadSize == expected else {
            throw .malformedData("payload has \(payloadSize) bytes, but \(what()) needs \(expected)")
        }
    }

    /// Throws unless every byte was read.
    func finish() throws(CKKSError) {
        guard remaining == 0 else { throw .malformedData("\(remaining) unread bytes at the end of the payload") }
    }

    /// Consumes the next `size` bytes and returns their index in `window`, fetching them (and up to
    /// ``SerializationFormat/readAhead`` bytes in all) from the source when the window does not hold them.
    private mutating func take(_ size: Int) throws(CKKSError) -> Int {
        try require(size)
        if offset < base || offset + size > base + window.count {
            window = []
            window = try source.bytes(in: offset..<min(count, offset + max(size, SerializationFormat.readAhead)))
            base = offset
        }
        defer { offset += size }
        return offset - base
    }

    mutating func readUInt8() throws(CKKSError) -> UInt8 { window[try take(1)] }

    mutating func readUInt16() throws(CKKSError) -> UInt16 { try readLittleEndian() }
    mutating func readUInt32() throws(CKKSError) -> UInt32 { try readLittleEndian() }
    mutating func readUInt64() throws(CKKSError) -> UInt64 { try readLittleEndian() }
    mutating func readDouble() throws(CKKSError) -> Double { Double(bitPattern: try readLittleEndian()) }

    private mutating func readLittleEndian<T: FixedWidthInteger>(_: T.Type = T.self) throws(CKKSError) -> T {
        ByteCodec.read(T.self, from: window, at: try take(T.bitWidth / 8))
    }

    mutating func readBytes(_ count: Int) throws(CKKSError) -> [UInt8] {
        let start = try take(count)
        return Array(window[start..<start + count])
    }

    /// A polynomial over `ring` (limb count and N from the ring, never from the file); every residue must be
    /// below its prime and the padding bits zero.
    mutating func readPolynomial<F>(in ring: RingContext, _ what: @autoclosure () -> String) throws(CKKSError)
        -> RNSPolynomial<F>
    {
        let n = ring.degree
        let start = try take(SerializationFormat.packedSize(of: ring))
        var paddingOK = true
        let residues = [UInt64](unsafeUninitializedCapacity: ring.limbCount * n) { buffer, initialized in
            window.withUnsafeBytes { source in
                var position = start
                for (i, q) in ring.moduli.enumerated() {
                    let bits = q.bitWidth
                    let size = SerializationFormat.packedLimbSize(degree: n, bits: bits)
                    let ok = ResiduePacking.unpack(
                        UnsafeRawBufferPointer(rebasing: source[position..<position + size]),
                        count: n, bits: bits, into: buffer.baseAddress! + i * n)
                    paddingOK = paddingOK && ok
                    position += size
                }
            }
            initialized = ring.limbCount * n
        }
        guard paddingOK else { throw .malformedData("\(what()): nonzero padding bits") }
        do {
            return try RNSPolynomial<F>(context: ring, residues: residues)
        } catch {
            if case .invalidArgument(let detail) = error {
                throw .malformedData("residue out of range in \(what()): \(detail)")
            }
            throw .malformedData("\(what()): \(error)")
        }
    }

    /// The ring degree field every polynomial-bearing payload starts with.
    mutating func readLogDegree(expected: Int) throws(CKKSError) {
        let logDegree = Int(try readUInt8())
        guard logDegree == expected else {
            throw .malformedData("ring degree 2^\(logDegree) in the data, 2^\(expected) in the context")
        }
    }
}

// MARK: - Residue packing

/// Packs residues of one limb into a little-endian bit stream, `bits` bits each, LSB first.
enum ResiduePacking {
    /// Writes ⌈count·bits/8⌉ bytes. Every value must be below 2^bits (residues below a prime of that width are).
    static func pack(_ source: UnsafePointer<UInt64>, count: Int, bits: Int, into out: UnsafeMutableRawPointer) {
        var accumulator: UInt64 = 0, filled = 0, position = 0
        for j in 0..<count {
            let value = source[j]
            accumulator |= value &<< UInt64(filled)
            filled += bits
            if filled >= 64 {
                out.storeBytes(of: accumulator.littleEndian, toByteOffset: position, as: UInt64.self)
                position += 8
                filled -= 64
                accumulator = value &>> UInt64(bits - filled)
            }
        }
        while filled > 0 {
            out.storeBytes(of: UInt8(truncatingIfNeeded: accumulator), toByteOffset: position, as: UInt8.self)
            accumulator >>= 8
            position += 1
            filled -= 8
        }
    }

    /// Reads `count` values of `bits` bits from `input` (exactly ⌈count·bits/8⌉ bytes). Returns false when the
    /// padding bits after the last value are not zero. Range checks against the prime are the caller's.
    static func unpack(_ input: UnsafeRawBufferPointer, count: Int, bits: Int, into out: UnsafeMutablePointer<UInt64>)
        -> Bool
    {
        let mask = (UInt64(1) << UInt64(bits)) - 1
        let wholeWords = input.count / 8
        var accumulator: UInt64 = 0, available = 0, word = 0
        for j in 0..<count {
            if available >= bits {
                out[j] = accumulator & mask
                accumulator &>>= UInt64(bits)
                available -= bits
            } else {
                let next: UInt64
                if word < wholeWords {
                    next = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: 8 * word, as: UInt64.self))
                } else {
                    var partial: UInt64 = 0
                    for k in 0..<max(0, min(8, input.count - 8 * word)) {
                        partial |= UInt64(input[8 * word + k]) << (8 * k)
                    }
                    next = partial
                }
                word += 1
                out[j] = (accumulator | next &<< UInt64(available)) & mask
                accumulator = next &>> UInt64(bits - available)
                available = 64 - (bits - available)
            }
        }
        return accumulator == 0
    }
}
