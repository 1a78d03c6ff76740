import Testing
@testable import HERing

@Suite struct KeySwitchingTests {
    func switching(specialCount: Int, sizes: [Int] = [50, 40, 40, 40]) throws -> HybridKeySwitching {
        var primes: [UInt64] = []
        for bits in sizes { primes += try Modulus.nttPrimes(bits: bits, logDegree: 12, count: 1, excluding: primes) }
        let special = try Modulus.nttPrimes(bits: 45, logDegree: 12, count: specialCount, excluding: primes)
        return try HybridKeySwitching(chain: RingContext(logDegree: 12, moduli: primes),
                                      special: RingContext(logDegree: 12, moduli: special), primesPerDigit: 2)
    }

    @Test(arguments: [1, 2])
    func divideByPRoundsToNearest(specialCount: Int) throws {
        let ks = try switching(specialCount: specialCount)
        let p = ks.ringP.moduli.reduce(1.0) { $0 * Double($1.value) }
        guard p < 0x1p55 else { return }
        let pInteger = Int64(p)
        var random = SeededRandomSource(testSeed: 40)
        let words = try random.words(2 * 4096)
        let y = (0..<4096).map { Int64(words[$0] % 2001) - 1000 }
        let e = (0..<4096).map { Int64(words[4096 + $0] % UInt64(pInteger - 2)) - (pInteger / 2 - 1) }
        for level in [3, 1] {
            let ring = ks.ringQP(level: level)
            let x = RNSPolynomial<Coefficient>(context: ring, signedCoefficients: zip(y, e).map { $0 * pInteger + $1 })
            let quotient = ks.divideByP(x.forwardNTT()).inverseNTT()
            let expected = RNSPolynomial<Coefficient>(context: ks.ringQ(level: level), signedCoefficients: y)
            // Exact conversion: the quotient is exactly rounded.
            let offByAtMost = 0
            var worst: Int64 = 0
            for (i, q) in expected.context.moduli.enumerated() where i == 0 {
                for c in 0..<4096 {
                    let d = (quotient.residues[i * 4096 + c] + q.value - expected.residues[i * 4096 + c]) % q.value
                    worst = max(worst, d > q.value / 2 ? Int64(q.value - d) : Int64(d))
                }
            }
            #expect(worst <= Int64(offByAtMost), "level \(level)")
        }
    }
}
