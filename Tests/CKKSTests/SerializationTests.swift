import Foundation
import HERing
import Testing

@testable import CKKS

/// Recomputes length and checksum after an edit, as a forger (or a bug) would: what is left to catch the edit is
/// the structural and range checks.
func resealed(_ file: [UInt8], _ edit: (inout [UInt8]) -> Void) -> [UInt8] {
    var bytes = file
    edit(&bytes)
    let length = UInt64(bytes.count - 32)
    bytes.withUnsafeMutableBytes { raw in
        raw.storeBytes(of: length.littleEndian, toByteOffset: 16, as: UInt64.self)
        let checksum = SerializationFormat.checksum(of: UnsafeRawBufferPointer(raw))
        raw.storeBytes(of: checksum.littleEndian, toByteOffset: 24, as: UInt64.self)
    }
    return bytes
}

func store(_ value: some FixedWidthInteger, in bytes: inout [UInt8], at offset: Int) {
    for i in 0..<(type(of: value).bitWidth / 8) { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
}

private func load64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
    (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
}

private let checksumMismatch = CKKSError.malformedData("checksum mismatch: the data is corrupted or tampered with")

/// Every reader, by the kind it accepts, with the context of `f`.
private func readers(_ f: Fixture) -> [(SerializationFormat.Kind, ([UInt8]) throws -> Void)] {
    [
        (.parameters, { _ = try CKKSParameters(deserializing: $0, accepting: .unchecked) }),
        (.publicKey, { _ = try PublicKey(deserializing: $0, context: f.context) }),
        (.evaluationKeys, { _ = try EvaluationKeys(deserializing: $0, context: f.context) }),
        (.plaintext, { _ = try Plaintext(deserializing: $0, context: f.context) }),
        (.ciphertext, { _ = try Ciphertext(deserializing: $0, context: f.context) }),
        (.secretKey, { _ = try SecretKey(deserializing: $0, context: f.context) }),
    ]
}

@Suite struct SerializationTests {
    // MARK: Building blocks

    @Test func xxHash64MatchesReferenceVectors() {
        #expect(XXHash64.hash([]) == 0xEF46_DB37_51D8_E999)
        #expect(XXHash64.hash([], seed: 1) == 0xD5AF_BA13_36A3_BE4B)
        #expect(XXHash64.hash(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(XXHash64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        #expect(XXHash64.hash(Array("Nobody inspects the spammish repetition".utf8)) == 0xFBCE_A83C_8A37_8BF1)
    }

    @Test func residuePackingRoundTripsAtEveryWidth() {
        var random = SeededRandomSource(testSeed: 42)
        for bits in [20, 31, 40, 41, 50, 55, 60, 61] {
            for count in [1, 3, 7, 8, 64, 1000, 4096] {
                let words = (try? random.words(count)) ?? []
                let values = words.map { $0 >> UInt64(64 - bits) }
                let size = SerializationFormat.packedLimbSize(degree: count, bits: bits)
                var packed = [UInt8](repeating: 0, count: size)
                values.withUnsafeBufferPointer { source in
                    packed.withUnsafeMutableBytes {
                        ResiduePacking.pack(source.baseAddress!, count: count, bits: bits, into: $0.baseAddress!)
                    }
                }
                var unpacked = [UInt64](repeating: 0, count: count)
                let ok = packed.withUnsafeBytes { input in
                    unpacked.withUnsafeMutableBufferPointer {
                        ResiduePacking.unpack(input, count: count, bits: bits, into: $0.baseAddress!)
                    }
                }
                #expect(ok && unpacked == values, "bits \(bits), count \(count)")
                if (count * bits) % 8 != 0 {
                    packed[size - 1] |= 0x80
                    let padded = packed.withUnsafeBytes { input in
                        unpacked.withUnsafeMutableBufferPointer {
                            ResiduePacking.unpack(input, count: count, bits: bits, into: $0.baseAddress!)
                        }
                    }
                    #expect(!padded, "nonzero padding accepted at bits \(bits), count \(count)")
                }
            }
        }
    }

    // MARK: Round trips

    @Test func parametersRoundTripWithFingerprint() throws {
        let all = [
            try CKKSParameters(preset: .n8192_l2_s40), try CKKSParameters(preset: .insecure_n4096_l6_s40),
            try CKKSParameters(preset: .n16384_l7_s40),
            try CKKSParameters(
                logDegree: 12, levels: 3, scaleBits: 30, firstModulusBits: 40, specialModulusBits: 45,
                specialModulusCount: 2, primesPerDigit: 1, secret: .sparseTernary(hammingWeight: 64),
                security: .unchecked),
        ]
        for parameters in all {
            let bytes = parameters.serialized()
            #expect(Array(bytes[0..<4]) == Array("HEML".utf8))
            #expect(bytes[4] == 2 && bytes[5] == 0 && bytes[6] == 0 && bytes[7] == 0)
            #expect(load64(bytes, at: 8) == parameters.fingerprint)
            #expect(load64(bytes, at: 16) == UInt64(bytes.count - 32))
            let back = try CKKSParameters(deserializing: bytes, accepting: .unchecked)
            #expect(back == parameters)
            #expect(back.fingerprint == parameters.fingerprint)
            #expect(back.serialized() == bytes)
        }
        #expect(
            try CKKSParameters(preset: .n8192_l2_s40).fingerprint
                != CKKSParameters(preset: .insecure_n4096_l6_s40).fingerprint)
    }

    @Test func ciphertextsRoundTripAtEveryLevelAndSize() throws {
        let f = try Fixture.small.get()
        let values = f.values(seed: 1)
        for level in [0, 3, f.context.maxLevel] {
            let ciphertext = try f.encrypt(values, level: level)
            let bytes = ciphertext.serialized()
            let back = try Ciphertext(deserializing: bytes, context: f.context)
            #expect(back == ciphertext)
            #expect(back.level == level)
            #expect(try f.decrypt(back) == f.decrypt(ciphertext))
            #expect(precisionBits(try f.decrypt(back), values) > 26.5)
            #expect(back.serialized() == bytes)
        }
        let x = try f.encrypt(values)
        let size3 = try f.evaluator.multiply(x, x)
        let back = try Ciphertext(deserializing: size3.serialized(), context: f.context)
        #expect(back.size == 3 && back == size3)
        #expect(try f.decrypt(f.evaluator.rescale(back)) == f.decrypt(f.evaluator.rescale(size3)))
    }

    @Test func seededSecretKeyCiphertextsAreAboutHalfSize() throws {
        for f in [try Fixture.small.get(), try Fixture.medium.get()] {
            let values = f.values(seed: 2)
            let encryptor = try Encryptor(context: f.context, secretKey: f.secretKey)
            for level in [0, f.context.maxLevel] {
                let seeded = try encryptor.encrypt(f.encoder.encode(values, level: level))
                let publicKeyEncrypted = try f.encrypt(values, level: level)
                let small = seeded.serialized(), full = publicKeyEncrypted.serialized()
                #expect(small[33] == 1, "seed flag")
                #expect(small.count == 32 + 13 + 32 + SerializationFormat.packedSize(of: f.context.ring(level: level)))
                #expect(Double(small.count) / Double(full.count) < 0.51)
                let back = try Ciphertext(deserializing: small, context: f.context)
                #expect(back == seeded)
                #expect(try f.decrypt(back) == f.decrypt(seeded))
                #expect(precisionBits(try f.decrypt(back), values) > 29)
                #expect(back.serialized() == small)
            }
            // Evaluation drops the seed: the result is stored in full.
            let seeded = try encryptor.encrypt(f.encoder.encode(values))
            let shifted = try f.evaluator.add(seeded, constant: 0.5)
            #expect(try shifted.serialized().count == f.encrypt(values).serialized().count)
            // A stale seed (c_1 changed without clearing it) is detected and not written.
            var stale = seeded
            stale.components[1].negate()
            let bytes = stale.serialized()
            #expect(bytes[33] == 0)
            #expect(try Ciphertext(deserializing: bytes, context: f.context) == stale)
        }
    }

    @Test func plaintextsRoundTrip() throws {
        let f = try Fixture.small.get()
        let values = f.values(seed: 3)
        for level in [0, f.context.maxLevel] {
            let plaintext = try f.encoder.encode(values, level: level)
            let back = try Plaintext(deserializing: plaintext.serialized(), context: f.context)
            #expect(back == plaintext)
            #expect(try f.encoder.decode(back) == f.encoder.decode(plaintext))
        }
    }

    @Test func publicKeyRoundTripsSeededAndEncrypts() throws {
        let f = try Fixture.small.get()
        let bytes = f.publicKey.serialized()
        #expect(bytes[33] == 1, "seed flag")
        var unseeded = f.publicKey
        unseeded.seed = nil
        let full = unseeded.serialized()
        #expect(full[33] == 0)
        #expect(Double(bytes.count) / Double(full.count) < 0.51)
        for data in [bytes, full] {
            let back = try PublicKey(deserializing: data, context: f.context)
            #expect(back == f.publicKey)
            let values = f.values(seed: 4)
            let ciphertext = try Encryptor(context: f.context, publicKey: back).encrypt(f.encoder.encode(values))
            #expect(precisionBits(try f.decrypt(ciphertext), values) > 26.5)
        }
    }

    @Test func evaluationKeysRoundTripAndWork() throws {
        let f = try Fixture.small.get()
        // Relinearization, two rotation keys and conjugation: the code paths of all the fixture's keys, at a
        // fraction of the debug-build time.
        let logN = f.context.parameters.logDegree
        let exponents =
            try [3, -1].map { try GaloisElement.rotation(by: $0, logDegree: logN).exponent }
            + [GaloisElement.conjugation(logDegree: logN).exponent]
        let keys = EvaluationKeys(
            relinearization: f.keys.relinearization,
            galois: f.keys.galois.filter { exponents.contains($0.key) },
            parametersFingerprint: f.keys.parametersFingerprint)
        #expect(keys.galois.count == 3)
        let bytes = keys.serialized()
        let back = try EvaluationKeys(deserializing: bytes, context: f.context)
        #expect(back == keys)
        #expect(back.galoisExponents == keys.galoisExponents)
        let evaluator = try Evaluator(context: f.context, evaluationKeys: back)
        let a = f.values(seed: 5), b = f.values(seed: 6)
        let x = try f.encrypt(a), y = try f.encrypt(b)
        let n = f.context.slotCount
        #expect(precisionBits(try f.decrypt(evaluator.rotate(x, by: 3)), (0..<n).map { a[($0 + 3) % n] }) > 26.5)
        #expect(try evaluator.rotate(x, by: -1) == f.evaluator.rotate(x, by: -1))
        #expect(precisionBits(try f.decrypt(evaluator.multiplyRelinearizeRescale(x, y)), zip(a, b).map(*)) > 26)
        #expect(
            try evaluator.relinearize(evaluator.multiply(x, y)) == f.evaluator.relinearize(f.evaluator.multiply(x, y)))

        // Without seeds every a_j is stored: about twice the size, same keys.
        func unseeded(_ key: KeySwitchingKey) -> KeySwitchingKey {
            KeySwitchingKey(b: key.b, a: key.a.map { UniformKeyHalf($0.polynomial) })
        }
        let plain = EvaluationKeys(
            relinearization: keys.relinearization.map(unseeded),
            galois: keys.galois.mapValues(unseeded), parametersFingerprint: keys.parametersFingerprint)
        let full = plain.serialized()
        #expect(Double(bytes.count) / Double(full.count) < 0.51)
        let fullBack = try EvaluationKeys(deserializing: full, context: f.context)
        #expect(fullBack.relinearization?.a == keys.relinearization?.a)
        #expect(fullBack.galois.mapValues(\.b) == keys.galois.mapValues(\.b))

        // A relinearization key without seeds (a collective one) is stored in full, the Galois keys still seeded:
        // each key's share of the bytes as if stored alone.
        let mixed = EvaluationKeys(
            relinearization: plain.relinearization, galois: keys.galois,
            parametersFingerprint: keys.parametersFingerprint)
        let mixedBytes = mixed.serialized()
        let relinearizationOnly = { (key: KeySwitchingKey?) in
            EvaluationKeys(relinearization: key, galois: [:], parametersFingerprint: keys.parametersFingerprint)
                .serialized().count
        }
        #expect(
            mixedBytes.count == bytes.count + relinearizationOnly(plain.relinearization)
                - relinearizationOnly(keys.relinearization))
        #expect(mixedBytes[32 + 1] == 8 | 2)
        let mixedBack = try EvaluationKeys(deserializing: mixedBytes, context: f.context)
        #expect(mixedBack.relinearization?.a == keys.relinearization?.a)
        #expect(mixedBack.galois == keys.galois)
        let bothFlags = resealed(mixedBytes) { $0[32 + 1] |= 1 }
        #expect(throws: CKKSError.malformedData("unknown evaluation-key flags 0xb")) {
            try EvaluationKeys(deserializing: bothFlags, context: f.context)
        }

        // Subsets, including none at all.
        for subset in [
            EvaluationKeys(relinearization: nil, galois: [:], parametersFingerprint: keys.parametersFingerprint),
            EvaluationKeys(
                relinearization: keys.relinearization, galois: [:], parametersFingerprint: keys.parametersFingerprint),
            EvaluationKeys(
                relinearization: nil, galois: keys.galois.filter { $0.key == exponents[0] },
                parametersFingerprint: keys.parametersFingerprint),
        ] {
            #expect(try EvaluationKeys(deserializing: subset.serialized(), context: f.context) == subset)
        }
    }

    @Test func secretKeyRoundTripsInItsOwnCompactKind() throws {
        for f in [try Fixture.small.get(), try Fixture.medium.get()] {
            let bytes = f.secretKey.serializedSecretKey()
            #expect(bytes[6] == 5)
            #expect(bytes.count == 32 + 4 + f.context.parameters.degree / 4)
            let back = try SecretKey(deserializing: bytes, context: f.context)
            #expect(back.polynomial == f.secretKey.polynomial)
            let values = f.values(seed: 7)
            let decryptor = try Decryptor(context: f.context, secretKey: back)
            #expect(precisionBits(try f.encoder.decode(decryptor.decrypt(f.encrypt(values))), values) > 25.5)
        }
        // A sparse secret is checked against its Hamming weight.
        let parameters = try CKKSParameters(
            logDegree: 12, levels: 1, scaleBits: 30, firstModulusBits: 40, specialModulusBits: 45,
            specialModulusCount: 1, secret: .sparseTernary(hammingWeight: 64), security: .unchecked)
        let context = try CKKSContext(parameters: parameters)
        let sparse = try KeyGenerator(context: context).secretKey().serializedSecretKey()
        #expect(try SecretKey(deserializing: sparse, context: context).polynomial.residues.isEmpty == false)
        let heavier = resealed(sparse) { bytes in
            let index = bytes[36...].firstIndex(of: 0)!  // four zero coefficients
            bytes[index] = 1  // one more nonzero
        }
        #expect(throws: CKKSError.malformedData("the secret key's Hamming weight does not match the parameters")) {
            try SecretKey(deserializing: heavier, context: context)
        }
        let badCode = resealed(sparse) { $0[36] |= 3 }
        #expect(throws: CKKSError.malformedData("invalid ternary code in the secret key")) {
            try SecretKey(deserializing: badCode, context: context)
        }
    }

    @Test func secretKeyOutsideTheTernaryCodeKeepsItsResidues() throws {
        let f = try Fixture.small.get()
        let ring = f.context.keyRing
        // A coefficient of 2 on one limb only (and a consistent 2 everywhere) cannot take the 2-bit code.
        for coefficients in [
            [Int64](repeating: 0, count: ring.degree), [2] + [Int64](repeating: -1, count: ring.degree - 1),
        ] {
            var residues = RNSPolynomial<Coefficient>(context: ring, signedCoefficients: coefficients).residues
            if coefficients[0] == 0 { residues[ring.degree] = 1 }  // limb 1 says 1, limb 0 says 0
            let polynomial = try RNSPolynomial<Coefficient>(context: ring, residues: residues).forwardNTT()
            let secret = SecretKey(polynomial: polynomial, parametersFingerprint: f.context.parameters.fingerprint)
            let bytes = secret.serializedSecretKey()
            #expect(bytes[33] == 1)
            #expect(try SecretKey(deserializing: bytes, context: f.context).polynomial == secret.polynomial)
        }
    }

    @Test func sizesAtN8192L2() throws {
        let f = try Fixture.medium.get()
        let ring = f.context.ring(level: f.context.maxLevel)
        let polynomial = SerializationFormat.packedSize(of: ring)
        #expect(
            polynomial
                == f.context.parameters.ciphertextModuli.reduce(0) { $0 + 8192 * (64 - $1.leadingZeroBitCount) / 8 })
        let seeded = try Encryptor(context: f.context, secretKey: f.secretKey).encrypt(f.encoder.encode([1.0]))
            .serialized()
        #expect(seeded.count == 32 + 13 + 32 + polynomial)
        #expect(try f.encrypt([1]).serialized().count == 32 + 13 + 2 * polynomial)
        let keyPolynomial = SerializationFormat.packedSize(of: f.context.keyRing)
        let digits = f.context.keySwitching.digitCount
        let relinearization = EvaluationKeys(
            relinearization: f.keys.relinearization, galois: [:],
            parametersFingerprint: f.keys.parametersFingerprint
        ).serialized()
        #expect(relinearization.count == 32 + 10 + digits * (32 + keyPolynomial))
    }

    // MARK: Refusals

    @Test func everyReaderRefusesEveryOtherKind() throws {
        let f = try Fixture.small.get()
        let files: [SerializationFormat.Kind: [UInt8]] = [
            .parameters: f.context.parameters.serialized(),
            .publicKey: f.publicKey.serialized(),
            .evaluationKeys: EvaluationKeys(
                relinearization: f.keys.relinearization, galois: [:],
                parametersFingerprint: f.keys.parametersFingerprint
            ).serialized(),
            .plaintext: try f.encoder.encode([1.0]).serialized(),
            .ciphertext: try f.encrypt([1]).serialized(),
            .secretKey: f.secretKey.serializedSecretKey(),
        ]
        for (kind, read) in readers(f) {
            for (other, bytes) in files {
                if other == kind {
                    #expect(throws: Never.self) { try read(bytes) }
                } else {
                    #expect(throws: CKKSError.malformedData("this file holds \(other.noun), not \(kind.noun)")) {
                        try read(bytes)
                    }
                }
            }
        }
        #expect(throws: CKKSError.malformedData("this file holds a secret key, not a ciphertext")) {
            try Ciphertext(deserializing: files[.secretKey]!, context: f.context)
        }
        #expect(throws: CKKSError.malformedData("this file holds a ciphertext, not a secret key")) {
            try SecretKey(deserializing: files[.ciphertext]!, context: f.context)
        }
    }

    @Test func emptyAndForeignInputsAreRefused() throws {
        let f = try Fixture.small.get()
        for (_, read) in readers(f) {
            #expect(throws: CKKSError.malformedData("empty input, not a heml file")) { try read([]) }
            #expect(throws: CKKSError.malformedData("not a heml file (bad magic bytes)")) {
                try read(Array("%PDF-1.7 ...".utf8))
            }
            #expect(throws: CKKSError.malformedData("not a heml file (bad magic bytes)")) {
                try read([0x48, 0x45, 0x4D, 0x4C ^ 0x20])
            }
            #expect(throws: CKKSError.malformedData("truncated: expected 32 bytes, found 2")) {
                try read([0x48, 0x45])
            }
        }
    }

    @Test func objectsOfOtherParametersAreRefused() throws {
        let f = try Fixture.small.get(), g = try Fixture.medium.get()
        let cases: [(String, () throws -> Void)] = [
            ("ciphertext", { _ = try Ciphertext(deserializing: g.encrypt([1]).serialized(), context: f.context) }),
            (
                "plaintext",
                { _ = try Plaintext(deserializing: g.encoder.encode([1.0]).serialized(), context: f.context) }
            ),
            ("public key", { _ = try PublicKey(deserializing: g.publicKey.serialized(), context: f.context) }),
            ("evaluation keys", { _ = try EvaluationKeys(deserializing: g.keys.serialized(), context: f.context) }),
            ("secret key", { _ = try SecretKey(deserializing: g.secretKey.serializedSecretKey(), context: f.context) }),
        ]
        for (name, body) in cases {
            #expect(
                throws: CKKSError.parameterMismatch("the \(name) was made under other parameters than this context"),
                "\(name)"
            ) {
                try body()
            }
        }
    }

    @Test func everyTruncationIsReported() throws {
        let f = try Fixture.small.get()
        let secret = f.secretKey.serializedSecretKey()
        let parameters = f.context.parameters.serialized()
        let ciphertext = try f.encrypt([1], level: 0).serialized()
        let plaintext = try f.encoder.encode([1.0], level: 0).serialized()
        func check(_ file: [UInt8], _ lengths: some Sequence<Int>, _ read: ([UInt8]) throws -> Void) {
            for length in lengths {
                let expected: CKKSError =
                    switch length {
                    case 0: .malformedData("empty input, not a heml file")
                    case 1..<32: .malformedData("truncated: expected 32 bytes, found \(length)")
                    default: .malformedData("truncated: expected \(file.count) bytes, found \(length)")
                    }
                #expect(throws: expected, "prefix of \(length) bytes") { try read(Array(file.prefix(length))) }
            }
        }
        check(secret, 0..<secret.count) { _ = try SecretKey(deserializing: $0, context: f.context) }
        check(parameters, 0..<parameters.count) { _ = try CKKSParameters(deserializing: $0, accepting: .unchecked) }
        let sampled = Array(0..<80) + Array(stride(from: 80, to: ciphertext.count, by: 61)) + [ciphertext.count - 1]
        check(ciphertext, sampled) { _ = try Ciphertext(deserializing: $0, context: f.context) }
        check(plaintext, Array(stride(from: 0, to: plaintext.count, by: 97)) + [plaintext.count - 1]) {
            _ = try Plaintext(deserializing: $0, context: f.context)
        }
        #expect(
            throws: CKKSError.malformedData(
                "trailing data: expected \(ciphertext.count) bytes, found \(ciphertext.count + 1)")
        ) {
            try Ciphertext(deserializing: ciphertext + [0], context: f.context)
        }
    }

    @Test func singleByteFlipsAreCaught() throws {
        let f = try Fixture.small.get()
        let files: [(String, [UInt8], ([UInt8]) throws -> Void)] = [
            (
                "ciphertext", try f.encrypt([1], level: 1).serialized(),
                { _ = try Ciphertext(deserializing: $0, context: f.context) }
            ),
            (
                "seeded ciphertext",
                try Encryptor(context: f.context, secretKey: f.secretKey).encrypt(f.encoder.encode([1.0], level: 1))
                    .serialized(),
                { _ = try Ciphertext(deserializing: $0, context: f.context) }
            ),
            (
                "parameters", f.context.parameters.serialized(),
                { _ = try CKKSParameters(deserializing: $0, accepting: .unchecked) }
            ),
            (
                "secret key", f.secretKey.serializedSecretKey(),
                { _ = try SecretKey(deserializing: $0, context: f.context) }
            ),
        ]
        for (name, file, read) in files {
            for position in 0..<32 {
                for mask: UInt8 in [0x01, 0x80] {
                    var bytes = file
                    bytes[position] ^= mask
                    let expected: CKKSError
                    switch position {
                    case 0..<4: expected = .malformedData("not a heml file (bad magic bytes)")
                    case 4..<6:
                        let version = UInt16(bytes[4]) | UInt16(bytes[5]) << 8
                        expected = .malformedData("unsupported format version \(version) (this build reads version 2)")
                    case 16..<24:
                        let length = load64(bytes, at: 16)
                        expected =
                            length > UInt64(file.count - 32)
                            ? .malformedData("truncated: expected \(length + 32) bytes, found \(file.count)")
                            : .malformedData("trailing data: expected \(length + 32) bytes, found \(file.count)")
                    default: expected = checksumMismatch
                    }
                    #expect(throws: expected, "\(name): header byte \(position) ^ \(mask)") { try read(bytes) }
                }
            }
            var generator = SystemRandomNumberGenerator()
            let positions =
                [32, 33, file.count - 1] + (0..<60).map { _ in Int.random(in: 32..<file.count, using: &generator) }
            for position in positions {
                var bytes = file
                bytes[position] ^= UInt8.random(in: 1...255, using: &generator)
                #expect(throws: checksumMismatch, "\(name): payload byte \(position)") { try read(bytes) }
            }
        }
    }

    @Test func forgedLengthFieldsAllocateNothing() throws {
        let f = try Fixture.small.get()
        let file = try f.encrypt([1]).serialized()
        for length: UInt64 in [UInt64.max, UInt64.max - 31, 1 << 62, 1 << 40, UInt64(file.count)] {
            var bytes = file
            store(length, in: &bytes, at: 16)
            let (total, overflow) = length.addingReportingOverflow(32)
            #expect(
                throws: CKKSError.malformedData(
                    "truncated: expected \(overflow ? "more than 2^64" : "\(total)") bytes, found \(file.count)")
            ) {
                try Ciphertext(deserializing: bytes, context: f.context)
            }
        }
        // Forged counts inside a payload with a valid checksum: the payload size check refuses them first.
        let keys = EvaluationKeys(
            relinearization: f.keys.relinearization, galois: [:], parametersFingerprint: f.keys.parametersFingerprint
        ).serialized()
        let huge = resealed(keys) { store(UInt32.max, in: &$0, at: 32 + 6) }
        #expect(throws: CKKSError.malformedData("4294967295 Galois keys, but only 4095 Galois exponents exist")) {
            try EvaluationKeys(deserializing: huge, context: f.context)
        }
        let many = resealed(keys) { store(UInt32(4095), in: &$0, at: 32 + 6) }
        let digits = f.context.keySwitching.digitCount
        let keySize = digits * (32 + SerializationFormat.packedSize(of: f.context.keyRing))
        #expect(
            throws: CKKSError.malformedData(
                "payload has \(keys.count - 32) bytes, but 4096 keys of \(digits) digits with seeded a_j needs \(10 + 8 * 4095 + 4096 * keySize)"
            )
        ) {
            try EvaluationKeys(deserializing: many, context: f.context)
        }
        let parameters = resealed(f.context.parameters.serialized()) { store(UInt16.max, in: &$0, at: 32 + 9) }
        #expect(
            throws: CKKSError.malformedData(
                "payload has \(parameters.count - 32) bytes, but parameters with 65535 + 2 primes needs \(21 + 8 * (65535 + 2))"
            )
        ) {
            try CKKSParameters(deserializing: parameters, accepting: .unchecked)
        }
    }

    @Test func residuesOutOfRangeAreCaughtBehindValidChecksums() throws {
        let f = try Fixture.small.get()
        let plaintext = try f.encoder.encode([1.0], level: 2).serialized()
        let ciphertext = try f.encrypt([1], level: 2).serialized()
        let bits = f.context.parameters.ciphertextModuli[0].bitWidth
        // First residue of limb 0 set to 2^bits − 1 ≥ q_0.
        func forge(_ file: [UInt8], at start: Int) -> [UInt8] {
            resealed(file) { bytes in for k in 0..<bits { bytes[start + k / 8] |= 1 << (k % 8) } }
        }
        #expect(
            throws: CKKSError.malformedData(
                "residue out of range in the plaintext: a residue of limb 0 is not below its prime")
        ) {
            try Plaintext(deserializing: forge(plaintext, at: 32 + 11), context: f.context)
        }
        #expect(
            throws: CKKSError.malformedData(
                "residue out of range in c_0 of the ciphertext: a residue of limb 0 is not below its prime")
        ) {
            try Ciphertext(deserializing: forge(ciphertext, at: 32 + 13), context: f.context)
        }
        let c1 = 32 + 13 + SerializationFormat.packedSize(of: f.context.ring(level: 2))
        #expect(
            throws: CKKSError.malformedData(
                "residue out of range in c_1 of the ciphertext: a residue of limb 0 is not below its prime")
        ) {
            try Ciphertext(deserializing: forge(ciphertext, at: c1), context: f.context)
        }
        let publicKey = f.publicKey.serialized()
        #expect(
            throws: CKKSError.malformedData(
                "residue out of range in b of the public key: a residue of limb 0 is not below its prime")
        ) {
            try PublicKey(deserializing: forge(publicKey, at: 32 + 4 + 32), context: f.context)
        }
        let keys = EvaluationKeys(
            relinearization: f.keys.relinearization, galois: [:], parametersFingerprint: f.keys.parametersFingerprint
        ).serialized()
        #expect(
            throws: CKKSError.malformedData(
                "residue out of range in b_0 of the relinearization key: a residue of limb 0 is not below its prime")
        ) {
            try EvaluationKeys(deserializing: forge(keys, at: 32 + 10 + 32), context: f.context)
        }
    }

    @Test func impossibleFieldsAreCaughtBehindValidChecksums() throws {
        let f = try Fixture.small.get()
        let ciphertext = try f.encrypt([1], level: 2).serialized()
        let seeded = try Encryptor(context: f.context, secretKey: f.secretKey).encrypt(
            f.encoder.encode([1.0], level: 2)
        ).serialized()
        func read(_ bytes: [UInt8]) throws { _ = try Ciphertext(deserializing: bytes, context: f.context) }
        let p = 32  // payload start
        let cases: [(CKKSError, [UInt8])] = [
            (
                .malformedData("level 200 is beyond the top level 6 of the chain"),
                resealed(ciphertext) { store(UInt16(200), in: &$0, at: p + 2) }
            ),
            (.malformedData("a ciphertext has 2 or 3 components, not 7"), resealed(ciphertext) { $0[p + 4] = 7 }),
            (.malformedData("a ciphertext has 2 or 3 components, not 0"), resealed(ciphertext) { $0[p + 4] = 0 }),
            (
                .malformedData("scale is not positive and finite"),
                resealed(ciphertext) { store(Double.nan.bitPattern, in: &$0, at: p + 5) }
            ),
            (
                .malformedData("scale is not positive and finite"),
                resealed(ciphertext) { store(Double.infinity.bitPattern, in: &$0, at: p + 5) }
            ),
            (
                .malformedData("scale is not positive and finite"),
                resealed(ciphertext) { store((-1.0).bitPattern, in: &$0, at: p + 5) }
            ),
            (
                .malformedData("scale is not positive and finite"),
                resealed(ciphertext) { store(0.0.bitPattern, in: &$0, at: p + 5) }
            ),
            (.malformedData("unknown ciphertext flags 0x4"), resealed(ciphertext) { $0[p + 1] = 4 }),
            (
                .malformedData("only a 2-component ciphertext can store c_1 as a seed"),
                resealed(seeded) { $0[p + 4] = 3 }
            ),
            (.malformedData("ring degree 2^13 in the data, 2^12 in the context"), resealed(ciphertext) { $0[p] = 13 }),
            (
                .malformedData(
                    "payload has \(ciphertext.count - 32) bytes, but a level-1 ciphertext of 2 components needs \(13 + 2 * SerializationFormat.packedSize(of: f.context.ring(level: 1)))"
                ),
                resealed(ciphertext) { store(UInt16(1), in: &$0, at: p + 2) }
            ),
            (
                .malformedData(
                    "payload has \(ciphertext.count - 32 - 1) bytes, but a level-2 ciphertext of 2 components needs \(ciphertext.count - 32)"
                ),
                resealed(ciphertext) { $0.removeLast() }
            ),
            (.malformedData("reserved header byte is 1, not 0"), resealed(ciphertext) { $0[7] = 1 }),
            (.malformedData("unknown object kind 9"), resealed(ciphertext) { $0[6] = 9 }),
            (
                .parameterMismatch("the ciphertext was made under other parameters than this context"),
                resealed(ciphertext) { $0[8] ^= 1 }
            ),
        ]
        for (expected, bytes) in cases {
            #expect(throws: expected) { try read(bytes) }
        }
        var future = ciphertext
        future[4] = 3
        #expect(throws: CKKSError.malformedData("unsupported format version 3 (this build reads version 2)")) {
            try read(future)
        }

        let keys = f.keys.serialized()
        func readKeys(_ bytes: [UInt8]) throws { _ = try EvaluationKeys(deserializing: bytes, context: f.context) }
        let exponents = p + 10
        #expect(
            throws: CKKSError.malformedData(
                "keys of 9 digits, but the parameters use \(f.context.keySwitching.digitCount)")
        ) {
            try readKeys(resealed(keys) { store(UInt16(9), in: &$0, at: p + 2) })
        }
        #expect(
            throws: CKKSError.malformedData("3 limbs in the data, but the key ring has \(f.context.keyRing.limbCount)")
        ) {
            try readKeys(resealed(keys) { store(UInt16(3), in: &$0, at: p + 4) })
        }
        #expect(throws: CKKSError.malformedData("Galois exponent 4 is not odd in 3 … 2N − 1")) {
            try readKeys(resealed(keys) { store(UInt64(4), in: &$0, at: exponents) })
        }
        #expect(throws: CKKSError.malformedData("Galois exponent 8193 is not odd in 3 … 2N − 1")) {
            try readKeys(resealed(keys) { store(UInt64(8193), in: &$0, at: exponents) })
        }
        #expect(throws: CKKSError.malformedData("Galois exponents must be strictly increasing")) {
            try readKeys(resealed(keys) { store(load64($0, at: exponents), in: &$0, at: exponents + 8) })
        }

        let parameters = f.context.parameters.serialized()
        #expect(throws: CKKSError.malformedData("the header fingerprint does not match the stored parameters")) {
            try CKKSParameters(deserializing: resealed(parameters) { $0[8] ^= 1 }, accepting: .unchecked)
        }
        #expect(
            throws: CKKSError.malformedData(
                "stored parameters are invalid: invalid CKKS parameters: \(f.context.parameters.ciphertextModuli[0] + 2) is not a prime below 2^61 congruent to 1 mod 2N"
            )
        ) {
            try CKKSParameters(
                deserializing: resealed(parameters) {
                    store(f.context.parameters.ciphertextModuli[0] + 2, in: &$0, at: p + 21)
                }, accepting: .unchecked)
        }
        #expect(throws: CKKSError.malformedData("unknown secret distribution 7")) {
            try CKKSParameters(deserializing: resealed(parameters) { $0[p + 1] = 7 }, accepting: .unchecked)
        }
    }

    /// Random edits of the structural fields (and random payload lengths) behind valid checksums: every reader
    /// must answer with a value or a ``CKKSError``, never trap. Deterministic, so a failure reproduces.
    @Test func resealedRandomEditsNeverTrap() throws {
        let f = try Fixture.small.get()
        let keys = EvaluationKeys(
            relinearization: nil, galois: f.keys.galois.filter { $0.key < 20 },
            parametersFingerprint: f.keys.parametersFingerprint)
        let files: [(SerializationFormat.Kind, [UInt8])] = [
            (.parameters, f.context.parameters.serialized()),
            (.publicKey, f.publicKey.serialized()),
            (.evaluationKeys, keys.serialized()),
            (.plaintext, try f.encoder.encode([1.0], level: 0).serialized()),
            (.ciphertext, try f.encrypt([1], level: 0).serialized()),
            (
                .ciphertext,
                try Encryptor(context: f.context, secretKey: f.secretKey).encrypt(f.encoder.encode([1.0], level: 0))
                    .serialized()
            ),
            (.secretKey, f.secretKey.serializedSecretKey()),
        ]
        let read = Dictionary(uniqueKeysWithValues: readers(f).map { ($0.0.rawValue, $0.1) })
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var outcomes = [String: Int]()
        for (kind, file) in files {
            for _ in 0..<150 {
                let bytes = resealed(file) { bytes in
                    for _ in 0...next(3) {
                        let position = 32 + next(min(80, bytes.count - 32))
                        bytes[position] = [0, 1, 2, 3, 0x7F, 0x80, 0xFF, UInt8(next(256))][next(8)]
                    }
                    if next(4) == 0 {
                        let newCount = 32 + next(bytes.count - 31)
                        bytes = Array(bytes.prefix(newCount))
                    }
                }
                do {
                    try read[kind.rawValue]!(bytes)
                    outcomes["accepted", default: 0] += 1
                } catch let error as CKKSError {
                    outcomes["refused", default: 0] += 1
                    if case .ring = error { Issue.record("a ring error escaped: \(error)") }
                }
            }
        }
        #expect(outcomes["refused", default: 0] > 500)
    }
}
