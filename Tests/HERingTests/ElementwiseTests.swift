import Testing

@testable import HERing

/// Element-wise limb kernels against the full-width scalar reference, on every path, with edge values.
@Suite struct ElementwiseTests {
    static let cases = primeSizes.flatMap { bits in availablePaths.map { (bits, $0) } }

    func operands(bits: Int, path: KernelPath) throws -> (
        RingContext, RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>
    ) {
        let primes = try Modulus.nttPrimes(bits: bits, logDegree: 10, count: 2)
        let ring = try RingContext(logDegree: 10, moduli: primes, path: path)
        var a = try randomPolynomial(ring, seed: 7).residues
        var b = try randomPolynomial(ring, seed: 8).residues
        // Edge values in the first coefficients of each limb.
        for (i, q) in primes.enumerated() {
            a.replaceSubrange(i * 1024..<i * 1024 + 4, with: [0, 1, q - 1, q - 1])
            b.replaceSubrange(i * 1024..<i * 1024 + 4, with: [q - 1, q - 1, q - 1, 0])
        }
        return (ring, try RNSPolynomial(context: ring, residues: a), try RNSPolynomial(context: ring, residues: b))
    }

    func expectEach(
        _ result: RNSPolynomial<Evaluation>, _ a: RNSPolynomial<Evaluation>, _ b: RNSPolynomial<Evaluation>,
        _ reference: (UInt64, UInt64, UInt64) -> UInt64
    ) {
        for (i, q) in result.context.moduli.enumerated() {
            let expected = zip(a.limb(i), b.limb(i)).map { reference($0, $1, q.value) }
            #expect(firstMismatch(Array(result.limb(i)), expected) == nil)
        }
    }

    @Test(arguments: cases)
    func addSubtractNegate(bits: Int, path: KernelPath) throws {
        let (_, a, b) = try operands(bits: bits, path: path)
        expectEach(a + b, a, b) { x, y, q in (x + y) % q }
        expectEach(a - b, a, b) { x, y, q in (x + q - y) % q }
        expectEach(-a, a, b) { x, _, q in (q - x) % q }
    }

    @Test(arguments: cases)
    func multiplyAndMultiplyAdd(bits: Int, path: KernelPath) throws {
        let (_, a, b) = try operands(bits: bits, path: path)
        expectEach(a * b, a, b) { x, y, q in Reference.mulMod(x, y, q) }
        var accumulator = b
        accumulator.multiplyAdd(a, b)
        expectEach(accumulator, a, b) { x, y, q in (Reference.mulMod(x, y, q) + y) % q }
    }

    @Test(arguments: cases)
    func constants(bits: Int, path: KernelPath) throws {
        let (ring, a, b) = try operands(bits: bits, path: path)
        let constants = ring.moduli.map { $0.value - 3 }
        var scaled = a
        scaled.multiply(byResidues: constants)
        expectEach(scaled, a, b) { x, _, q in Reference.mulMod(x, q - 3, q) }
        var shifted = a
        shifted.add(residues: constants)
        expectEach(shifted, a, b) { x, _, q in (x + q - 3) % q }
        var negated = a
        negated.multiply(by: -1)
        #expect(negated == -a)
    }

    @Test(.enabled(if: severalPathsAvailable, "needs AVX-512"), arguments: primeSizes)
    func pathsAgreeBitForBit(bits: Int) throws {
        let results = try availablePaths.map { path in
            let (_, a, b) = try operands(bits: bits, path: path)
            var fused = a
            fused.multiplyAdd(a, b)
            return [(a * b).residues, (a + b).residues, (a - b).residues, fused.residues]
        }
        #expect(results.allSatisfy { $0 == results[0] })
    }
}
