import HERing

/// Multiplication of every slot by the imaginary unit i, exactly and without using a level.
///
/// Slot j holds m(ζ_j) with ζ_j = ζ^(5^j) and ζ = e^(iπ/N); since 5^j ≡ 1 (mod 4), ζ_j^(N/2) = e^(iπ·5^j/2) = i
/// for every j. Multiplying the plaintext polynomial by the monomial X^(N/2) therefore multiplies every slot by i,
/// and on a ciphertext it is a multiplication of both components by that monomial: no noise, no scale change.
/// The homomorphic DFT uses it to join and split real and imaginary parts (Cheon, Han, Kim, Kim and Song 2018,
/// §4.2).
extension Evaluator {
    /// i·a in every slot (−i·a with `negated`); same level and scale.
    func multiplyByImaginaryUnit(_ a: Ciphertext, negated: Bool = false) throws(CKKSError) -> Ciphertext {
        try check(a)
        let degree = 1 << context.parameters.logDegree
        var coefficients = [Int64](repeating: 0, count: degree)
        coefficients[degree / 2] = negated ? -1 : 1
        let monomial = RNSPolynomial<Coefficient>(
            context: context.ring(level: a.level), signedCoefficients: coefficients
        )
        .forwardNTT()
        var result = a
        for i in result.components.indices { result.components[i].multiply(monomial) }
        result.seed = nil
        return result
    }
}
