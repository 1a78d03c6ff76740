import NTLOracle
import Testing

@testable import HERing

@Suite struct ModulusTests {
    static let primes: [UInt64] = [1073707009, 1125899902124033, 1152921504606584833, 65537, 2305843009213693951]

    @Test(arguments: primes)
    func arithmeticMatchesFullWidthReference(q: UInt64) throws {
        let m = try Modulus(q)
        var random = SeededRandomSource(testSeed: q)
        let words = try random.words(2000)
        for pair in stride(from: 0, to: words.count, by: 2) {
            let a = words[pair] % q, b = words[pair + 1] % q
            #expect(m.multiply(a, b) == Reference.mulMod(a, b, q))
            #expect(m.reduce(words[pair]) == words[pair] % q)
        }
        for x in [0, 1, q - 1, q - 2, q / 2] {
            #expect(m.multiply(x, q - 1) == Reference.mulMod(x, q - 1, q))
            if x != 0 { #expect(m.multiply(x, m.inverse(x)) == 1) }
            var expected: UInt64 = 0
            #expect(ntl_power_mod(x, 12345, q, &expected) == 0)
            #expect(m.power(x, 12345) == expected)
        }
        #expect(m.reduce(signed: -1) == q - 1)
        #expect(m.reduce(signed: Int64.min) == (q - (UInt64(1) << 63) % q) % q)
        #expect(m.reduce(signed: 5) == 5 % q)
    }

    @Test func rejectsInvalidModuli() {
        #expect(throws: HERingError.self) { try Modulus(0) }
        #expect(throws: HERingError.self) { try Modulus(1 << 40) }
        #expect(throws: HERingError.self) { try Modulus(UInt64(1) << 62 | 1) }
    }

    @Test(arguments: [(20, 10), (30, 12), (40, 14), (50, 16), (55, 17), (61, 16)])
    func nttPrimesAreDistinctPrimesOfTheRightForm(bits: Int, logN: Int) throws {
        let primes = try Modulus.nttPrimes(bits: bits, logDegree: logN, count: 4)
        #expect(Set(primes).count == 4)
        #expect(primes == primes.sorted(by: >))
        for q in primes {
            #expect(ntl_is_prime(q) == 1)
            #expect(Modulus.isPrime(q))
            #expect(q % (UInt64(2) << logN) == 1)
            #expect(64 - q.leadingZeroBitCount == bits)
        }
        let skipping = try Modulus.nttPrimes(bits: bits, logDegree: logN, count: 2, excluding: [primes[0]])
        #expect(skipping == [primes[1], primes[2]])
    }

    @Test func tooFewPrimesIsAnError() {
        #expect(throws: HERingError.notEnoughPrimes(bits: 20, logDegree: 17, requested: 1000)) {
            try Modulus.nttPrimes(bits: 20, logDegree: 17, count: 1000)
        }
    }

    @Test func compositesAreNotPrime() {
        for n: UInt64 in [1, 4, 561, 1_000_000_007 * 3, 3_215_031_751, 18_446_744_073_709_551_557 / 3] {
            #expect(Modulus.isPrime(n) == (ntl_is_prime(n) == 1))
        }
        #expect(!Modulus.isPrime(561))
    }

    @Test func nttTablesRejectBadRootsAndPrimes() {
        #expect(throws: HERingError.self) { try NTTTables(modulus: 1073707009, logDegree: 10, root: 2) }
        #expect(throws: HERingError.self) { try NTTTables(modulus: 1073707009, logDegree: 9) }
        #expect(throws: HERingError.self) { try NTTTables(modulus: 1073707011, logDegree: 10) }
    }
}
