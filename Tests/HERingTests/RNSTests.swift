import NTLOracle
import Testing
@testable import HERing

/// Base conversion and rescaling, checked through exact integer identities and NTL's CRT.
@Suite struct RNSTests {
    /// A chain mixing IFMA-sized and larger primes.
    func chain(logN: Int, sizes: [Int], path: KernelPath = .default) throws -> RingContext {
        var primes: [UInt64] = []
        for bits in sizes { primes += try Modulus.nttPrimes(bits: bits, logDegree: logN, count: 1, excluding: primes) }
        return try RingContext(logDegree: logN, moduli: primes, path: path)
    }

    /// Centered CRT value of coefficient `c` of `x` as two's-complement words, from NTL.
    func oracleWords(_ x: RNSPolynomial<Coefficient>, coefficient c: Int, words: Int) -> [UInt64] {
        let moduli = x.context.moduli.map(\.value)
        let residues = (0..<x.limbCount).map { x.residues[$0 * x.degree + c] }
        var out = [UInt64](repeating: 0, count: words)
        #expect(ntl_crt_centered_words(moduli, moduli.count, residues, &out, words) == 0)
        return out
    }

    @Test(arguments: [(10, [40, 45, 49]), (12, [30, 50, 60, 36]), (14, [49, 49, 49, 49, 49])])
    func baseConversionIsExactUpToSmallMultipleOfSource(logN: Int, sizes: [Int]) throws {
        for path in availablePaths {
            let all = try chain(logN: logN, sizes: sizes + [45, 61], path: path)
            let source = all.prefix(sizes.count)
            let target = try RingContext(tables: Array(all.tables.suffix(2)), path: path)
            let x = try randomPolynomial(source, seed: 11)
            let converted = try BaseConverter(from: source, to: target).convert(x)
            let bigB = source.moduli.map(\.value)
            for c in stride(from: 0, to: x.degree, by: 97) {
                // x as the non-negative representative in [0, B): centered value, plus B when negative.
                let words = oracleWords(x, coefficient: c, words: 8)
                let negative = words.last! >> 63 == 1
                let found = (0..<sizes.count).contains { u in
                    target.moduli.enumerated().allSatisfy { j, p in
                        var value = Reference.wordsMod(words[...], p.value)
                        let bModP = bigB.reduce(UInt64(1)) { Reference.mulMod($0, $1 % p.value, p.value) }
                        if negative { value = (value + bModP) % p.value }
                        let expected = (value + Reference.mulMod(UInt64(u), bModP, p.value)) % p.value
                        return converted.residues[j * x.degree + c] == expected
                    }
                }
                #expect(found, "coefficient \(c), path \(path)")
            }
        }
    }

    @Test(arguments: [(10, [50, 40]), (12, [49, 45, 40]), (13, [60, 40, 40, 40]), (16, [45, 49, 30])])
    func rescaleRoundsToNearest(logN: Int, sizes: [Int]) throws {
        for path in availablePaths {
            let ring = try chain(logN: logN, sizes: sizes, path: path)
            let x = try randomPolynomial(ring, seed: 12)
            let y = x.dividingAndRoundingByLastModulus()
            #expect(y.limbCount == sizes.count - 1)
            let last = ring.moduli.last!.value
            // x − y·q_last must be one small d (|d| ≤ q_last/2) on every remaining prime, with d ≡ x mod q_last.
            for c in 0..<x.degree {
                let xl = x.residues[(ring.limbCount - 1) * x.degree + c]
                let d = Int64(xl > last / 2 ? Int64(xl) - Int64(last) : Int64(xl))
                for (i, q) in y.context.moduli.enumerated() {
                    let lhs = (x.residues[i * x.degree + c] + q.value - Reference.mulMod(y.residues[i * x.degree + c], last % q.value, q.value)) % q.value
                    #expect(lhs == q.reduce(signed: d), "coefficient \(c) limb \(i) path \(path)")
                    if lhs != q.reduce(signed: d) { return }
                }
            }
            // Evaluation form gives the same result.
            let viaNTT = x.forwardNTT().dividingAndRoundingByLastModulus().inverseNTT()
            #expect(viaNTT == y)
        }
    }

    @Test func pathsAgreeOnRescaleAndConversion() throws {
        guard availablePaths.count > 1 else { return }
        let results = try availablePaths.map { path in
            let ring = try chain(logN: 12, sizes: [49, 40, 45, 60], path: path)
            let x = try randomPolynomial(ring, seed: 13)
            let target = try chain(logN: 12, sizes: [30, 35], path: path)
            return [x.forwardNTT().dividingAndRoundingByLastModulus().residues,
                    try BaseConverter(from: ring, to: target).convert(x).residues]
        }
        #expect(results.allSatisfy { $0 == results[0] })
    }
}
