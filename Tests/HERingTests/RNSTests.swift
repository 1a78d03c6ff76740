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

    @Test(arguments: [(10, [40, 45, 49]), (12, [30, 50, 60, 36]), (11, Array(repeating: 50, count: 9))])
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

    /// Checks every `step`-th coefficient of an exact conversion of `x` against NTL's CRT: the
    /// representative of x in [0, B) modulo each target prime.
    func expectExact(
        _ converted: RNSPolynomial<Coefficient>, of x: RNSPolynomial<Coefficient>, step: Int,
        _ label: String
    ) {
        let bigB = x.context.moduli.map(\.value)
        for c in stride(from: 0, to: x.degree, by: step) {
            let words = oracleWords(x, coefficient: c, words: 8)
            let negative = words.last! >> 63 == 1
            for (j, p) in converted.context.moduli.enumerated() {
                var expected = Reference.wordsMod(words[...], p.value)
                if negative {
                    let bModP = bigB.reduce(UInt64(1)) { Reference.mulMod($0, $1 % p.value, p.value) }
                    expected = (expected + bModP) % p.value
                }
                #expect(converted.residues[j * x.degree + c] == expected, "coefficient \(c) target \(j) \(label)")
                if converted.residues[j * x.degree + c] != expected { return }
            }
        }
    }

    /// Exact conversion gives x mod c_j for the representative x in [0, B). Sources below 2^50 run on IFMA
    /// (nine 50-bit primes need the two-step reduction); a 61-bit target stays on the portable sums.
    @Test(arguments: [
        (10, [61]), (11, [30, 49]), (12, [61, 35, 50]), (13, [45, 49, 30, 48]),
        (12, [55, 40, 60, 36]), (12, Array(repeating: 50, count: 9)),
    ])
    func exactConversionMatchesCRT(logN: Int, sizes: [Int]) throws {
        var results: [[UInt64]] = []
        for path in availablePaths {
            let all = try chain(logN: logN, sizes: sizes + [45, 61, 50, 20], path: path)
            let source = all.prefix(sizes.count)
            let target = try RingContext(tables: Array(all.tables.suffix(4)), path: path)
            let x = try randomPolynomial(source, seed: 14)
            let converted = try BaseConverter(from: source, to: target).convert(x, exactly: true)
            results.append(converted.residues)
            expectExact(converted, of: x, step: 13, "path \(path)")
        }
        #expect(results.allSatisfy { $0 == results[0] }, "kernel paths disagree")
    }

    /// Inputs with every y_i = [x_i·(B/b_i)^-1]_{b_i} close to b_i make the sums approach their proven bounds:
    /// eight 50-bit sources sit at the one-step IFMA reduction's limit (its last conditional subtraction is
    /// needed), ten need two steps. Fast and exact results must agree across paths, exact ones with NTL.
    @Test(arguments: [8, 10])
    func conversionSumsNearTheirBound(sources: Int) throws {
        var results: [[[UInt64]]] = []
        for path in availablePaths {
            let all = try chain(logN: 12, sizes: Array(repeating: 50, count: sources + 16), path: path)
            let source = all.prefix(sources)
            let target = try RingContext(tables: Array(all.tables.suffix(16)), path: path)
            let b = source.moduli.map(\.value), n = source.degree
            var residues = [UInt64](repeating: 0, count: sources * n)
            for i in 0..<sources {
                let punctured = b.indices.filter { $0 != i }.reduce(UInt64(1)) {
                    Reference.mulMod($0, b[$1] % b[i], b[i])
                }
                for t in 0..<n {
                    residues[i * n + t] = Reference.mulMod(b[i] - 1 - UInt64(t * 7919 % 1000), punctured, b[i])
                }
            }
            let x = try RNSPolynomial<Coefficient>(context: source, residues: residues)
            let converter = try BaseConverter(from: source, to: target)
            let exact = converter.convert(x, exactly: true)
            results.append([converter.convert(x).residues, exact.residues])
            expectExact(exact, of: x, step: 61, "path \(path)")
        }
        #expect(results.allSatisfy { $0 == results[0] }, "kernel paths disagree")
    }

    @Test(arguments: [(10, [50, 40]), (12, [49, 45, 40]), (13, [60, 40, 40, 40])])
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
                    let lhs =
                        (x.residues[i * x.degree + c] + q.value
                            - Reference.mulMod(y.residues[i * x.degree + c], last % q.value, q.value)) % q.value
                    #expect(lhs == q.reduce(signed: d), "coefficient \(c) limb \(i) path \(path)")
                    if lhs != q.reduce(signed: d) { return }
                }
            }
            // Evaluation form gives the same result.
            let viaNTT = x.forwardNTT().dividingAndRoundingByLastModulus().inverseNTT()
            #expect(viaNTT == y)
        }
    }

    @Test(.enabled(if: severalPathsAvailable, "needs AVX-512"))
    func pathsAgreeOnRescaleAndConversion() throws {
        let results = try availablePaths.map { path in
            let ring = try chain(logN: 12, sizes: [49, 40, 45, 60], path: path)
            let x = try randomPolynomial(ring, seed: 13)
            let target = try chain(logN: 12, sizes: [30, 35, 61], path: path)
            var residues = [x.forwardNTT().dividingAndRoundingByLastModulus().residues]
            // Mixed sources (portable y), IFMA-sized sources (three: blocks of 336 leave a tail), and sources
            // needing the two-step reduction.
            for sizes in [[49, 40, 45, 60], [49, 40, 45], Array(repeating: 50, count: 10)] {
                let source = try chain(logN: 12, sizes: sizes, path: path)
                let converter = try BaseConverter(from: source, to: target)
                let y = try randomPolynomial(source, seed: 15)
                residues += [converter.convert(y).residues, converter.convert(y, exactly: true).residues]
            }
            return residues
        }
        #expect(results.allSatisfy { $0 == results[0] })
    }
}

extension RNSTests {
    /// Conversion and rescaling at N = 2^14 and 2^16.
    @Suite(.tags(.slow)) struct Slow {
        @Test func baseConversionIsExactUpToSmallMultipleOfSource() throws {
            try RNSTests().baseConversionIsExactUpToSmallMultipleOfSource(logN: 14, sizes: [49, 49, 49, 49, 49])
        }

        @Test func rescaleRoundsToNearest() throws {
            try RNSTests().rescaleRoundsToNearest(logN: 16, sizes: [45, 49, 30])
        }
    }
}
