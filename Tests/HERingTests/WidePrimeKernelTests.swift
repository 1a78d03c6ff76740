import NTLOracle
import Testing

@testable import HERing

/// The 64-bit lane kernels (``KernelPath/avx512F`` for every prime, ``KernelPath/avx512IFMA`` from 2^50 up) on
/// primes of 2^50 … 2^61 − 1: NTT against NTL, element-wise operations against the full-width reference, base
/// conversion and rescaling bit for bit against the scalar path, with edge values that drive the lazy reductions to
/// their bounds.
@Suite struct WidePrimeKernelTests {
    static func cases(ringSizes: [Int]) -> [(Int, Int)] { ringSizes.flatMap { logN in (0..<5).map { (logN, $0) } } }

    /// Coefficients 0, 1, q − 1 at both ends and every 37th position, random values elsewhere.
    func edgeResidues(_ ring: RingContext, seed: UInt64) throws -> [UInt64] {
        var residues = try randomPolynomial(ring, seed: seed).residues
        for (i, q) in ring.moduli.enumerated() {
            let limb = i * ring.degree
            for (offset, value) in [0, 1, q.value - 1, q.value - 1].enumerated() {
                residues[limb + offset] = value
                residues[limb + ring.degree - 1 - offset] = value
            }
            for c in stride(from: 5, to: ring.degree - 4, by: 37) { residues[limb + c] = q.value - 1 }
        }
        return residues
    }

    /// Every path's forward and inverse transforms equal the scalar ones bit for bit, and the NTT product of two
    /// polynomials with edge coefficients equals NTL's negacyclic product.
    @Test(arguments: cases(ringSizes: smallRingSizes))
    func nttMatchesScalarAndNTL(logN: Int, prime: Int) throws {
        let q = try widePrimes(logDegree: logN)[prime]
        let scalarRing = try RingContext(logDegree: logN, moduli: [q], path: .scalar)
        let a = try edgeResidues(scalarRing, seed: UInt64(logN * 10 + prime))
        let b = try edgeResidues(scalarRing, seed: UInt64(logN * 10 + prime + 5))
        var expected = [UInt64](repeating: 0, count: scalarRing.degree)
        #expect(ntl_negacyclic_multiply(a, b, &expected, UInt32(logN), q) == 0)
        let scalarForward = try RNSPolynomial<Coefficient>(context: scalarRing, residues: a).forwardNTT().residues
        let scalarInverse = try RNSPolynomial<Evaluation>(context: scalarRing, residues: a).inverseNTT().residues
        for path in availablePaths {
            let ring = try RingContext(logDegree: logN, moduli: [q], path: path)
            let x = try RNSPolynomial<Coefficient>(context: ring, residues: a)
            let y = try RNSPolynomial<Coefficient>(context: ring, residues: b)
            #expect(firstMismatch(x.forwardNTT().residues, scalarForward) == nil, "forward, path \(path)")
            let inverse = try RNSPolynomial<Evaluation>(context: ring, residues: a).inverseNTT().residues
            #expect(firstMismatch(inverse, scalarInverse) == nil, "inverse, path \(path)")
            let product = (x.forwardNTT() * y.forwardNTT()).inverseNTT()
            #expect(firstMismatch(product.residues, expected) == nil, "product, path \(path)")
        }
    }

    /// All coefficients q − 1 keep every lazy butterfly at its largest inputs (up to 4q − 1); the round trip and
    /// the square (coefficient k is 2(k + 1) − N) must come out exact.
    @Test(arguments: availablePaths)
    func largestCoefficientsRoundTrip(path: KernelPath) throws {
        for q in try widePrimes(logDegree: 12) {
            let ring = try RingContext(logDegree: 12, moduli: [q], path: path)
            let top = try RNSPolynomial<Coefficient>(context: ring, residues: Array(repeating: q - 1, count: 4096))
            #expect(top.forwardNTT().inverseNTT() == top, "q = \(q)")
            let square = (top.forwardNTT() * top.forwardNTT()).inverseNTT()
            #expect(
                firstMismatch(square.residues, NTTOracleTests().negacyclicSquareOfAllMinusOne(q: q, n: 4096)) == nil,
                "q = \(q)")
        }
    }

    /// Add, subtract, negate, multiply, multiply-add, Shoup constants and constant addition on every path, against
    /// the full-width reference, on all five wide primes at once (one limb each) with edge values.
    @Test(arguments: availablePaths)
    func elementwiseMatchesReference(path: KernelPath) throws {
        let ring = try RingContext(logDegree: 10, moduli: widePrimes(logDegree: 10), path: path)
        let a = try RNSPolynomial<Evaluation>(context: ring, residues: edgeResidues(ring, seed: 21))
        let b = try RNSPolynomial<Evaluation>(context: ring, residues: edgeResidues(ring, seed: 22))
        let elementwise = ElementwiseTests()
        elementwise.expectEach(a + b, a, b) { x, y, q in (x + y) % q }
        elementwise.expectEach(a - b, a, b) { x, y, q in (x + q - y) % q }
        elementwise.expectEach(-a, a, b) { x, _, q in (q - x) % q }
        elementwise.expectEach(a * b, a, b) { x, y, q in Reference.mulMod(x, y, q) }
        var accumulator = b
        accumulator.multiplyAdd(a, b)
        elementwise.expectEach(accumulator, a, b) { x, y, q in (Reference.mulMod(x, y, q) + y) % q }
        for constant in [UInt64(1), 2, 3] {
            let constants = ring.moduli.map { $0.value - constant }
            var scaled = a
            scaled.multiply(byResidues: constants)
            elementwise.expectEach(scaled, a, b) { x, _, q in Reference.mulMod(x, q - constant, q) }
            var shifted = a
            shifted.add(residues: constants)
            elementwise.expectEach(shifted, a, b) { x, _, q in (x + q - constant) % q }
        }
    }

    /// Fast and exact base conversion between wide primes, and rescaling by a 61-bit prime (which reduces words of
    /// 61 bits modulo smaller primes), agree with the scalar path bit for bit; exact conversion also with NTL.
    /// Sources hold random residues, and y_i = b_i − 2^20 − (up to 999) in their first half: the largest terms of the sums, with x still
    /// 2^-38 · B away from B, outside the exact conversion's documented window of error.
    @Test(arguments: [(11, 2), (12, 3), (13, 5)])
    func conversionAndRescaleMatchScalar(logN: Int, sources: Int) throws {
        let primes = try widePrimes(logDegree: logN)
        let extra = try Modulus.nttPrimes(bits: 61, logDegree: logN, count: 2, excluding: primes)
        var results: [[[UInt64]]] = []
        for path in availablePaths {
            let all = try RingContext(logDegree: logN, moduli: primes + extra, path: path)
            let source = all.prefix(sources)
            let target = try RingContext(tables: Array(all.tables.suffix(7 - sources)), path: path)
            // Not edgeResidues: x = B − 1 (every residue q − 1) is inside the exact conversion's window of error.
            var residues = try randomPolynomial(source, seed: 31).residues
            let b = source.moduli.map(\.value), n = source.degree
            for i in 0..<sources {
                let punctured = b.indices.filter { $0 != i }.reduce(UInt64(1)) {
                    Reference.mulMod($0, b[$1] % b[i], b[i])
                }
                for t in 0..<n / 2 {
                    residues[i * n + t] = Reference.mulMod(b[i] - (1 << 20) - UInt64(t * 7919 % 1000), punctured, b[i])
                }
            }
            let x = try RNSPolynomial<Coefficient>(context: source, residues: residues)
            let converter = try BaseConverter(from: source, to: target)
            let exact = converter.convert(x, exactly: true)
            RNSTests().expectExact(exact, of: x, step: 29, "path \(path)")
            let whole = try RNSPolynomial<Coefficient>(context: all, residues: edgeResidues(all, seed: 32))
            results.append([
                converter.convert(x).residues, exact.residues, whole.dividingAndRoundingByLastModulus().residues,
                whole.forwardNTT().dividingAndRoundingByLastModulus().residues,
            ])
        }
        #expect(results.allSatisfy { $0 == results[0] }, "kernel paths disagree")
    }
}

extension WidePrimeKernelTests {
    /// The NTT checks at N = 2^14 … 2^16.
    @Suite(.tags(.slow)) struct Slow {
        @Test(arguments: WidePrimeKernelTests.cases(ringSizes: largeRingSizes))
        func nttMatchesScalarAndNTL(logN: Int, prime: Int) throws {
            try WidePrimeKernelTests().nttMatchesScalarAndNTL(logN: logN, prime: prime)
        }
    }
}
