import CKKS
import Testing

/// An evaluator whose context lets one operation use several cores gives the one-core results bit for bit.
@Suite struct ThreadedEvaluatorTests {
    @Test(arguments: [2, 3])
    func operationsOnSeveralCoresAreBitIdentical(threads: Int) throws {
        let f = try Fixture.small.get()
        let context = try CKKSContext(parameters: f.context.parameters, threads: threads)
        #expect(context.threads == threads)
        let threaded = try Evaluator(context: context, evaluationKeys: f.keys)
        let x = try f.encrypt(f.values(seed: 60)), y = try f.encrypt(f.values(seed: 61))
        #expect(try threaded.multiplyRelinearizeRescale(x, y) == f.evaluator.multiplyRelinearizeRescale(x, y))
        #expect(try threaded.rotate(x, by: 3) == f.evaluator.rotate(x, by: 3))
        #expect(try threaded.rotations(of: x, by: [1, 2, -1]) == f.evaluator.rotations(of: x, by: [1, 2, -1]))
        #expect(try threaded.conjugate(y) == f.evaluator.conjugate(y))
        #expect(throws: CKKSError.self) { try CKKSContext(parameters: f.context.parameters, threads: 0) }
    }
}
