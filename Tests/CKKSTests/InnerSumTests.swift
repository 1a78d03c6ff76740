import CKKS
import Testing

/// Inner sums and replication over batches, against plaintext sums, with keys for exactly the advertised steps.
@Suite struct InnerSumTests {
    /// (batch, count) pairs: powers of two and not, negative batches, one group per slot set.
    static let cases: [(Int, Int)] = [(1, 8), (3, 5), (4, 6), (4, 8), (16, 7), (-2, 3), (1, 1)]
    /// (batch, count, key stride): sums with keys for every other or every third power of two only (a batch not a
    /// power of two, and a negative one, included).
    static let strided: [(Int, Int, Int)] = [(1, 32, 2), (2, 16, 2), (1, 13, 2), (4, 16, 3), (3, 10, 3), (-4, 8, 3)]

    /// An evaluator holding the Galois keys of ``cases`` and nothing else.
    static let evaluator = Result { () throws -> (Fixture, Evaluator) in
        let f = try Fixture.small.get()
        let steps = cases.reduce(into: Set<Int>()) { steps, c in
            steps.formUnion(Evaluator.innerSumSteps(batch: c.0, count: c.1))
            steps.formUnion(Evaluator.replicateSteps(batch: c.0, count: c.1))
        }.union(strided.flatMap { Evaluator.replicateSteps(batch: $0.0, count: $0.1, keyStride: $0.2) })
        let keys = try KeyGenerator(context: f.context).evaluationKeys(
            for: f.secretKey, request: EvaluationKeyRequest(rotations: steps, relinearization: false))
        return (f, try Evaluator(context: f.context, evaluationKeys: keys))
    }

    /// Σ_(k < count) a[j + sign·k·batch] for every slot j (indices modulo the slot count).
    static func windowSums(_ a: [Double], batch: Int, count: Int, sign: Int) -> [Double] {
        let n = a.count
        return (0..<n).map { j in (0..<count).reduce(0.0) { $0 + a[(((j + sign * $1 * batch) % n) + n) % n] } }
    }

    @Test(arguments: cases)
    func innerSumMatchesPlaintextSums(batch: Int, count: Int) throws {
        let (f, evaluator) = try Self.evaluator.get()
        let a = f.values(seed: 21)
        let summed = try f.decrypt(evaluator.innerSum(f.encrypt(a), batch: batch, count: count))
        #expect(precisionBits(summed, Self.windowSums(a, batch: batch, count: count, sign: 1)) > 18)
    }

    @Test(arguments: cases)
    func replicateMatchesPlaintextSums(batch: Int, count: Int) throws {
        let (f, evaluator) = try Self.evaluator.get()
        let a = f.values(seed: 22)
        var x = try f.encrypt(a)
        try evaluator.replicateInPlace(&x, batch: batch, count: count)
        #expect(precisionBits(try f.decrypt(x), Self.windowSums(a, batch: batch, count: count, sign: -1)) > 18)
    }

    @Test(arguments: strided)
    func stridedSumsMatchPlaintextSums(batch: Int, count: Int, keyStride: Int) throws {
        let (f, evaluator) = try Self.evaluator.get()
        let a = f.values(seed: 23)
        let summed = try f.decrypt(evaluator.innerSum(f.encrypt(a), batch: batch, count: count, keyStride: keyStride))
        #expect(precisionBits(summed, Self.windowSums(a, batch: batch, count: count, sign: 1)) > 18)
        let replicated = try f.decrypt(
            evaluator.replicate(f.encrypt(a), batch: batch, count: count, keyStride: keyStride))
        #expect(precisionBits(replicated, Self.windowSums(a, batch: batch, count: count, sign: -1)) > 18)
    }

    @Test func replicateCopiesABatchIntoTheZeroGapAfterIt() throws {
        let (f, evaluator) = try Self.evaluator.get()
        let n = f.context.slotCount
        // Batches of 4 values at slots 0, 32, 64, …, each followed by 28 zero slots: replicated 8 times.
        let a: [Double] = (0..<n).map { (j: Int) -> Double in j % 32 < 4 ? Double(j % 4 + 1) / 8 : 0 }
        let replicated = try f.decrypt(evaluator.replicate(f.encrypt(a), batch: 4, count: 8))
        let expected: [Double] = (0..<n).map { (j: Int) -> Double in Double(j % 4 + 1) / 8 }
        #expect(precisionBits(replicated, expected) > 20)
    }

    @Test func stepsAndRotationCountsFollowTheBinaryDecomposition() {
        #expect(Evaluator.innerSumSteps(batch: 1, count: 8) == [1, 2, 4])
        #expect(Evaluator.replicateSteps(batch: 1, count: 8) == [1, 2, 4, -7])
        #expect(Evaluator.innerSumSteps(batch: 3, count: 5) == [3, 6])
        #expect(Evaluator.innerSumSteps(batch: 5, count: 1).isEmpty)
        for count in 1...64 {
            let expected = (Int.bitWidth - 1 - count.leadingZeroBitCount) + count.nonzeroBitCount - 1
            #expect(Evaluator.innerSumRotationCount(count: count) == expected)
        }
    }

    @Test func aKeyStrideKeepsEveryOtherPowerAndRotatesTwiceInBetween() {
        #expect(Evaluator.innerSumSteps(batch: 1, count: 32, keyStride: 2) == [1, 4, 16])
        #expect(Evaluator.innerSumRotationCount(count: 32, keyStride: 2) == 7)
        // Powers of two counted from slot 1: 32 = 2 · 16, so the sum over rows shares 16 with the sum along a row.
        #expect(Evaluator.innerSumSteps(batch: 32, count: 1024, keyStride: 2) == [16, 64, 256, 1024, 4096, 16384])
        #expect(Evaluator.innerSumRotationCount(batch: 32, count: 1024, keyStride: 2) == 15)
        #expect(Evaluator.replicateSteps(batch: 1, count: 32, keyStride: 2) == [1, 4, 16, -31])
        #expect(Evaluator.innerSumSteps(batch: 4, count: 16, keyStride: 3) == [1, 8])
        #expect(Evaluator.innerSumSteps(batch: -4, count: 8, keyStride: 2) == [-4, -16])
        #expect(Evaluator.innerSumSteps(batch: 3, count: 16, keyStride: 3) == [3, 24])
        // 13 = 8 + 4 + 1: the accumulated shifts 1, 5 (= 4 + 1) and the doublings 1, 2 (= 1 + 1), 4, 8 (= 8).
        #expect(Evaluator.innerSumSteps(batch: 1, count: 13, keyStride: 2) == [1, 4])
    }

    /// German credit's sums (B = 32 along a row, 1024 rows) at key stride 3 share five keys, 1, 8, 64, 512 and 4096,
    /// for 10 and 25 rotations instead of 5 and 10.
    @Test func strideThreeKeepsEveryThirdPowerOfTwoAcrossSums() {
        let along = Evaluator.innerSumSteps(batch: 1, count: 32, keyStride: 3)
        let across = Evaluator.innerSumSteps(batch: 32, count: 1024, keyStride: 3)
        #expect(along.union(across) == [1, 8, 64, 512, 4096])
        #expect(Evaluator.innerSumRotationCount(batch: 1, count: 32, keyStride: 3) == 10)
        #expect(Evaluator.innerSumRotationCount(batch: 32, count: 1024, keyStride: 3) == 25)
        #expect(Evaluator.innerSumRotationCount(batch: 32, count: 1024) == 10)
    }

    @Test func missingKeysAndBadArgumentsAreRefused() throws {
        let (f, evaluator) = try Self.evaluator.get()
        let x = try f.encrypt([1])
        let bare = try Evaluator(context: f.context)
        #expect(throws: CKKSError.missingRotationKey(step: 1)) { try bare.innerSum(x, batch: 1, count: 16) }
        #expect(throws: CKKSError.missingRotationKey(step: -1)) { try bare.replicate(x, batch: 1, count: 2) }
        #expect(throws: CKKSError.self) { try evaluator.innerSum(x, batch: 0, count: 2) }
        #expect(throws: CKKSError.self) { try evaluator.innerSum(x, batch: 1, count: f.context.slotCount + 1) }
        #expect(throws: CKKSError.self) { try evaluator.innerSum(x, batch: 1, count: 4, keyStride: 0) }
    }
}
