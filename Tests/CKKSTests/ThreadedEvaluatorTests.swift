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
        try expectProductsIdentical(threaded, f.evaluator, x, y)
        #expect(try threaded.rotate(x, by: 3) == f.evaluator.rotate(x, by: 3))
        #expect(try threaded.rotations(of: x, by: [1, 2, -1]) == f.evaluator.rotations(of: x, by: [1, 2, -1]))
        #expect(try threaded.conjugate(y) == f.evaluator.conjugate(y))
        #expect(throws: CKKSError.self) { try CKKSContext(parameters: f.context.parameters, threads: 0) }
    }

    /// The tensor product, relinearization (adding into the components) and rescaling, split over two cores at
    /// N = 2^13 with one special prime (as many digits as primes), give the one-core limbs exactly.
    @Test func productsOnTwoCoresAreBitIdenticalAtN8192() throws {
        let f = try Fixture.medium.get()
        let threaded = try Evaluator(
            context: CKKSContext(parameters: f.context.parameters, threads: 2), evaluationKeys: f.keys)
        try expectProductsIdentical(
            threaded, f.evaluator, try f.encrypt(f.values(seed: 62)), f.encrypt(f.values(seed: 63)))
    }

    /// Every form of the product on `threaded` against `single`: exact equality of every limb.
    func expectProductsIdentical(_ threaded: Evaluator, _ single: Evaluator, _ x: Ciphertext, _ y: Ciphertext) throws {
        let product = try single.multiply(x, y)
        #expect(try threaded.multiply(x, y) == product)
        #expect(try threaded.relinearize(product) == single.relinearize(product))
        #expect(try threaded.multiplyRelinearizeRescale(x, y) == single.multiplyRelinearizeRescale(x, y))
        var a = x, b = x
        try threaded.multiplyRelinearizeRescaleInPlace(&a, y)
        try single.multiplyRelinearizeRescaleInPlace(&b, y)
        #expect(a == b)
        #expect(a == (try single.multiplyRelinearizeRescale(x, y)))
        try threaded.multiplyRelinearizeRescaleInPlace(&a, a)
        #expect(a == (try single.multiplyRelinearizeRescale(b, b)))
    }
}
