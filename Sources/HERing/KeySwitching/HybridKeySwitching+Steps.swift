internal import CKernels

/// The digits of one polynomial raised to Q_ℓ ∪ P (ModUp), kept to switch it under several keys (hoisting).
/// Automorphisms commute with ModUp, so one decomposition serves every rotation of a ciphertext.
package final class KeySwitchingDigits: @unchecked Sendable {
    let switching: HybridKeySwitching
    /// Level ℓ of the decomposed polynomial.
    package let level: Int
    let buffer: [UInt64]

    init(switching: HybridKeySwitching, level: Int, buffer: [UInt64]) {
        self.switching = switching
        self.level = level
        self.buffer = buffer
    }

    deinit { switching.scratch.give(buffer) }
}

extension HybridKeySwitching {
    /// ModUp of c (over Q_ℓ, evaluation form) into all its digits, for several ``switchKey(_:keyB:keyA:)``
    /// calls.
    package func decompose(_ c: RNSPolynomial<Evaluation>) -> KeySwitchingDigits {
        let level = level(of: c), plan = plans[level]
        let width = plan.ringQP.limbCount * c.degree
        var buffer = scratch.take(plan.digits.count * width)
        withCoefficients(of: c) { coefficients, evaluations, convert in
            buffer.withUnsafeMutableBufferPointer { out in
                for (j, digit) in plan.digits.enumerated() {
                    raise(
                        digit, evaluations: evaluations, coefficients: coefficients, into: out.baseAddress! + j * width,
                        n: c.degree, scratch: convert, path: c.context.path)
                }
            }
        }
        return KeySwitchingDigits(switching: self, level: level, buffer: buffer)
    }

    /// Key switching of c (over Q_ℓ): (u_0, u_1) over Q_ℓ with u_0 + u_1·s ≈ c·s' for a key (b_j, a_j) that
    /// encrypts s' under s. Raises one digit at a time, so memory stays at a few polynomials.
    package func switchKey(
        _ c: RNSPolynomial<Evaluation>, keyB: [RNSPolynomial<Evaluation>], keyA: [RNSPolynomial<Evaluation>]
    ) -> (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>) {
        let level = level(of: c), plan = plans[level], n = c.degree
        precondition(keyB.count >= plan.digits.count && keyA.count == keyB.count, "one key component per digit")
        var digitBuffer = scratch.take(plan.ringQP.limbCount * n)
        defer { scratch.give(digitBuffer) }
        return withAccumulators(level: level, n: n) { accB, accA in
            withCoefficients(of: c) { coefficients, evaluations, convert in
                digitBuffer.withUnsafeMutableBufferPointer { digit in
                    for (j, digitPlan) in plan.digits.enumerated() {
                        raise(
                            digitPlan, evaluations: evaluations, coefficients: coefficients, into: digit.baseAddress!,
                            n: n, scratch: convert, path: c.context.path)
                        accumulate(
                            UnsafePointer(digit.baseAddress!), digitPlan, level: level, keyB: keyB[j], keyA: keyA[j],
                            accB: accB, accA: accA, n: n)
                    }
                }
            }
        }
    }

    /// Key switching from a decomposition (see ``decompose(_:)``).
    package func switchKey(
        _ digits: KeySwitchingDigits, keyB: [RNSPolynomial<Evaluation>], keyA: [RNSPolynomial<Evaluation>]
    ) -> (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>) {
        let plan = plans[digits.level], n = plan.ringQ.degree
        precondition(keyB.count >= plan.digits.count && keyA.count == keyB.count, "one key component per digit")
        let width = plan.ringQP.limbCount * n
        return withAccumulators(level: digits.level, n: n) { accB, accA in
            digits.buffer.withUnsafeBufferPointer { all in
                for (j, digitPlan) in plan.digits.enumerated() {
                    accumulate(
                        all.baseAddress! + j * width, digitPlan, level: digits.level, keyB: keyB[j], keyA: keyA[j],
                        accB: accB, accA: accA, n: n)
                }
            }
        }
    }

    /// ModDown: ⌊x / P⌉ from Q_ℓ ∪ P to Q_ℓ, evaluation form. The P → Q conversion is exact (Halevi–Polyakov–
    /// Shoup), so the result is correctly rounded: the fast conversion's error of up to (k − 1)·P, biased, cost
    /// about 3 bits of precision with k = 2…4 special primes.
    package func divideByP(_ x: RNSPolynomial<Evaluation>) -> RNSPolynomial<Evaluation> {
        let level = x.limbCount - ringP.limbCount - 1
        precondition(level >= 0 && x.context.isSameRing(as: plans[level].ringQP), "ModDown input is not over Q_ℓ ∪ P")
        var copy = scratch.take(x.residues.count)
        defer { scratch.give(copy) }
        return copy.withUnsafeMutableBufferPointer { buffer in
            _ = buffer.initialize(from: x.residues)
            return divideByP(buffer.baseAddress!, level: level)
        }
    }

    /// ModDown of a scratch buffer over Q_ℓ ∪ P (destroyed). With h = (P − 1)/2 added to every coefficient,
    /// ⌊(x + h)/P⌋ = (x − ([x + h]_P − h))/P, where [x + h]_P is recovered exactly from its residues.
    func divideByP(_ x: UnsafeMutablePointer<UInt64>, level: Int) -> RNSPolynomial<Evaluation> {
        let plan = plans[level], ringQ = plan.ringQ, n = ringQ.degree, path = ringQ.path.cValue
        let qLimbs = ringQ.limbCount, pTables = ringP.tables, qTables = ringQ.tables
        parallel.run(pTables.count) { limbs in
            for j in limbs {
                let limb = x + (qLimbs + j) * n
                ck_ntt_inverse(pTables[j].handle, limb, path)
                var m = pTables[j].modulus.c
                ck_add_scalar(limb, limb, plan.halfPOnP[j], n, &m, path)
            }
        }
        var correction = scratch.take(qLimbs * n), convert = scratch.take(ringP.limbCount * n)
        defer {
            scratch.give(correction)
            scratch.give(convert)
        }
        let out = [UInt64](unsafeUninitializedCapacity: qLimbs * n) { result, initialized in
            correction.withUnsafeMutableBufferPointer { corr in
                let corr = corr.baseAddress!, result = result.baseAddress!
                convert.withUnsafeMutableBufferPointer { space in
                    let space = space.baseAddress!
                    parallel.run(n, granule: 64) { range in
                        ck_base_convert_range(
                            plan.pToQ.handle, x + qLimbs * n, corr, space + pTables.count * range.lowerBound, n,
                            range.lowerBound, range.upperBound, 1, path)
                    }
                }
                parallel.run(qLimbs) { limbs in
                    for i in limbs {
                        let limb = corr + i * n
                        var m = qTables[i].modulus.c
                        ck_add_scalar(limb, limb, plan.minusHalfPOnQ[i], n, &m, path)
                        ck_ntt_forward(qTables[i].handle, limb, path)
                        ck_sub_mul_scalar(result + i * n, x + i * n, limb, plan.pInverse[i], n, &m, path)
                    }
                }
            }
            initialized = qLimbs * n
        }
        return RNSPolynomial(uncheckedContext: ringQ, residues: out)
    }

    /// Runs `body` with c's residues (evaluation form), a coefficient-form copy and conversion scratch.
    func withCoefficients<T>(
        of c: RNSPolynomial<Evaluation>,
        _ body: (UnsafePointer<UInt64>, UnsafePointer<UInt64>, UnsafeMutablePointer<UInt64>) -> T
    ) -> T {
        var coefficients = scratch.take(c.residues.count), convert = scratch.take(primesPerDigit * c.degree)
        defer {
            scratch.give(coefficients)
            scratch.give(convert)
        }
        return coefficients.withUnsafeMutableBufferPointer { coeff in
            _ = coeff.initialize(from: c.residues)
            let base = coeff.baseAddress!, tables = c.context.tables, n = c.degree, path = c.context.path.cValue
            parallel.run(tables.count) { limbs in
                for i in limbs { ck_ntt_inverse(tables[i].handle, base + i * n, path) }
            }
            return c.residues.withUnsafeBufferPointer { evaluations in
                convert.withUnsafeMutableBufferPointer {
                    body(coeff.baseAddress!, evaluations.baseAddress!, $0.baseAddress!)
                }
            }
        }
    }

    /// Two zeroed accumulators over Q_ℓ ∪ P; after `body` fills them, both are divided by P.
    func withAccumulators(
        level: Int, n: Int, _ body: (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>) -> Void
    ) -> (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>) {
        let width = plans[level].ringQP.limbCount * n
        var accB = scratch.take(width), accA = scratch.take(width)
        defer {
            scratch.give(accB)
            scratch.give(accA)
        }
        return accB.withUnsafeMutableBufferPointer { b in
            accA.withUnsafeMutableBufferPointer { a in
                b.update(repeating: 0)
                a.update(repeating: 0)
                body(b.baseAddress!, a.baseAddress!)
                return (divideByP(b.baseAddress!, level: level), divideByP(a.baseAddress!, level: level))
            }
        }
    }

    /// ModUp of one digit: its own limbs copied from the evaluation form, the others converted from its
    /// coefficients and transformed; laid out as `digit.positions` says.
    func raise(
        _ digit: DigitPlan, evaluations: UnsafePointer<UInt64>, coefficients: UnsafePointer<UInt64>,
        into out: UnsafeMutablePointer<UInt64>, n: Int, scratch: UnsafeMutablePointer<UInt64>, path: KernelPath
    ) {
        let converted = digit.targetTables.count, sources = digit.limbs.count, tables = digit.targetTables
        let input = coefficients + digit.limbs.lowerBound * n
        parallel.run(n, granule: 64) { range in
            ck_base_convert_range(
                digit.converter.handle, input, out, scratch + sources * range.lowerBound, n, range.lowerBound,
                range.upperBound, 0, path.cValue)
        }
        parallel.run(converted) { targets in
            for t in targets { ck_ntt_forward(tables[t].handle, out + t * n, path.cValue) }
        }
        (out + converted * n).update(from: evaluations + digit.limbs.lowerBound * n, count: digit.limbs.count * n)
    }

    /// acc_b += digit ⊙ b_j and acc_a += digit ⊙ a_j on every limb of Q_ℓ ∪ P (key limbs of Q_L ∪ P).
    func accumulate(
        _ digit: UnsafePointer<UInt64>, _ plan: DigitPlan, level: Int, keyB: RNSPolynomial<Evaluation>,
        keyA: RNSPolynomial<Evaluation>, accB: UnsafeMutablePointer<UInt64>, accA: UnsafeMutablePointer<UInt64>, n: Int
    ) {
        let ringQP = plans[level].ringQP, path = ringQP.path.cValue, skipped = maxLevel - level
        keyB.residues.withUnsafeBufferPointer { kb in
            keyA.residues.withUnsafeBufferPointer { ka in
                let kb = kb.baseAddress!, ka = ka.baseAddress!, positions = plan.positions
                parallel.run(positions.count) { limbs in
                    for t in limbs {
                        let position = positions[t]
                        let keyLimb = (position <= level ? position : position + skipped) * n
                        var m = ringQP.moduli[position].c
                        ck_mul_add(accB + position * n, digit + t * n, kb + keyLimb, n, &m, path)
                        ck_mul_add(accA + position * n, digit + t * n, ka + keyLimb, n, &m, path)
                    }
                }
            }
        }
    }
}
