import Foundation
import NTLOracle
import Testing

@testable import HERing

@Suite struct CRTTests {
    @Test(arguments: [[60], [40, 50], [60, 60, 60, 60, 60, 60, 60, 60, 49, 30]])
    func wordsMatchNTL(sizes: [Int]) throws {
        var primes: [UInt64] = []
        for bits in sizes { primes += try Modulus.nttPrimes(bits: bits, logDegree: 10, count: 1, excluding: primes) }
        let ring = try RingContext(logDegree: 10, moduli: primes)
        var x = try randomPolynomial(ring, seed: 21)
        // Edge coefficients: 0, 1, -1, and the residues of ±(Q-1)/2 (the largest centered magnitudes).
        x = try RNSPolynomial(
            context: ring,
            residues: x.residues.enumerated().map { index, value in
                let q = primes[index / 1024]
                switch index % 1024 {
                case 0: return 0;
                case 1: return 1;
                case 2: return q - 1;
                default: return value
                }
            })
        let composer = try CRTComposer(context: ring)
        let words = composer.centeredWords(x)
        let width = composer.wordCount
        let bitLength = Int(primes.reduce(0.0) { $0 + log2(Double($1)) }) + 1
        #expect(width == (bitLength + 63) / 64)
        for c in 0..<x.degree {
            var expected = [UInt64](repeating: 0, count: width)
            let residues = (0..<ring.limbCount).map { x.residues[$0 * 1024 + c] }
            #expect(ntl_crt_centered_words(primes, primes.count, residues, &expected, width) == 0)
            #expect(Array(words[c * width..<(c + 1) * width]) == expected, "coefficient \(c)")
        }
        #expect(words[0..<width].allSatisfy { $0 == 0 })
        #expect(words[2 * width..<3 * width].allSatisfy { $0 == UInt64.max })
    }

    @Test func doublesAreCorrectlyRoundedQuotients() throws {
        let primes = try Modulus.nttPrimes(bits: 60, logDegree: 10, count: 5)
        let ring = try RingContext(logDegree: 10, moduli: primes)
        let x = try randomPolynomial(ring, seed: 22)
        let composer = try CRTComposer(context: ring)
        let words = composer.centeredWords(x)
        let divisor = 0x1p200
        let values = composer.doubles(x, dividedBy: divisor)
        for c in 0..<x.degree {
            let expected = wordsToDouble(words[c * composer.wordCount..<(c + 1) * composer.wordCount]) / divisor
            #expect(abs(values[c] - expected) <= expected.magnitude.ulp, "coefficient \(c)")
        }
        // Small values are exact.
        let small = RNSPolynomial<Coefficient>(context: ring, signedCoefficients: (0..<1024).map { Int64($0) - 512 })
        #expect(composer.doubles(small) == (0..<1024).map { Double($0 - 512) })
    }

    /// Two's-complement words to Double within one ulp (sum of exactly representable word contributions).
    func wordsToDouble(_ words: ArraySlice<UInt64>) -> Double {
        let negative = words.last! >> 63 == 1
        var magnitude = Array(words)
        if negative {
            var carry: UInt64 = 1
            for i in magnitude.indices {
                let (sum, overflow) = (~magnitude[i]).addingReportingOverflow(carry)
                magnitude[i] = sum
                carry = overflow ? 1 : 0
            }
        }
        let value = magnitude.enumerated().reduce(0.0) { $0 + Double($1.element) * Double.pow2(64 * $1.offset) }
        return negative ? -value : value
    }
}

extension Double {
    static func pow2(_ e: Int) -> Double { Double(sign: .plus, exponent: e, significand: 1) }
}
