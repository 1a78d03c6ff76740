import Testing

@testable import HERing

@Suite struct AutomorphismTests {
    /// a(X) ↦ a(X^k) by moving each coefficient directly.
    func directPermutation(_ a: [UInt64], k: Int, q: UInt64) -> [UInt64] {
        let n = a.count
        var out = [UInt64](repeating: 0, count: n)
        for i in 0..<n {
            let target = i * k % (2 * n)
            if target < n { out[target] = a[i] } else { out[target - n] = (q - a[i]) % q }
        }
        return out
    }

    @Test(arguments: smallRingSizes)
    func coefficientAndEvaluationFormsAgreeWithDirectPermutation(logN: Int) throws {
        let primes =
            try Modulus.nttPrimes(bits: 45, logDegree: logN, count: 1)
            + Modulus.nttPrimes(bits: 60, logDegree: logN, count: 1)
        let ring = try RingContext(logDegree: logN, moduli: primes)
        let a = try randomPolynomial(ring, seed: UInt64(logN))
        let n = ring.degree
        for step in [1, -1, 3, n / 4 - 1] {
            let element = try GaloisElement.rotation(by: step, logDegree: logN)
            try check(a, element: element)
        }
        try check(a, element: GaloisElement.conjugation(logDegree: logN))
    }

    func check(_ a: RNSPolynomial<Coefficient>, element: GaloisElement) throws {
        let moved = a.applying(element)
        for (i, q) in a.context.moduli.enumerated() {
            #expect(
                firstMismatch(
                    Array(moved.limb(i)), directPermutation(Array(a.limb(i)), k: Int(element.exponent), q: q.value))
                    == nil)
        }
        #expect(a.forwardNTT().applying(element) == moved.forwardNTT())
    }

    @Test func rotationElementsArePowersOfFive() throws {
        #expect(try GaloisElement.rotation(by: 1, logDegree: 10).exponent == 5)
        #expect(try GaloisElement.rotation(by: 2, logDegree: 10).exponent == 25)
        let left = try GaloisElement.rotation(by: 1, logDegree: 10).exponent
        let right = try GaloisElement.rotation(by: -1, logDegree: 10).exponent
        #expect(left * right % 2048 == 1)
        #expect(try GaloisElement.conjugation(logDegree: 10).exponent == 2047)
        #expect(throws: HERingError.self) { try GaloisElement(exponent: 4, logDegree: 10) }
        #expect(throws: HERingError.self) { try GaloisElement(exponent: 2049, logDegree: 10) }
    }
}

extension AutomorphismTests {
    /// The same permutations at N = 2^14 … 2^16.
    @Suite(.tags(.slow)) struct Slow {
        @Test(arguments: largeRingSizes)
        func coefficientAndEvaluationFormsAgreeWithDirectPermutation(logN: Int) throws {
            try AutomorphismTests().coefficientAndEvaluationFormsAgreeWithDirectPermutation(logN: logN)
        }
    }
}
