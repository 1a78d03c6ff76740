import CKKS
import Testing

@Suite struct ParametersTests {
    @Test func presetsAreSecureAndWithinTheStandard() throws {
        for parameters in [try CKKSParameters.n8192_l2_s40, try .n16384_l7_s40, try .n32768_l17_s40, try .n65536_l37_s40] {
            #expect(parameters.securityBits == 128)
            #expect(parameters.logQP <= Double(SecurityPolicy.maximumLogQP[parameters.logDegree]!))
            #expect(parameters.scale == 0x1p40)
        }
        #expect(try CKKSParameters.n65536_l37_s40.maxLevel == 37)
        #expect(try CKKSParameters.insecure_n4096_l6_s40.securityBits == 0)
    }

    @Test func weakParametersAreRefusedUnlessUnchecked() throws {
        #expect(throws: CKKSError.self) {
            try CKKSParameters(logDegree: 12, levels: 6, scaleBits: 36, firstModulusBits: 50, specialModulusBits: 50,
                               specialModulusCount: 2)
        }
        do {
            _ = try CKKSParameters(logDegree: 13, levels: 5, scaleBits: 40, firstModulusBits: 50,
                                   specialModulusBits: 50, specialModulusCount: 1)
            Issue.record("expected a refusal")
        } catch {
            guard case .insecureParameters(13, let logQP, 218) = error else { Issue.record("wrong error \(error)"); return }
            #expect(logQP > 218)
            #expect(error.description.contains("128-bit"))
        }
        #expect(throws: CKKSError.self) {
            try CKKSParameters(logDegree: 13, levels: 2, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 50,
                               specialModulusCount: 1, secret: .sparseTernary(hammingWeight: 64))
        }
        _ = try CKKSParameters(logDegree: 13, levels: 2, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 50,
                               specialModulusCount: 1, secret: .sparseTernary(hammingWeight: 64), security: .unchecked)
    }

    @Test func inconsistentChainsAreRejected() throws {
        let good = try CKKSParameters.n8192_l2_s40
        #expect(throws: CKKSError.self) {  // repeated prime
            try CKKSParameters(logDegree: 13, ciphertextModuli: good.ciphertextModuli + [good.ciphertextModuli[1]],
                               specialModuli: good.specialModuli, scale: 0x1p40)
        }
        #expect(throws: CKKSError.self) {  // not ≡ 1 mod 2N for this degree
            try CKKSParameters(logDegree: 17, ciphertextModuli: good.ciphertextModuli, specialModuli: good.specialModuli,
                               scale: 0x1p40, security: .unchecked)
        }
        #expect(throws: CKKSError.self) {  // scale above q_0
            try CKKSParameters(logDegree: 13, ciphertextModuli: good.ciphertextModuli, specialModuli: good.specialModuli,
                               scale: 0x1p55)
        }
        #expect(throws: CKKSError.self) {  // special primes narrower than a digit
            try CKKSParameters(logDegree: 13, ciphertextModuli: good.ciphertextModuli, specialModuli: good.specialModuli,
                               scale: 0x1p40, primesPerDigit: 3)
        }
    }

    @Test func fingerprintsDistinguishParameterSets() throws {
        #expect(try CKKSParameters.n8192_l2_s40.fingerprint != CKKSParameters.n16384_l7_s40.fingerprint)
        #expect(try CKKSParameters.n8192_l2_s40.fingerprint == CKKSParameters.n8192_l2_s40.fingerprint)
    }
}

extension ParametersTests {
    @Suite(.tags(.slow)) struct Slow {
        @Test func scaleStaysNearTwoToTheScaleBitsAtEveryLevel() throws {
            let context = try CKKSContext(parameters: .n32768_l17_s40)
            for scale in context.levelScales {
                #expect(abs(scale / 0x1p40 - 1) < 0x1p-15)
            }
            #expect(context.levelScales.last == 0x1p40)
        }
    }
}
