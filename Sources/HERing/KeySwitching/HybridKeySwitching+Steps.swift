internal import CKernels

extension HybridKeySwitching {
    /// ModUp: splits c (over Q_ℓ, evaluation form) into its digits, each raised to Q_ℓ ∪ P.
    ///
    /// The result can be reused for several keys (hoisting): automorphisms commute with it.
    public func decompose(_ c: RNSPolynomial<Evaluation>) -> [RNSPolynomial<Evaluation>] {
        let plan = plans[level(of: c)]
        let n = c.degree
        let coefficients = c.inverseNTT()
        var scratch = [UInt64](repeating: 0, count: primesPerDigit * n)
        return plan.digits.map { digit in
            let own = RNSPolynomial<Coefficient>(
                uncheckedContext: digit.ring,
                residues: Array(coefficients.residues[digit.limbs.lowerBound * n ..< digit.limbs.upperBound * n]))
            var raised = RNSPolynomial<Coefficient>(zeroIn: digit.converter.target)
            digit.converter.convert(own, into: &raised, scratch: &scratch)
            let converted = raised.forwardNTT()
            var out = [UInt64](repeating: 0, count: plan.ringQP.limbCount * n)
            let span = digit.limbs.lowerBound * n ..< digit.limbs.upperBound * n
            out.replaceSubrange(span, with: c.residues[span])
            for (k, position) in digit.targetPositions.enumerated() {
                out.replaceSubrange(position * n ..< (position + 1) * n, with: converted.residues[k * n ..< (k + 1) * n])
            }
            return RNSPolynomial<Evaluation>(uncheckedContext: plan.ringQP, residues: out)
        }
    }

    /// The inner product Σ_j digits[j] ⊙ (b_j, a_j) of decomposed digits (over Q_ℓ ∪ P) with a switching key
    /// whose components are over Q_L ∪ P; results over Q_ℓ ∪ P.
    public func innerProduct(
        _ digits: [RNSPolynomial<Evaluation>], keyB: [RNSPolynomial<Evaluation>], keyA: [RNSPolynomial<Evaluation>]
    ) -> (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>) {
        precondition(!digits.isEmpty && digits.count <= keyB.count && keyB.count == keyA.count,
                     "a switching key needs one component per digit")
        let ring = digits[0].context
        let level = ring.limbCount - ringP.limbCount - 1
        let n = ring.degree, path = ring.path.cValue, skipped = maxLevel - level
        var b = RNSPolynomial<Evaluation>(zeroIn: ring), a = RNSPolynomial<Evaluation>(zeroIn: ring)
        b.residues.withUnsafeMutableBufferPointer { bOut in
            a.residues.withUnsafeMutableBufferPointer { aOut in
                for (j, digit) in digits.enumerated() {
                    digit.residues.withUnsafeBufferPointer { d in
                        keyB[j].residues.withUnsafeBufferPointer { kb in
                            keyA[j].residues.withUnsafeBufferPointer { ka in
                                for (i, q) in ring.moduli.enumerated() {
                                    var m = q.c
                                    let keyLimb = (i <= level ? i : i + skipped) * n
                                    ck_mul_add(bOut.baseAddress! + i * n, d.baseAddress! + i * n, kb.baseAddress! + keyLimb, n, &m, path)
                                    ck_mul_add(aOut.baseAddress! + i * n, d.baseAddress! + i * n, ka.baseAddress! + keyLimb, n, &m, path)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (b, a)
    }

    /// ModDown: ⌊x / P⌉ (up to a small additive error from the fast base conversion) from Q_ℓ ∪ P to Q_ℓ,
    /// evaluation form. With h = (P − 1)/2 added to every coefficient, ⌊(x + h)/P⌋ = (x − ([x + h]_P − h))/P.
    public func divideByP(_ x: RNSPolynomial<Evaluation>) -> RNSPolynomial<Evaluation> {
        let level = x.limbCount - ringP.limbCount - 1
        let plan = plans[level]
        let n = x.degree, qLimbs = (level + 1) * n
        var xP = RNSPolynomial<Evaluation>(uncheckedContext: ringP, residues: Array(x.residues[qLimbs...])).inverseNTT()
        xP.add(residues: plan.halfPOnP)
        var correction = plan.pToQ.convert(xP)
        correction.add(residues: plan.minusHalfPOnQ)
        var result = RNSPolynomial<Evaluation>(uncheckedContext: plan.ringQ, residues: Array(x.residues[..<qLimbs]))
        result.subtract(correction.forwardNTT(), thenMultiplyByResidues: plan.pInverse)
        return result
    }
}
