import Testing

@testable import HERing

/// Values computed independently (Python with SymPy, naive O(N²) evaluation at ψ^(2·bitrev(j)+1)).
@Suite struct NTTKnownAnswerTests {
    @Test func primesAndRootMatchIndependentSearch() throws {
        #expect(try Modulus.nttPrimes(bits: 30, logDegree: 10, count: 3) == [1073707009, 1073698817, 1073692673])
        #expect(try Modulus.nttPrimes(bits: 50, logDegree: 17, count: 2) == [1125899902124033, 1125899886395393])
        #expect(try Modulus.nttPrimes(bits: 60, logDegree: 16, count: 1) == [1152921504606584833])
        #expect(try NTTTables(modulus: 1073707009, logDegree: 10).root == 169871)
    }

    @Test(arguments: availablePaths)
    func forwardMatchesKnownVector(path: KernelPath) throws {
        let q: UInt64 = 1073707009
        let ring = try RingContext(logDegree: 10, moduli: [q], path: path)
        let input = (0..<UInt64(1024)).map { ($0 * $0 + 7) % q }
        let output = try RNSPolynomial<Coefficient>(context: ring, residues: input).forwardNTT().residues
        #expect(Array(output.prefix(4)) == [291632225, 185810974, 648565056, 691247323])
        #expect(output[1023] == 239565254)
        // Σ (j+1)·out[j] mod q over the whole vector.
        let checksum = output.enumerated().reduce(UInt64(0)) {
            ($0 + Reference.mulMod(UInt64($1.offset + 1), $1.element, q)) % q
        }
        #expect(checksum == 302399740)
    }
}
