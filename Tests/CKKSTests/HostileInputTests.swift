import Foundation
import Testing

@testable import CKKS

/// Files whose checksums are valid but whose metadata lies (see `resealed`): every reader must refuse each with
/// its exact error, before allocating anything the file does not back. Crashing inputs found by the fuzzers
/// (Fuzz/, `make fuzz`) are kept here as regressions.
@Suite struct HostileInputTests {
    /// Start of every payload.
    let p = 32

    // MARK: Parameters

    @Test func uncheckedParametersNeedAnExplicitOptIn() throws {
        let insecure = try CKKSParameters(preset: .insecure_n4096_l6_s40)
        #expect(throws: CKKSError.uncheckedParametersRefused(logDegree: 12)) {
            try CKKSParameters(deserializing: insecure.serialized(), accepting: .classical128)
        }
        #expect(try CKKSParameters(deserializing: insecure.serialized(), accepting: .unchecked) == insecure)
        let secure = try CKKSParameters(preset: .n8192_l2_s40)
        #expect(try CKKSParameters(deserializing: secure.serialized(), accepting: .classical128) == secure)
        #expect(try CKKSParameters(deserializing: secure.serialized(), accepting: .unchecked) == secure)
        // The fingerprint leaves the policy out, so a forger can mark an insecure set as checked: the check runs.
        let relabelled = resealed(insecure.serialized()) { $0[p + 6] = 0 }
        let refusal = CKKSError.malformedData(
            "stored parameters are invalid: "
                + "\(CKKSError.insecureParameters(logDegree: 12, logQP: insecure.logQP, maximum: 109))")
        #expect(throws: refusal) { try CKKSParameters(deserializing: relabelled, accepting: .classical128) }
        #expect(throws: refusal) { try CKKSParameters(deserializing: relabelled, accepting: .unchecked) }
        // A sparse secret is never 128-bit checked: marked checked, it is refused under either policy.
        let sparse = resealed(insecure.serialized()) {
            $0[p + 1] = 1
            store(UInt32(64), in: &$0, at: p + 2)
            $0[p + 6] = 0
        }
        let sparseRefusal = CKKSError.malformedData(
            "stored parameters are invalid: "
                + "\(CKKSError.insecureParameters(logDegree: 12, logQP: insecure.logQP, maximum: 0))")
        #expect(throws: sparseRefusal) { try CKKSParameters(deserializing: sparse, accepting: .unchecked) }
    }

    @Test func lyingParameterFieldsAreRefused() throws {
        let file = try CKKSParameters(preset: .insecure_n4096_l6_s40).serialized()
        func read(_ bytes: [UInt8]) throws { _ = try CKKSParameters(deserializing: bytes, accepting: .unchecked) }
        let invalid = "stored parameters are invalid: invalid CKKS parameters: "
        let cases: [(CKKSError, [UInt8])] = [
            (.malformedData(invalid + "ring degree must be 2^10 … 2^17"), resealed(file) { $0[p] = 0 }),
            (.malformedData(invalid + "ring degree must be 2^10 … 2^17"), resealed(file) { $0[p] = 63 }),
            (.malformedData(invalid + "ring degree must be 2^10 … 2^17"), resealed(file) { $0[p] = 255 }),
            (
                .malformedData("scale is not positive and finite"),
                resealed(file) { store(Double.nan.bitPattern, in: &$0, at: p + 13) }
            ),
            (
                .malformedData("scale is not positive and finite"),
                resealed(file) { store(0.0.bitPattern, in: &$0, at: p + 13) }
            ),
            (
                .malformedData("scale is not positive and finite"),
                resealed(file) { store((-0x1p40).bitPattern, in: &$0, at: p + 13) }
            ),
            (
                .malformedData("scale is not positive and finite"),
                resealed(file) { store(Double.infinity.bitPattern, in: &$0, at: p + 13) }
            ),
            (
                .malformedData(invalid + "scale must be 2^20 … 2^60"),
                resealed(file) { store(1e300.bitPattern, in: &$0, at: p + 13) }
            ),
            (
                .malformedData(invalid + "Hamming weight must be 1 … N"),
                resealed(file) {
                    $0[p + 1] = 1
                    store(UInt32(4097), in: &$0, at: p + 2)
                }
            ),
            (
                .malformedData(invalid + "Hamming weight must be 1 … N"),
                resealed(file) {
                    $0[p + 1] = 1
                    store(UInt32.max, in: &$0, at: p + 2)
                }
            ),
            (
                .malformedData(invalid + "primes per digit must be 1 … 7"),
                resealed(file) { store(UInt16.max, in: &$0, at: p + 7) }
            ),
            (
                .malformedData(invalid + "primes per digit must be 1 … 7"),
                resealed(file) { store(UInt16(0), in: &$0, at: p + 7) }
            ),
            (.malformedData("unknown security policy 2"), resealed(file) { $0[p + 6] = 2 }),
        ]
        for (error, bytes) in cases { #expect(throws: error) { try read(bytes) } }
    }

    @Test func tooManyPrimesAreRefusedBeforeAnyIsExamined() throws {
        // A payload that really holds 300 + 1 primes (all zero): the count is refused before the primes are read.
        let template = try CKKSParameters(preset: .insecure_n4096_l6_s40).serialized()
        let bytes = resealed(template) { file in
            file = Array(file[..<(32 + CKKSParameters.fixedPayloadSize)]) + [UInt8](repeating: 0, count: 8 * 301)
            store(UInt16(300), in: &file, at: p + 9)
            store(UInt16(1), in: &file, at: p + 11)
        }
        #expect(throws: CKKSError.malformedData("300 + 1 primes, more than the 256 a parameter set may have")) {
            try CKKSParameters(deserializing: bytes, accepting: .unchecked)
        }
        #expect(throws: CKKSError.invalidParameters("at most 256 primes (levels + 1 + special primes)")) {
            try CKKSParameters(
                logDegree: 12, levels: 10_000, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 50,
                specialModulusCount: 1, security: .unchecked)
        }
    }

    // MARK: Keys and ciphertexts

    @Test func lyingKeyFieldsAreRefused() throws {
        let f = try Fixture.small.get()
        let limbs = f.context.keyRing.limbCount
        let publicKey = f.publicKey.serialized()
        #expect(throws: CKKSError.malformedData("65535 limbs in the data, but the key ring has \(limbs)")) {
            try PublicKey(
                deserializing: resealed(publicKey) { store(UInt16.max, in: &$0, at: p + 2) }, context: f.context)
        }
        #expect(throws: CKKSError.malformedData("ring degree 2^63 in the data, 2^12 in the context")) {
            try PublicKey(deserializing: resealed(publicKey) { $0[p] = 63 }, context: f.context)
        }

        let keys = EvaluationKeys(
            relinearization: f.keys.relinearization, galois: [:],
            parametersFingerprint: f.keys.parametersFingerprint
        ).serialized()
        let digits = f.context.keySwitching.digitCount
        let cases: [(CKKSError, [UInt8])] = [
            (
                .malformedData("keys of 65535 digits, but the parameters use \(digits)"),
                resealed(keys) { store(UInt16.max, in: &$0, at: p + 2) }
            ),
            (
                .malformedData("keys of 0 digits, but the parameters use \(digits)"),
                resealed(keys) { store(UInt16(0), in: &$0, at: p + 2) }
            ),
            (
                .malformedData("0 limbs in the data, but the key ring has \(limbs)"),
                resealed(keys) { store(UInt16(0), in: &$0, at: p + 4) }
            ),
            (
                .malformedData("4294967295 Galois keys, but only 4095 Galois exponents exist"),
                resealed(keys) { store(UInt32.max, in: &$0, at: p + 6) }
            ),
            (.malformedData("ring degree 2^0 in the data, 2^12 in the context"), resealed(keys) { $0[p] = 0 }),
            (.malformedData("unknown evaluation-key flags 0x80"), resealed(keys) { $0[p + 1] = 0x80 }),
        ]
        for (error, bytes) in cases {
            #expect(throws: error) { try EvaluationKeys(deserializing: bytes, context: f.context) }
        }

        let secret = f.secretKey.serializedSecretKey()
        #expect(throws: CKKSError.malformedData("1 limbs in the data, but the key ring has \(limbs)")) {
            try SecretKey(deserializing: resealed(secret) { store(UInt16(1), in: &$0, at: p + 2) }, context: f.context)
        }
        #expect(
            throws: CKKSError.malformedData(
                "payload has \(secret.count - 32) bytes, but a secret key needs \(4 + SerializationFormat.packedSize(of: f.context.keyRing))"
            )
        ) {
            try SecretKey(deserializing: resealed(secret) { $0[p + 1] = 1 }, context: f.context)
        }
        #expect(throws: CKKSError.malformedData("unknown secret-key encoding 9")) {
            try SecretKey(deserializing: resealed(secret) { $0[p + 1] = 9 }, context: f.context)
        }
    }

    @Test func lyingCiphertextAndPlaintextFieldsAreRefused() throws {
        let f = try Fixture.small.get()
        let ciphertext = try f.encrypt([1], level: 1).serialized()
        let plaintext = try f.encoder.encode([1.0], level: 1).serialized()
        let beyond = CKKSError.malformedData("level 65535 is beyond the top level 6 of the chain")
        let scale = CKKSError.malformedData("scale is not positive and finite")
        #expect(throws: beyond) {
            try Ciphertext(
                deserializing: resealed(ciphertext) { store(UInt16.max, in: &$0, at: p + 2) }, context: f.context)
        }
        #expect(throws: beyond) {
            try Plaintext(
                deserializing: resealed(plaintext) { store(UInt16.max, in: &$0, at: p + 1) }, context: f.context)
        }
        for bad in [Double.nan, 0, -1, -.infinity, .infinity] {
            #expect(throws: scale) {
                try Ciphertext(
                    deserializing: resealed(ciphertext) { store(bad.bitPattern, in: &$0, at: p + 5) },
                    context: f.context)
            }
            #expect(throws: scale) {
                try Plaintext(
                    deserializing: resealed(plaintext) { store(bad.bitPattern, in: &$0, at: p + 3) }, context: f.context
                )
            }
        }
        // A level below the stored one: the payload no longer matches what the level implies.
        let ring0 = SerializationFormat.packedSize(of: f.context.ring(level: 0))
        #expect(
            throws: CKKSError.malformedData(
                "payload has \(ciphertext.count - 32) bytes, but a level-0 ciphertext of 2 components needs \(13 + 2 * ring0)"
            )
        ) {
            try Ciphertext(
                deserializing: resealed(ciphertext) { store(UInt16(0), in: &$0, at: p + 2) }, context: f.context)
        }
        #expect(throws: CKKSError.malformedData("ring degree 2^63 in the data, 2^12 in the context")) {
            try Ciphertext(deserializing: resealed(ciphertext) { $0[p] = 63 }, context: f.context)
        }
    }

    // MARK: Fuzzing seeds

    /// The seed corpus of the CKKS fuzz targets (Tests/FuzzCorpus, mode byte then file) still reads: a format
    /// change that leaves the seeds behind would otherwise only make the fuzzers shallower, silently.
    @Test func fuzzSeedsAreCurrent() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FuzzCorpus")
        func seeds(_ target: String) throws -> [[UInt8]] {
            let folder = corpus.appendingPathComponent(target)
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("seed-") }
                .sorted()
                .map { Array(try Data(contentsOf: folder.appendingPathComponent($0)).dropFirst()) }
        }
        let parameters = try seeds("ckks-parameters").map {
            try CKKSParameters(deserializing: $0, accepting: .unchecked)
        }
        #expect(parameters.count == 3)
        let context = try CKKSContext(parameters: parameters[0])
        let readers: [(String, ([UInt8]) throws -> Void)] = [
            ("ckks-public-key", { _ = try PublicKey(deserializing: $0, context: context) }),
            ("ckks-evaluation-keys", { _ = try EvaluationKeys(deserializing: $0, context: context) }),
            ("ckks-plaintext", { _ = try Plaintext(deserializing: $0, context: context) }),
            ("ckks-ciphertext", { _ = try Ciphertext(deserializing: $0, context: context) }),
            ("ckks-secret-key", { _ = try SecretKey(deserializing: $0, context: context) }),
            (
                "multiparty-share",
                {
                    // The fuzz target's session: two parties under a CRS of 32 bytes 0x5A.
                    let crs = try CommonReferenceString(seed: [UInt8](repeating: 0x5A, count: 32))
                    _ = try MultipartyShare(
                        deserializing: $0, combiner: MultipartyCombiner(context: context, crs: crs, partyCount: 2))
                }
            ),
        ]
        for (target, read) in readers {
            let files = try seeds(target)
            #expect(!files.isEmpty, "\(target) has seeds")
            for file in files { #expect(throws: Never.self, "\(target)") { try read(file) } }
        }
    }
}
