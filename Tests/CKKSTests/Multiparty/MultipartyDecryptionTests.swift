import Foundation
import Testing

@testable import CKKS

/// Collective decryption with flooding, re-encryption to one recipient, and what fewer than all parties get.
@Suite struct MultipartyDecryptionTests {
    static func flooding(_ context: CKKSContext) throws -> NoiseFlooding {
        try NoiseFlooding(noise: .freshEncryption(context: context, publicKey: true), decryptions: 1)
    }

    @Test(arguments: [2, 3])
    func everyPartysFloodedShareDecrypts(parties: Int) throws {
        let m = try MultipartySession.session(parties), f = try Fixture.small.get()
        let values = f.values(seed: 21), flooding = try Self.flooding(m.context)
        let ciphertext = try m.encrypt(values)
        let bits = precisionBits(try m.collectiveDecrypt(ciphertext, flooding: flooding), values)
        // n floodings of width σ: ½·log2(n) bits below one; the worst of N/2 slots about 2 bits below the typical.
        let stated = flooding.precisionBits(scale: ciphertext.scale) - 0.5 * log2(Double(parties))
        #expect(bits > stated - 3.5, "\(bits) bits, stated \(stated)")
        #expect(bits < stated + 1, "\(bits) bits: the flooding is narrower than stated (\(stated))")
    }

    @Test(arguments: [2, 3])
    func fewerThanAllPartiesDecryptToNoise(parties: Int) throws {
        let m = try MultipartySession.session(parties), f = try Fixture.small.get()
        let values = f.values(seed: 22), flooding = try Self.flooding(m.context)
        let ciphertext = try m.encrypt(values)
        let shares = try m.parties.map { try $0.decryptionShare(of: ciphertext, flooding: flooding) }
        for missing in 0..<parties {
            var partial = shares
            partial.remove(at: missing)
            #expect(
                throws: CKKSError.shareMismatch("the decryption share (level 6) lacks the shares of parties \(missing)")
            ) {
                try m.combiner.decrypt(ciphertext, shares: partial)
            }
            var message = ciphertext.components[0]
            message.add(try m.combiner.aggregate(partial).polynomials[0])
            let decoded = try m.encoder.decode(
                Plaintext(
                    polynomial: message, scale: ciphertext.scale,
                    parametersFingerprint: ciphertext.parametersFingerprint))
            let error = zip(decoded, values).map { abs($0 - $1) }.max()!
            #expect(error > 1e6, "without party \(missing) the largest error is \(error)")
        }
        for party in m.parties {
            let own = try Decryptor(context: m.context, secretKey: party.secretKey)
            let error = zip(try m.encoder.decode(own.decrypt(ciphertext)), values).map { abs($0 - $1) }.max()!
            #expect(error > 1e6, "party \(party.index) alone: largest error \(error)")
        }
    }

    @Test(arguments: [2, 3])
    func reencryptionDecryptsUnderTheRecipientsKeyOnly(parties: Int) throws {
        let m = try MultipartySession.session(parties), f = try Fixture.small.get()
        let values = f.values(seed: 23), flooding = try Self.flooding(m.context)
        let ciphertext = try m.encrypt(values)
        let shares = try m.parties.map {
            try $0.reencryptionShare(of: ciphertext, to: f.publicKey, flooding: flooding)
        }
        let switched = try m.combiner.reencrypt(ciphertext, shares: shares)
        #expect(switched.level == ciphertext.level && switched.scale == ciphertext.scale)
        let bits = precisionBits(try f.decrypt(switched), values)
        let stated = flooding.precisionBits(scale: ciphertext.scale) - 0.5 * log2(Double(parties))
        #expect(bits > stated - 3.5, "\(bits) bits, stated \(stated)")
        let error = zip(try m.jointDecrypt(switched), values).map { abs($0 - $1) }.max()!
        #expect(error > 1e6, "the joint secret decrypts the re-encrypted ciphertext: largest error \(error)")
    }

    @Test func productsDecryptCollectively() throws {
        let m = try MultipartySession.session(3), f = try Fixture.small.get()
        let a = f.values(seed: 24), b = f.values(seed: 25)
        let product = try m.evaluator.multiplyRelinearizeRescale(m.encrypt(a), m.encrypt(b))
        let flooding = try Self.flooding(m.context)
        let bits = precisionBits(try m.collectiveDecrypt(product, flooding: flooding), zip(a, b).map(*))
        let stated = flooding.precisionBits(scale: product.scale) - 0.5 * log2(3)
        #expect(bits > stated - 3.5, "\(bits) bits, stated \(stated)")
        let size3 = try m.evaluator.multiply(m.encrypt(a), m.encrypt(b))
        #expect(throws: CKKSError.self) {
            try m.parties[0].decryptionShare(of: size3, flooding: Self.flooding(m.context))
        }
    }
}
