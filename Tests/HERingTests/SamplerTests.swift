import Foundation
import Testing

@testable import HERing

@Suite struct SamplerTests {
    @Test func seededStreamIsIndependentOfChunking() throws {
        var whole = SeededRandomSource(testSeed: 9)
        var pieces = SeededRandomSource(testSeed: 9)
        let expected = try whole.bytes(300)
        let got = try pieces.bytes(7) + pieces.bytes(64) + pieces.bytes(100) + pieces.bytes(129)
        #expect(got == expected)
        var other = SeededRandomSource(testSeed: 10)
        #expect(try other.bytes(300) != expected)
    }

    @Test func systemSourceFills() throws {
        var system = SystemRandomSource()
        let a = try system.bytes(64), b = try system.bytes(64)
        #expect(a != b)
    }

    @Test func uniformResiduesAreInRangeAndCentred() throws {
        let primes = try Modulus.nttPrimes(bits: 33, logDegree: 12, count: 2)
        let ring = try RingContext(logDegree: 12, moduli: primes)
        let x = try randomPolynomial(ring, seed: 31)
        for (i, q) in primes.enumerated() {
            let limb = x.limb(i)
            #expect(limb.allSatisfy { $0 < q })
            let mean = limb.reduce(0.0) { $0 + Double($1) } / Double(limb.count) / Double(q)
            #expect(abs(mean - 0.5) < 5 * (1.0 / 12.0 / Double(limb.count)).squareRoot())
        }
    }

    @Test func ternaryProportionsAndMoments() throws {
        var random = SeededRandomSource(testSeed: 32)
        let n = 1 << 16
        let values = try SmallSampler.ternary(count: n, using: &random)
        let sigma = (Double(n) * (1.0 / 3) * (2.0 / 3)).squareRoot()
        for v: Int64 in [-1, 0, 1] {
            let count = Double(values.filter { $0 == v }.count)
            #expect(abs(count - Double(n) / 3) < 5 * sigma, "value \(v)")
        }
        #expect(values.allSatisfy { (-1...1).contains($0) })
        // Mean 0 (variance of one draw 2/3) and variance 2/3 (X² is Bernoulli(2/3), variance 2/9).
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(n)
        let meanSquare = values.reduce(0.0) { $0 + Double($1 * $1) } / Double(n)
        #expect(abs(mean) < 5 * (2.0 / 3 / Double(n)).squareRoot(), "mean \(mean)")
        #expect(abs(meanSquare - 2.0 / 3) < 5 * (2.0 / 9 / Double(n)).squareRoot(), "variance \(meanSquare)")
    }

    @Test(arguments: [(1024, 64), (4096, 192), (4096, 4096)])
    func sparseTernaryHasExactWeight(n: Int, h: Int) throws {
        var random = SeededRandomSource(testSeed: UInt64(n + h))
        let values = try SmallSampler.sparseTernary(count: n, hammingWeight: h, using: &random)
        #expect(values.filter { $0 != 0 }.count == h)
        #expect(values.allSatisfy { (-1...1).contains($0) })
        let positives = Double(values.filter { $0 == 1 }.count)
        #expect(abs(positives - Double(h) / 2) < 5 * (Double(h) / 4).squareRoot())
        if h < n {
            // Non-zeros spread over both halves, not left where they were placed.
            let firstHalf = Double(values[..<(n / 2)].filter { $0 != 0 }.count)
            #expect(abs(firstHalf - Double(h) / 2) < 5 * (Double(h) / 4).squareRoot())
        }
        #expect(throws: HERingError.self) { try SmallSampler.sparseTernary(count: n, hammingWeight: 0, using: &random) }
    }

    @Test func gaussianMomentsAndBound() throws {
        var random = SeededRandomSource(testSeed: 33)
        let n = 1 << 17
        let values = try SmallSampler.gaussian(count: n, using: &random)
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(n)
        let variance = values.reduce(0.0) { $0 + Double($1 * $1) } / Double(n) - mean * mean
        let sigma2 = SmallSampler.gaussianStandardDeviation * SmallSampler.gaussianStandardDeviation
        #expect(abs(mean) < 5 * (sigma2 / Double(n)).squareRoot())
        // Var of the sample variance ≈ 2σ⁴/n for a near-normal distribution.
        #expect(abs(variance - sigma2) < 5 * (2 * sigma2 * sigma2 / Double(n)).squareRoot())
        // Fourth moment 3σ⁴ (a normal shape, not just its width); one draw of X⁴ has variance (105 − 9)σ⁸.
        let fourth = values.reduce(0.0) { $0 + pow(Double($1), 4) } / Double(n)
        #expect(abs(fourth / (3 * sigma2 * sigma2) - 1) < 5 * (96 / 9 / Double(n)).squareRoot(), "E[X⁴] \(fourth)")
        #expect(values.allSatisfy { abs($0) <= Int64(SmallSampler.gaussianBound) })
        #expect(values.contains { $0 < -8 } && values.contains { $0 > 8 })
    }

    @Test func signedCoefficientsReduceToResidues() throws {
        let primes = try Modulus.nttPrimes(bits: 40, logDegree: 10, count: 2)
        let ring = try RingContext(logDegree: 10, moduli: primes)
        let values = (0..<1021).map { Int64($0 % 7) - 3 } + [Int64.min, Int64.max, -(1 << 45)]
        let lifted = RNSPolynomial<Coefficient>(context: ring, signedCoefficients: values)
        for (i, q) in primes.enumerated() {
            let modulus = Int64(q)
            #expect(
                firstMismatch(Array(lifted.limb(i)), values.map { UInt64(($0 % modulus + modulus) % modulus) }) == nil)
        }
    }
}
