import Foundation
import Testing

@testable import CKKS

/// Collective keys from 2 and 3 parties follow the single-owner algebra: ciphertexts under the collective public
/// key decrypt under Σ s_i, and relinearization and rotation keep precision within one bit of single-owner keys.
///
/// Comparisons use the RMS error over all 2048 slots (its log2 has a standard error near 0.02 bits), not the
/// largest (which varies by about a bit between runs). The joint secret Σ s_i has n times the variance of one
/// secret, so the rounding terms that multiply it grow by √n: about 0.8 bits for 3 parties.
@Suite struct MultipartyKeyTests {
    /// −log2 of the RMS error.
    static func rmsBits(_ got: [Double], _ expected: [Double]) -> Double {
        -0.5 * log2(zip(got, expected).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(got.count))
    }

    @Test(arguments: [2, 3])
    func collectivePublicKeyEncryptsLikeASingleOwnersKey(parties: Int) throws {
        let m = try MultipartySession.session(parties), f = try Fixture.small.get()
        let values = f.values(seed: 11)
        let decrypted = try m.jointDecrypt(m.encrypt(values))
        #expect(precisionBits(decrypted, values) > 26)
        let collective = Self.rmsBits(decrypted, values)
        let single = Self.rmsBits(try f.decrypt(f.encrypt(values)), values)
        #expect(collective > single - 1, "collective \(collective) bits, single owner \(single) bits")
    }

    @Test(arguments: [2, 3])
    func relinearizationMatchesSingleOwnerPrecision(parties: Int) throws {
        let m = try MultipartySession.session(parties), f = try Fixture.small.get()
        let a = f.values(seed: 12), b = f.values(seed: 13), expected = zip(a, b).map(*)
        let decrypted = try m.jointDecrypt(m.evaluator.multiplyRelinearizeRescale(m.encrypt(a), m.encrypt(b)))
        #expect(precisionBits(decrypted, expected) > 26)
        let collective = Self.rmsBits(decrypted, expected)
        let single = Self.rmsBits(
            try f.decrypt(f.evaluator.multiplyRelinearizeRescale(f.encrypt(a), f.encrypt(b))), expected)
        #expect(collective > single - 1, "collective \(collective) bits, single owner \(single) bits")
    }

    @Test(arguments: [2, 3])
    func rotationsAndConjugationMatchSingleOwnerPrecision(parties: Int) throws {
        let m = try MultipartySession.session(parties), f = try Fixture.small.get()
        let values = f.values(seed: 14), n = values.count
        for step in [1, 5, -3] {
            let expected = (0..<n).map { values[(($0 + step) % n + n) % n] }
            let decrypted = try m.jointDecrypt(m.evaluator.rotate(m.encrypt(values), by: step))
            #expect(precisionBits(decrypted, expected) > 26, "step \(step)")
            let collective = Self.rmsBits(decrypted, expected)
            let single = Self.rmsBits(try f.decrypt(f.evaluator.rotate(f.encrypt(values), by: step)), expected)
            #expect(collective > single - 1, "step \(step): collective \(collective), single owner \(single) bits")
        }
        let conjugated = precisionBits(try m.jointDecrypt(m.evaluator.conjugate(m.encrypt(values))), values)
        #expect(conjugated > 26, "conjugation: \(conjugated) bits")
    }

    @Test func bootstrappingEncapsulationKeysAreRefused() throws {
        let m = try MultipartySession.session(2)
        #expect(throws: CKKSError.self) {
            try m.parties[0].galoisShares(for: EvaluationKeyRequest(ephemeralSecretWeight: 32))
        }
    }
}
