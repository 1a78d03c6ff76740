import Foundation
import HERing
import Testing

@testable import CKKS

/// ModRaise on N = 2^10, L = 8: the raised ciphertext decrypts to m + q_0·I over the whole chain, with I an integer
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
        let (message, multiples) = Self.messageAndMultiples(raised: high, low: low)
        #expect(message.count == 1 << context.parameters.logDegree)
        #expect(multiples.allSatisfy { $0 == multiples[0] })
        let sLimb = secretKey.polynomial.truncated(toLimbs: 1).inverseNTT().limb(0)
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

    /// CoeffToSlot on a raised ciphertext leaves I_k + m_k/q_0 in the slots, the input of the modular reduction:
    /// either with the factor Δ/q_0 folded into the matrices, or (far more precise) with scaling 1 and the output
    /// read at scale q_0 instead of Δ, which changes no coefficient and so adds no error.
    @Test(arguments: [false, true])
    func coeffToSlotOfRaisedCiphertextGivesTheMultiples(foldFactor: Bool) throws {
        let f = try BootstrappingFixture.sparse64.get()
        let values = (0..<f.context.slotCount).map { cos(Double($0)) }
        let ciphertext = try f.encryptor.encrypt(f.encoder.encode(values, level: 0))
        let raised = try f.evaluator.modRaise(ciphertext)
        let q0 = Double(f.context.modulus(level: 0))
        let transform = try CoeffToSlot(
            context: f.context, slots: f.coeffToSlot.slots, levelBudget: f.coeffToSlot.levelBudget,
            scaling: foldFactor ? raised.scale / q0 : 1)
        var part = try f.evaluator.coeffToSlot(raised, transform)[0]
        if !foldFactor { part.scale = q0 }
        let (message, multiples) = Self.messageAndMultiples(
            raised: try f.decryptor.decrypt(raised).polynomial.inverseNTT(),
            low: try f.decryptor.decrypt(ciphertext).polynomial.inverseNTT())
        let coefficients = zip(multiples[0], message).map { Double($0) + Double($1) / q0 }
        let expected = HomomorphicDFTTests.expectedCoefficientSlots(
            coefficients, slots: transform.slots,
            slotCount: f.context.slotCount)[0]
        let bits = precisionBits(try f.encoder.decode(f.decryptor.decrypt(part)), expected)
        // Measured 27.4–27.7 bits read at q_0 and 17.6–18.0 bits folded (|I| up to 31, 40-bit primes): the
        // diagonals' rounding at scale q_ℓ ≈ 2^40 bounds the first, rescaling noise on values shrunk by Δ/q_0 the second.
        #expect(bits >= (foldFactor ? 16 : 25.5), "fold \(foldFactor): \(bits) bits")
    }

    /// The message m (centered, from the level-0 decryption) and, on each prime but q_0, the quotient
    /// I = (raised − m)/q_0 of the raised decryption, centered.
    static func messageAndMultiples(raised: RNSPolynomial<Coefficient>, low: RNSPolynomial<Coefficient>) -> (
        [Int64], [[Int64]]
    ) {
        let moduli = raised.context.moduli
        let q0 = moduli[0].value
        let message = low.limb(0).map { $0 > q0 / 2 ? Int64($0) - Int64(q0) : Int64($0) }
        let multiples = moduli.indices.dropFirst().map { i in
            let q = moduli[i], inverse = q.inverse(q.reduce(q0))
            return zip(raised.limb(i), message).map { residue, m in
                let difference = q.reduce(residue + q.value - q.reduce(signed: m))
                let value = q.multiply(difference, inverse)
                return value > q.value / 2 ? Int64(value) - Int64(q.value) : Int64(value)
            }
        }
        return (message, multiples)
    }

    @Test func refusesSizeThreeCiphertexts() throws {
        let f = try Fixture.small.get()
        let x = try f.encrypt(f.values(seed: 1), level: 0)
        #expect(throws: CKKSError.self) { try f.evaluator.modRaise(f.evaluator.multiply(x, x)) }
    }
}
