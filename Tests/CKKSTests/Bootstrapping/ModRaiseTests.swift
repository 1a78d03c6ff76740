@testable import CKKS
import Foundation
import HERing
import Testing

/// ModRaise on N = 2^10, L = 6: the raised ciphertext decrypts to m + q_0·I over the whole chain, with I an integer
/// polynomial within the bounds stated in ``Evaluator/modRaise(_:)``.
@Suite struct ModRaiseTests {
    @Test(arguments: [0, 32])
    func raisedCiphertextDecryptsToMessagePlusMultipleOfFirstPrime(hammingWeight: Int) throws {
        let secret: SecretDistribution = hammingWeight == 0 ? .ternary : .sparseTernary(hammingWeight: hammingWeight)
        let context = try CKKSContext(parameters: BootstrappingFixture.smallRing(secret: secret))
        let generator = KeyGenerator(context: context)
        let secretKey = try generator.secretKey()
        let encryptor = try Encryptor(context: context, publicKey: generator.publicKey(for: secretKey))
        let decryptor = try Decryptor(context: context, secretKey: secretKey)
        let evaluator = try Evaluator(context: context)
        let values = (0..<context.slotCount).map { sin(Double($0)) }
        let ciphertext = try encryptor.encrypt(CKKSEncoder(context: context).encode(values, level: 2))

        let raised = try evaluator.modRaise(ciphertext)
        #expect(raised.level == context.maxLevel)
        #expect(raised.scale == ciphertext.scale)

        let low = try decryptor.decrypt(evaluator.dropLevels(ciphertext, to: 0)).polynomial.inverseNTT()
        let high = try decryptor.decrypt(raised).polynomial.inverseNTT()
        #expect(high.limb(0) == low.limb(0))
        let moduli = context.ring(level: context.maxLevel).moduli
        let q0 = moduli[0].value
        let message = low.limb(0).map { $0 > q0 / 2 ? Int64($0) - Int64(q0) : Int64($0) }
        // I = (raised − m)/q_0 on every other prime; the same small integer on all of them.
        let multiples = moduli.indices.dropFirst().map { i in
            let q = moduli[i], inverse = q.inverse(q.reduce(q0))
            return zip(high.limb(i), message).map { residue, m in
                let difference = q.reduce(residue + q.value - q.reduce(signed: m))
                let value = q.multiply(difference, inverse)
                return value > q.value / 2 ? Int64(value) - Int64(q.value) : Int64(value)
            }
        }
        #expect(multiples.allSatisfy { $0 == multiples[0] })
        let sLimb = secretKey.polynomial(level: 0).inverseNTT().limb(0)
        let h = sLimb.filter { $0 != 0 }.count
        #expect(hammingWeight == 0 || h == hammingWeight)
        let largest = multiples[0].map(\.magnitude).max()!
        #expect(largest <= UInt64((h + 1) / 2), "|I| = \(largest) above the hard bound for h = \(h)")
        // I_k ≈ round((c_1·s)_k / q_0), a sum of h uniform terms on (−1/2, 1/2] plus rounding: σ = √((h + 1)/12).
        let sigma = ((Double(h) + 1) / 12).squareRoot()
        let measured = (multiples[0].map { Double($0 * $0) }.reduce(0, +) / Double(multiples[0].count)).squareRoot()
        #expect(abs(measured / sigma - 1) < 0.1, "std of I \(measured), expected \(sigma) for h = \(h)")
        #expect(Double(largest) <= 6 * sigma, "|I| = \(largest) beyond 6σ = \(6 * sigma)")
    }

    @Test func refusesSizeThreeCiphertexts() throws {
        let f = try Fixture.small.get()
        let x = try f.encrypt(f.values(seed: 1), level: 0)
        #expect(throws: CKKSError.self) { try f.evaluator.modRaise(f.evaluator.multiply(x, x)) }
    }
}
