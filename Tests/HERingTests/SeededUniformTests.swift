import Testing

@testable import HERing

/// A seeded uniform polynomial expanded limb by limb (the C kernel, any limb first) against the Swift sampler reading
/// a fresh ``SeededRandomSource`` from the start.
@Suite struct SeededUniformTests {
    /// Primes ≡ 1 mod 2N that reject few masked words (just below 2^30, 2^50, 2^60) and about half of them (just
    /// above 2^39 and 2^54), so limbs take one, two or three chunks of the stream.
    func primes(logDegree: Int) throws -> [UInt64] {
        var primes: [UInt64] = []
        for bits in [30, 50, 60] {
            primes += try Modulus.nttPrimes(bits: bits, logDegree: logDegree, count: 1, excluding: primes)
        }
        let step = UInt64(2) << logDegree
        for bits in [40, 55] {
            var q = (UInt64(1) << (bits - 1)) / step * step + step + 1
            while !Modulus.isPrime(q) { q += step }
            primes.append(q)
        }
        return primes
    }

    @Test(arguments: [10, 12, 14, 16])
    func expansionMatchesTheSampler(logDegree: Int) throws {
        for path in availablePaths {
            let ring = try RingContext(logDegree: logDegree, moduli: primes(logDegree: logDegree), path: path)
            var random = SeededRandomSource(testSeed: UInt64(50 + logDegree))
            let seed = try random.bytes(32)
            var source = try SeededRandomSource(seed: seed)
            let expected = try RNSPolynomial<Evaluation>(uniformIn: ring, using: &source)
            let (seeded, whole) = try SeededUniformPolynomial.expanding(seed: seed, in: ring)
            #expect(firstMismatch(whole.residues, expected.residues) == nil, "N = 2^\(logDegree), \(path)")
            #expect(try SeededUniformPolynomial(seed: seed, in: ring) == seeded)
            let n = ring.degree
            var limb = [UInt64](repeating: 0, count: n)
            for i in (0..<ring.limbCount).reversed() {
                limb.withUnsafeMutableBufferPointer { seeded.expandLimb(i, into: $0.baseAddress!) }
                #expect(limb[...] == expected.limb(i), "limb \(i) alone, N = 2^\(logDegree), \(path)")
            }
            let chunks = zip(seeded.starts.dropFirst(), seeded.starts).map { ($0 - $1) / UInt64(n / 8) }
            #expect(chunks.allSatisfy { (1...3).contains($0) } && chunks.contains { $0 >= 2 })
            let subring = try RingContext(tables: [ring.tables[3], ring.tables[1]], path: path)
            let selected = seeded.selectingLimbs([3, 1], in: subring).expanded()
            #expect(selected.residues == Array(expected.limb(3) + expected.limb(1)))
        }
    }

    /// A limb whose sampling starts 5 blocks before the 32-bit block counter wraps reads the next blocks under the
    /// nonce that carries the high bits, as ``SeededRandomSource`` does.
    @Test func expansionCarriesTheBlockIndexAcrossTheCounterWrap() throws {
        let q = try Modulus.nttPrimes(bits: 50, logDegree: 10, count: 1)[0]
        let ring = try RingContext(logDegree: 10, moduli: [q])
        var random = SeededRandomSource(testSeed: 60)
        let seed = try random.bytes(32)
        let start = (UInt64(1) << 32) - 5
        let limb = SeededUniformPolynomial(seed: seed, context: ring, starts: [start]).expanded()
        var carried = [UInt8](repeating: 0, count: 12)
        carried[4] = 1
        let stream =
            ChaCha20.keystream(
                key: seed, nonce: [UInt8](repeating: 0, count: 12), counter: UInt32(start), blocks: 5,
                path: .scalar)
            + ChaCha20.keystream(key: seed, nonce: carried, counter: 0, blocks: 300, path: .scalar)
        let mask = UInt64.max >> UInt64(q.leadingZeroBitCount)
        let words = stride(from: 0, to: stream.count, by: 8).map { offset in
            (0..<8).reduce(UInt64(0)) { $0 | UInt64(stream[offset + $1]) << (8 * UInt64($1)) }
        }
        let expected = words.map { $0 & mask }.filter { $0 < q }.prefix(1024)
        #expect(limb.residues == Array(expected))
    }
}
