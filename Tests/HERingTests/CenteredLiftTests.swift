import Testing

@testable import HERing

@Suite struct CenteredLiftTests {
    /// Every coefficient of a one-limb polynomial, including 0, ⌊q_0/2⌋, ⌊q_0/2⌋ + 1 and q_0 − 1, lands on every
    /// larger or smaller prime as its centered representative in (−q_0/2, q_0/2) (q_0 is odd), computed here with
    /// the standard library; limb 0 is unchanged.
    @Test(arguments: [(50, 40), (40, 60), (60, 30)])
    func liftsToTheCenteredRepresentative(firstBits: Int, otherBits: Int) throws {
        let q0 = try Modulus.nttPrimes(bits: firstBits, logDegree: 10, count: 1)
        let others = try Modulus.nttPrimes(bits: otherBits, logDegree: 10, count: 3, excluding: q0)
        let ring = try RingContext(logDegree: 10, moduli: q0 + others)
        let q = q0[0], half = q / 2
        var state: UInt64 = 0x1234_5678
        var coefficients = (0..<ring.degree).map { _ -> UInt64 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state % q
        }
        coefficients[0..<5] = [0, half, half + 1, q - 1, 1]
        let low = try RNSPolynomial<Coefficient>(context: ring.prefix(1), residues: coefficients)
        let lifted = try low.centeredLift(to: ring)
        #expect(lifted.limb(0) == low.limb(0))
        for (i, modulus) in ring.moduli.enumerated().dropFirst() {
            let expected = coefficients.map { c in
                c > half ? (modulus.value - (q - c) % modulus.value) % modulus.value : c % modulus.value
            }
            #expect(Array(lifted.limb(i)) == expected, "limb \(i)")
        }
    }
}
