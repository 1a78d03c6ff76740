import CKKS
import ComplexModule
import Foundation
import Testing

@Suite struct EncryptionTests {
    @Test(arguments: [12, 13])
    func encodeDecodeRoundTrip(logN: Int) throws {
        let parameters = try CKKSParameters(
            logDegree: logN, levels: 2, scaleBits: 40, firstModulusBits: 50,
            specialModulusBits: 50, specialModulusCount: 1, security: .unchecked)
        let context = try CKKSContext(parameters: parameters)
        let encoder = CKKSEncoder(context: context)
        let values = (0..<context.slotCount).map { sin(Double($0)) }
        for level in 0...2 {
            let decoded = try encoder.decode(encoder.encode(values, level: level))
            #expect(precisionBits(decoded, values) > 31, "level \(level)")
        }
        let complex = (0..<context.slotCount).map { Complex(cos(Double($0)), sin(Double($0) / 3)) }
        let back = try encoder.decodeComplex(encoder.encode(complex))
        let error = zip(back, complex).map { ($0 - $1).length }.max()!
        #expect(-log2(error) > 28)
    }

    @Test func publicAndSecretKeyEncryptionDecrypt() throws {
        let f = try Fixture.medium.get()
        let values = f.values(seed: 1)
        let fresh = precisionBits(try f.decrypt(f.encrypt(values)), values)
        #expect(fresh > 26, "fresh precision \(fresh) bits")
        let secretEncryptor = try Encryptor(context: f.context, secretKey: f.secretKey)
        let viaSecret = try f.encoder.decode(f.decryptor.decrypt(secretEncryptor.encrypt(f.encoder.encode(values))))
        #expect(precisionBits(viaSecret, values) > 29)
        for level in 0...f.context.maxLevel {
            #expect(precisionBits(try f.decrypt(f.encrypt(values, level: level)), values) > 25.5, "level \(level)")
        }
    }

    @Test func shortInputsArePaddedWithZeros() throws {
        let f = try Fixture.small.get()
        let decoded = try f.decrypt(f.encrypt([0.5, -0.25, 1]))
        #expect(precisionBits(Array(decoded.prefix(3)), [0.5, -0.25, 1]) > 25)
        #expect(decoded.dropFirst(3).allSatisfy { abs($0) < 1e-5 })
    }

    @Test func badInputsAndMismatchesThrow() throws {
        let f = try Fixture.small.get(), g = try Fixture.medium.get()
        #expect(throws: CKKSError.self) { try f.encoder.encode([Double](repeating: 0, count: f.context.slotCount + 1)) }
        #expect(throws: CKKSError.self) { try f.encoder.encode([.nan]) }
        #expect(throws: CKKSError.self) { try f.encoder.encode([1e90]) }
        let foreign = try g.encrypt([1])
        #expect(throws: CKKSError.parameterMismatch("the ciphertext was made under other parameters than this context"))
        {
            try f.decryptor.decrypt(foreign)
        }
        #expect(throws: CKKSError.self) { try f.evaluator.add(f.encrypt([1]), foreign) }
        #expect(throws: CKKSError.self) { try Encryptor(context: f.context, publicKey: g.publicKey) }
    }
}

extension EncryptionTests {
    @Suite(.tags(.slow)) struct Slow {
        @Test func encodeDecodeRoundTripAtN16384() throws {
            try EncryptionTests().encodeDecodeRoundTrip(logN: 14)
        }
    }
}
