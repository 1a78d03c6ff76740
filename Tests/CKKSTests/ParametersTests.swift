import CKKS
import Foundation
import Testing

@Suite struct ParametersTests {
    @Test(arguments: CKKSPreset.allCases)
    func presetNamesSayWhatTheyAre(preset: CKKSPreset) throws {
        let parameters = try CKKSParameters(preset: preset)
        let name = "n\(parameters.degree)_l\(parameters.maxLevel)_s\(Int(log2(parameters.scale)))"
        #expect(parameters.scale == 0x1p40)
        if preset.rawValue.hasPrefix("insecure_") {
            #expect(preset.rawValue == "insecure_" + name)
            #expect(parameters.securityBits == 0)
        } else {
            #expect(preset.rawValue == name)
            #expect(parameters.securityBits == 128)
            #expect(parameters.logQP <= Double(SecurityPolicy.maximumLogQP[parameters.logDegree]!))
        }
        #expect(CKKSPreset(rawValue: preset.rawValue) == preset)
    }

    @Test func weakParametersAreRefusedUnlessUnchecked() throws {
        #expect(throws: CKKSError.self) {
            try CKKSParameters(
                logDegree: 12, levels: 6, scaleBits: 36, firstModulusBits: 50, specialModulusBits: 50,
                specialModulusCount: 2)
        }
        do {
            _ = try CKKSParameters(
                logDegree: 13, levels: 5, scaleBits: 40, firstModulusBits: 50,
                specialModulusBits: 50, specialModulusCount: 1)
            Issue.record("expected a refusal")
        } catch {
            guard case .insecureParameters(13, let logQP, 218) = error else {
                Issue.record("wrong error \(error)"); return
            }
            #expect(logQP > 218)
            #expect(error.description.contains("128-bit"))
        }
        #expect(throws: CKKSError.self) {
            try CKKSParameters(
                logDegree: 13, levels: 2, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 50,
                specialModulusCount: 1, secret: .sparseTernary(hammingWeight: 64))
        }
        _ = try CKKSParameters(
            logDegree: 13, levels: 2, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 50,
            specialModulusCount: 1, secret: .sparseTernary(hammingWeight: 64), security: .unchecked)
    }

    @Test func inconsistentChainsAreRejected() throws {
        let good = try CKKSParameters(preset: .n8192_l2_s40)
        #expect(throws: CKKSError.self) {  // repeated prime
            try CKKSParameters(
                logDegree: 13, ciphertextModuli: good.ciphertextModuli + [good.ciphertextModuli[1]],
                specialModuli: good.specialModuli, scale: 0x1p40)
        }
        #expect(throws: CKKSError.self) {  // not ≡ 1 mod 2N for this degree
            try CKKSParameters(
                logDegree: 17, ciphertextModuli: good.ciphertextModuli, specialModuli: good.specialModuli,
                scale: 0x1p40, security: .unchecked)
        }
        #expect(throws: CKKSError.self) {  // scale above q_0
            try CKKSParameters(
                logDegree: 13, ciphertextModuli: good.ciphertextModuli, specialModuli: good.specialModuli,
                scale: 0x1p55)
        }
        #expect(throws: CKKSError.self) {  // special primes narrower than a digit
            try CKKSParameters(
                logDegree: 13, ciphertextModuli: good.ciphertextModuli, specialModuli: good.specialModuli,
                scale: 0x1p40, primesPerDigit: 3)
        }
    }

    @Test func fingerprintsDistinguishParameterSets() throws {
        let small = try CKKSParameters(preset: .n8192_l2_s40), larger = try CKKSParameters(preset: .n16384_l7_s40)
        #expect(small.fingerprint != larger.fingerprint)
        #expect(try small.fingerprint == CKKSParameters(preset: .n8192_l2_s40).fingerprint)
    }
}

extension ParametersTests {
    @Suite(.tags(.slow)) struct Slow {
        @Test func scaleStaysNearTwoToTheScaleBitsAtEveryLevel() throws {
            let context = try CKKSContext(parameters: CKKSParameters(preset: .n32768_l17_s40))
            for scale in context.levelScales {
                #expect(abs(scale / 0x1p40 - 1) < 0x1p-15)
            }
            #expect(context.levelScales.last == 0x1p40)
        }
    }
}
