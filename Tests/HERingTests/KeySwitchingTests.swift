import Testing

@testable import HERing

@Suite struct KeySwitchingTests {
    func switching(specialCount: Int, sizes: [Int] = [50, 40, 40, 40], threads: Int = 1) throws
        -> HybridKeySwitching
    {
        var primes: [UInt64] = []
        for bits in sizes { primes += try Modulus.nttPrimes(bits: bits, logDegree: 12, count: 1, excluding: primes) }
        let special = try Modulus.nttPrimes(bits: 45, logDegree: 12, count: specialCount, excluding: primes)
        return try HybridKeySwitching(
            chain: RingContext(logDegree: 12, moduli: primes),
            special: RingContext(logDegree: 12, moduli: special), primesPerDigit: 2, threads: threads)
    }

    /// Uniform key components (b_j, a_j) over Q_L ∪ P, one pair per digit, each a_j held as its seed: key
    /// switching's arithmetic does not depend on what they encrypt.
    func randomKey(_ ks: HybridKeySwitching, using random: inout SeededRandomSource) throws -> (
        [RNSPolynomial<Evaluation>], [UniformKeyHalf]
    ) {
        let keyRing = ks.ringQP(level: ks.maxLevel)
        var keyB: [RNSPolynomial<Evaluation>] = [], keyA: [UniformKeyHalf] = []
        for _ in 0..<ks.digitCount {
            keyB.append(try RNSPolynomial(uniformIn: keyRing, using: &random))
            keyA.append(UniformKeyHalf(seeded: try SeededUniformPolynomial(seed: random.bytes(32), in: keyRing)))
        }
        return (keyB, keyA)
    }

    /// The same a_j with every residue in memory.
    func inMemory(_ keyA: [UniformKeyHalf]) -> [UniformKeyHalf] { keyA.map { $0.holdingResidues(true) } }

    /// The coefficients of `values` (each below 2^127 in absolute value) reduced on every limb of `ring`.
    func polynomial(_ values: [Int128], over ring: RingContext) throws -> RNSPolynomial<Coefficient> {
        let residues = ring.moduli.flatMap { q in
            values.map { v in UInt64((v % Int128(q.value) + Int128(q.value)) % Int128(q.value)) }
        }
        return try RNSPolynomial(context: ring, residues: residues)
    }

    /// ModDown of x = y·P + e with |e| < P/2 must give exactly y, for one special prime (P < 2^45) and two (P < 2^90);
    /// 128-bit integers hold every x. With two primes the exact conversion may be off by one multiple of P when
    /// [x + (P − 1)/2]_P lies within (k² + 3k)·2^-53·P of 0 or P (ck_rns.h): e within P·2^-40 of ±P/2 is allowed to
    /// round either way, so the extreme values tested sit just inside that margin.
    @Test(arguments: [1, 2])
    func divideByPRoundsToNearest(specialCount: Int) throws {
        let ks = try switching(specialCount: specialCount)
        let p = ks.ringP.moduli.reduce(Int128(1)) { $0 * Int128($1.value) }
        var random = SeededRandomSource(testSeed: 40)
        let words = try random.words(3 * 4096)
        let y = (0..<4096).map { Int128(words[$0] % 2001) - 1000 }
        let halfP = (p - 1) / 2  // P is odd, so |e| ≤ (P − 1)/2 rounds to y without a tie
        var e = (0..<4096).map { i in
            let wide = Int128(words[4096 + i] >> 1) << 64 | Int128(words[8192 + i])  // in [0, 2^127)
            return wide % (2 * halfP + 1) - halfP
        }
        let margin = specialCount == 1 ? 0 : p >> 40
        e[0] = halfP - margin
        e[1] = -(halfP - margin)
        e[2] = 0
        for level in [3, 1] {
            let x = try polynomial(zip(y, e).map { $0 * p + $1 }, over: ks.ringQP(level: level))
            let quotient = ks.divideByP(x.forwardNTT()).inverseNTT()
            let expected = try polynomial(y, over: ks.ringQ(level: level))
            #expect(firstMismatch(quotient.residues, expected.residues) == nil, "level \(level)")
        }
    }

    /// A key switch split over 2 or 3 threads (uneven chunks with 3) gives the single thread's result bit for bit,
    /// directly and from a hoisted decomposition, at a level with a partial digit and at the top level; the threads
    /// expand seeded a_j limb by limb, the single thread reads them from memory.
    @Test(arguments: [2, 3])
    func threadedKeySwitchIsBitIdentical(threads: Int) throws {
        let sizes = [50, 40, 40, 40, 40]
        let single = try switching(specialCount: 2, sizes: sizes)
        let threaded = try switching(specialCount: 2, sizes: sizes, threads: threads)
        var random = SeededRandomSource(testSeed: 41)
        let (keyB, keyA) = try randomKey(single, using: &random)
        for level in [single.maxLevel, 2] {
            let c = try RNSPolynomial<Evaluation>(uniformIn: single.ringQ(level: level), using: &random)
            let expected = single.switchKey(c, keyB: keyB, keyA: inMemory(keyA))
            let direct = threaded.switchKey(c, keyB: keyB, keyA: keyA)
            let hoisted = threaded.switchKey(threaded.decompose(c), keyB: keyB, keyA: keyA)
            for (name, got) in [("direct", direct), ("hoisted", hoisted)] {
                #expect(firstMismatch(got.0.residues, expected.0.residues) == nil, "\(name) u0, level \(level)")
                #expect(firstMismatch(got.1.residues, expected.1.residues) == nil, "\(name) u1, level \(level)")
            }
        }
    }

    /// A key kept only over Q_ℓk ∪ P (the limbs above ℓ_k dropped, and the digits that lie wholly above it) switches
    /// a polynomial at any level up to ℓ_k to exactly the result of the whole key, directly and hoisted, on one
    /// thread and on two: the limbs dropped are never read at those levels. Seeded a_j restricted by
    /// ``HybridKeySwitching/restricting(_:toLevel:)`` switch as the truncated residues do.
    @Test(arguments: [1, 2])
    func levelTruncatedKeysSwitchBitIdentically(threads: Int) throws {
        let ks = try switching(specialCount: 2, sizes: [50, 40, 40, 40, 40, 40], threads: threads)
        var random = SeededRandomSource(testSeed: 42)
        let (keyB, keyA) = try randomKey(ks, using: &random)
        for keyLevel in [3, 1] {
            let ring = ks.ringQP(level: keyLevel), n = ring.degree, special = ks.ringP.limbCount
            let digits = (keyLevel + ks.primesPerDigit) / ks.primesPerDigit
            func truncated(_ component: RNSPolynomial<Evaluation>) throws -> RNSPolynomial<Evaluation> {
                let kept = Array(component.residues[0..<((keyLevel + 1) * n)]) + component.residues.suffix(special * n)
                return try RNSPolynomial(context: ring, residues: kept)
            }
            let shortB = try keyB.prefix(digits).map(truncated)
            let shortA = try keyA.prefix(digits).map { UniformKeyHalf(try truncated($0.polynomial)) }
            let seededA = keyA.prefix(digits).map { ks.restricting($0, toLevel: keyLevel) }
            #expect(digits < ks.digitCount, "digits above ℓ_k are dropped")
            #expect(seededA.allSatisfy(\.expandsOnUse) && seededA == shortA, "restricted seeds expand to the limbs")
            for level in 0...keyLevel {
                let c = try RNSPolynomial<Evaluation>(uniformIn: ks.ringQ(level: level), using: &random)
                let full = ks.switchKey(c, keyB: keyB, keyA: inMemory(keyA))
                let direct = ks.switchKey(c, keyB: shortB, keyA: shortA)
                let hoisted = ks.switchKey(ks.decompose(c), keyB: shortB, keyA: shortA)
                let seeded = ks.switchKey(c, keyB: shortB, keyA: seededA)
                for (name, got) in [("direct", direct), ("hoisted", hoisted), ("seeded", seeded)] {
                    #expect(
                        firstMismatch(got.0.residues, full.0.residues) == nil, "\(name) u0, key \(keyLevel), \(level)")
                    #expect(
                        firstMismatch(got.1.residues, full.1.residues) == nil, "\(name) u1, key \(keyLevel), \(level)")
                }
            }
        }
    }

    /// The pool keeps the most recently returned buffers within its byte budget and count limit, so buffers of
    /// the current level are reused and those of levels left behind are freed.
    @Test func scratchPoolFreesTheOldestBeyondItsBudget() {
        let pool = ScratchPool()
        let quarter = pool.byteBudget / 4 / 8
        for size in [quarter + 1, quarter + 2, quarter + 3, quarter + 4, quarter + 5] {
            pool.give([UInt64](repeating: 0, count: size))
        }
        #expect(pool.heldBytes <= pool.byteBudget)
        #expect(pool.heldBytes == 8 * (3 * quarter + 12), "the three most recent are kept")
        #expect(pool.take(quarter + 5).count == quarter + 5)
        #expect(pool.heldBytes == 8 * (2 * quarter + 7))
        for _ in 0..<(pool.limit + 5) { pool.give([0]) }
        #expect(pool.heldBytes == 8 * pool.limit, "at most \(pool.limit) buffers")
    }

    /// `row(of:)` inverts every digit's `positions` at every level (partial last digits included).
    @Test func digitRowsInvertPositions() throws {
        let ks = try switching(specialCount: 2, sizes: [50, 40, 40, 40, 40])
        for level in 0...ks.maxLevel {
            for digit in ks.plans[level].digits {
                #expect(
                    digit.positions.indices.allSatisfy { digit.row(of: digit.positions[$0]) == $0 }, "level \(level)")
            }
        }
    }
}
