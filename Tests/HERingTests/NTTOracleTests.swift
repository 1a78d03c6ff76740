import NTLOracle
import Testing

@testable import HERing

/// NTT properties with fixed seeds, every ring size 2^10…2^16 and primes of several sizes, checked against NTL.
@Suite struct NTTOracleTests {
    static func cases(ringSizes: [Int]) -> [(Int, Int)] { ringSizes.flatMap { logN in primeSizes.map { (logN, $0) } } }
    static let cases = cases(ringSizes: smallRingSizes)

    @Test(arguments: cases)
    func inverseUndoesForward(logN: Int, bits: Int) throws {
        for path in availablePaths {
            let ring = try RingContext(
                logDegree: logN, moduli: Modulus.nttPrimes(bits: bits, logDegree: logN, count: 1), path: path)
            let a = try randomPolynomial(ring, seed: UInt64(logN * 100 + bits))
            #expect(a.forwardNTT().inverseNTT() == a, "path \(path)")
        }
    }

    @Test(arguments: cases)
    func productMatchesNTL(logN: Int, bits: Int) throws {
        let q = try Modulus.nttPrimes(bits: bits, logDegree: logN, count: 1)[0]
        let ring = try RingContext(logDegree: logN, moduli: [q])
        let a = try randomPolynomial(ring, seed: 1), b = try randomPolynomial(ring, seed: 2)
        let product = (a.forwardNTT() * b.forwardNTT()).inverseNTT()
        var expected = [UInt64](repeating: 0, count: ring.degree)
        let status = ntl_negacyclic_multiply(a.residues, b.residues, &expected, UInt32(logN), q)
        #expect(status == 0)
        #expect(firstMismatch(product.residues, expected) == nil)
    }

    @Test(.enabled(if: severalPathsAvailable, "needs AVX-512"), arguments: cases)
    func pathsAgreeBitForBit(logN: Int, bits: Int) throws {
        let primes = try Modulus.nttPrimes(bits: bits, logDegree: logN, count: 1)
        let rings = try availablePaths.map { try RingContext(logDegree: logN, moduli: primes, path: $0) }
        let a = try randomPolynomial(rings[0], seed: 3)
        let forward = try rings.map {
            try RNSPolynomial<Coefficient>(context: $0, residues: a.residues).forwardNTT().residues
        }
        #expect(forward.allSatisfy { $0 == forward[0] })
        let inverse = try rings.map {
            try RNSPolynomial<Evaluation>(context: $0, residues: a.residues).inverseNTT().residues
        }
        #expect(inverse.allSatisfy { $0 == inverse[0] })
    }

    @Test(arguments: availablePaths)
    func edgeValuesRoundTrip(path: KernelPath) throws {
        for bits in primeSizes {
            let q = try Modulus.nttPrimes(bits: bits, logDegree: 12, count: 1)[0]
            let ring = try RingContext(logDegree: 12, moduli: [q], path: path)
            let top = try RNSPolynomial<Coefficient>(context: ring, residues: Array(repeating: q - 1, count: 4096))
            #expect(top.forwardNTT().inverseNTT() == top)
            let product = (top.forwardNTT() * top.forwardNTT()).inverseNTT()
            #expect(firstMismatch(product.residues, negacyclicSquareOfAllMinusOne(q: q, n: 4096)) == nil)
        }
    }

    /// (-(1 + X + … + X^(N-1)))² mod X^N + 1 has coefficient k equal to 2(k+1) − N.
    func negacyclicSquareOfAllMinusOne(q: UInt64, n: Int) -> [UInt64] {
        (0..<n).map { k in
            let value = Int64(2 * (k + 1) - n)
            return value >= 0 ? UInt64(value) % q : q - UInt64(-value) % q
        }
    }

    @Test func schoolbookAgreesAtSmallestRing() throws {
        let q = try Modulus.nttPrimes(bits: 40, logDegree: 10, count: 1)[0]
        let ring = try RingContext(logDegree: 10, moduli: [q])
        let a = try randomPolynomial(ring, seed: 4), b = try randomPolynomial(ring, seed: 5)
        let product = (a.forwardNTT() * b.forwardNTT()).inverseNTT()
        #expect(firstMismatch(product.residues, Reference.negacyclicProduct(a.residues, b.residues, q)) == nil)
    }
}

extension NTTOracleTests {
    /// The same properties at N = 2^14 … 2^16.
    @Suite(.tags(.slow)) struct Slow {
        static let cases = NTTOracleTests.cases(ringSizes: largeRingSizes)

        @Test(arguments: cases)
        func inverseUndoesForward(logN: Int, bits: Int) throws {
            try NTTOracleTests().inverseUndoesForward(logN: logN, bits: bits)
        }

        @Test(arguments: cases)
        func productMatchesNTL(logN: Int, bits: Int) throws {
            try NTTOracleTests().productMatchesNTL(logN: logN, bits: bits)
        }

        @Test(.enabled(if: severalPathsAvailable, "needs AVX-512"), arguments: cases)
        func pathsAgreeBitForBit(logN: Int, bits: Int) throws {
            try NTTOracleTests().pathsAgreeBitForBit(logN: logN, bits: bits)
        }
    }
}
