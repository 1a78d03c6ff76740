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
        let level = level(of: c), plan = plans[level], n = c.degree, path = c.context.path.cValue
        let width = plan.ringQP.limbCount * n
        var buffer = scratch.take(plan.digits.count * width)
        withCoefficients(of: c) { coefficients, evaluations, convert in
            buffer.withUnsafeMutableBufferPointer { all in
                for (j, digit) in plan.digits.enumerated() {
                    let out = all.baseAddress! + j * width, converted = digit.targetTables.count
                    parallel.run(splitting: converted, and: digit.limbs.count) { chunk, targets, limbs in
                        raise(
                            digit, targets, coefficients, into: out, n: n, scratch: convert + chunk * convertWords(n),
                            path: path)
                        (out + (converted + limbs.lowerBound) * n).update(
                            from: evaluations + (digit.limbs.lowerBound + limbs.lowerBound) * n, count: limbs.count * n)
                    }
                }
            }
        }
        return KeySwitchingDigits(switching: self, level: level, buffer: buffer)
    }

    /// Key switching of c (over Q_ℓ): (u_0, u_1) over Q_ℓ with u_0 + u_1·s ≈ c·s' for a key (b_j, a_j) that
    /// encrypts s' under s. Raises one digit at a time, so memory stays at a few polynomials; each thread raises
    /// its share of a digit's limbs and multiplies them into the key while they are in cache.
    package func switchKey(
        _ c: RNSPolynomial<Evaluation>, keyB: [RNSPolynomial<Evaluation>], keyA: [RNSPolynomial<Evaluation>]
    ) -> (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>) {
        let level = level(of: c), plan = plans[level], n = c.degree, path = c.context.path.cValue
        requireKey(keyB, keyA, level: level)
        if parallel.threads > 1, plan.digits.count >= parallel.threads {
            return switchKeyByDigits(c, keyB: keyB, keyA: keyA)
        }
        var digitBuffer = scratch.take(plan.ringQP.limbCount * n)
        defer { scratch.give(digitBuffer) }
        return withAccumulators(level: level, n: n) { accB, accA in
            withCoefficients(of: c) { coefficients, evaluations, convert in
                digitBuffer.withUnsafeMutableBufferPointer { digitBuffer in
                    let raised = digitBuffer.baseAddress!
                    for (j, digit) in plan.digits.enumerated() {
                        let converted = digit.targetTables.count
                        let keys = KeyProduct(keyB: keyB[j], keyA: keyA[j], accB: accB, accA: accA)
                        parallel.run(splitting: converted, and: digit.limbs.count) { chunk, targets, limbs in
                            raise(
                                digit, targets, coefficients, into: raised, n: n,
                                scratch: convert + chunk * convertWords(n), path: path)
                            accumulate(digit, rows: targets, level: level, keys, n: n) {
                                UnsafePointer(raised + $0 * n)
                            }
                            accumulate(
                                digit, rows: (converted + limbs.lowerBound)..<(converted + limbs.upperBound),
                                level: level, keys, n: n
                            ) {
                                evaluations + (digit.limbs.lowerBound + $0 - converted) * n
                            }
                        }
                    }
                }
            }
        }
    }

    /// ``switchKey(_:keyB:keyA:)`` with at least as many digits as threads: each thread raises and multiplies in
    /// a share of the digits, into accumulators of its own, which are then added up (one fork-join for the inner
    /// product, so short waits for a busy core matter less). Residues are fully reduced, so the sum does not
    /// depend on the split.
    func switchKeyByDigits(
        _ c: RNSPolynomial<Evaluation>, keyB: [RNSPolynomial<Evaluation>], keyA: [RNSPolynomial<Evaluation>]
    ) -> (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>) {
        let level = level(of: c), plan = plans[level], n = c.degree, path = c.context.path.cValue
        let ringQP = plan.ringQP, width = ringQP.limbCount * n
        let chunks = min(parallel.threads, plan.digits.count)
        // Per chunk: a raised-digit buffer; per chunk after the first: two accumulators.
        var space = scratch.take(width * (3 * chunks - 2))
        defer { scratch.give(space) }
        return withAccumulators(level: level, n: n) { accB, accA in
            withCoefficients(of: c) { coefficients, evaluations, convert in
                space.withUnsafeMutableBufferPointer { space in
                    let base = space.baseAddress!
                    (base + chunks * width).update(repeating: 0, count: 2 * (chunks - 1) * width)
                    func accumulators(_ chunk: Int) -> (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>) {
                        chunk == 0
                            ? (accB, accA)
                            : (base + (chunks + 2 * chunk - 2) * width, base + (chunks + 2 * chunk - 1) * width)
                    }
                    parallel.run(splitting: plan.digits.count, and: 0) { chunk, share, _ in
                        let raised = base + chunk * width, (b, a) = accumulators(chunk)
                        for j in share {
                            let digit = plan.digits[j], converted = digit.targetTables.count
                            let keys = KeyProduct(keyB: keyB[j], keyA: keyA[j], accB: b, accA: a)
                            raise(
                                digit, 0..<converted, coefficients, into: raised, n: n,
                                scratch: convert + chunk * convertWords(n), path: path)
                            accumulate(digit, rows: 0..<converted, level: level, keys, n: n) {
                                UnsafePointer(raised + $0 * n)
                            }
                            accumulate(digit, rows: converted..<digit.positions.count, level: level, keys, n: n) {
                                evaluations + (digit.limbs.lowerBound + $0 - converted) * n
                            }
                        }
                    }
                    parallel.run(ringQP.limbCount) { limbs in
                        for i in limbs {
                            var m = ringQP.moduli[i].c
                            for chunk in 1..<chunks {
                                let (b, a) = accumulators(chunk)
                                ck_add(accB + i * n, accB + i * n, b + i * n, n, &m, path)
                                ck_add(accA + i * n, accA + i * n, a + i * n, n, &m, path)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Key switching from a decomposition (see ``decompose(_:)``). Each thread owns a share of the accumulator
    /// limbs and adds every digit's products into them: one fork-join for the whole inner product.
    package func switchKey(
        _ digits: KeySwitchingDigits, keyB: [RNSPolynomial<Evaluation>], keyA: [RNSPolynomial<Evaluation>]
    ) -> (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>) {
        let level = digits.level, plan = plans[level], n = plan.ringQ.degree
        requireKey(keyB, keyA, level: level)
        let width = plan.ringQP.limbCount * n
        return withAccumulators(level: level, n: n) { accB, accA in
            digits.buffer.withUnsafeBufferPointer { all in
                let all = all.baseAddress!
                parallel.run(plan.ringQP.limbCount) { limbs in
                    for (j, digit) in plan.digits.enumerated() {
                        let keys = KeyProduct(keyB: keyB[j], keyA: keyA[j], accB: accB, accA: accA)
                        accumulate(digit, rows: limbs.lazy.map(digit.row(of:)), level: level, keys, n: n) {
                            all + j * width + $0 * n
                        }
                    }
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
    /// ⌊(x + h)/P⌋ = (x − ([x + h]_P − h))/P, where [x + h]_P is recovered exactly from its residues. Each thread
    /// converts, transforms and subtracts its share of the limbs of Q_ℓ.
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
        let words = pTables.count * n
        var correction = scratch.take(qLimbs * n), convert = scratch.take(parallel.threads * words)
        defer {
            scratch.give(correction)
            scratch.give(convert)
        }
        let out = [UInt64](unsafeUninitializedCapacity: qLimbs * n) { result, initialized in
            correction.withUnsafeMutableBufferPointer { corr in
                convert.withUnsafeMutableBufferPointer { space in
                    let corr = corr.baseAddress!, result = result.baseAddress!, space = space.baseAddress!
                    parallel.run(splitting: qLimbs, and: 0) { chunk, limbs, _ in
                        ck_base_convert_targets(
                            plan.pToQ.handle, x + qLimbs * n, corr, space + chunk * words, n, limbs.lowerBound,
                            limbs.count, 1, path)
                        for i in limbs {
                            let limb = corr + i * n
                            var m = qTables[i].modulus.c
                            ck_add_scalar(limb, limb, plan.minusHalfPOnQ[i], n, &m, path)
                            ck_ntt_forward(qTables[i].handle, limb, path)
                            ck_sub_mul_scalar(result + i * n, x + i * n, limb, plan.pInverse[i], n, &m, path)
                        }
                    }
                }
            }
            initialized = qLimbs * n
        }
        return RNSPolynomial(uncheckedContext: ringQ, residues: out)
    }

    /// Words of conversion scratch one thread needs to raise a digit.
    func convertWords(_ n: Int) -> Int { primesPerDigit * n }

    /// Runs `body` with c's residues (evaluation form), a coefficient-form copy and conversion scratch
    /// (``convertWords(_:)`` per thread).
    func withCoefficients<T>(
        of c: RNSPolynomial<Evaluation>,
        _ body: (UnsafePointer<UInt64>, UnsafePointer<UInt64>, UnsafeMutablePointer<UInt64>) -> T
    ) -> T {
        var coefficients = scratch.take(c.residues.count)
        var convert = scratch.take(parallel.threads * convertWords(c.degree))
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

    /// ModUp of the converted limbs `targets` of one digit (the converter's targets, in coefficient form from the
    /// digit's own limbs of `coefficients`), into `out` at their rows, in evaluation form. A raised digit is laid
    /// out as the converter's targets followed by the digit's own limbs; `digit.positions` maps each row to its
    /// limb of Q_ℓ ∪ P.
    func raise(
        _ digit: DigitPlan, _ targets: Range<Int>, _ coefficients: UnsafePointer<UInt64>,
        into out: UnsafeMutablePointer<UInt64>, n: Int, scratch: UnsafeMutablePointer<UInt64>, path: ck_path
    ) {
        guard !targets.isEmpty else { return }
        ck_base_convert_targets(
            digit.converter.handle, coefficients + digit.limbs.lowerBound * n, out, scratch, n, targets.lowerBound,
            targets.count, 0, path)
        for t in targets { ck_ntt_forward(digit.targetTables[t].handle, out + t * n, path) }
    }

    /// One digit's key pair and the accumulators it is multiplied into.
    struct KeyProduct {
        let keyB: RNSPolynomial<Evaluation>
        let keyA: RNSPolynomial<Evaluation>
        let accB: UnsafeMutablePointer<UInt64>
        let accA: UnsafeMutablePointer<UInt64>
    }

    /// Level ℓ_k of a key whose components are over Q_ℓk ∪ P (ℓ_k = L for a key of the whole chain).
    func keyLevel(_ component: RNSPolynomial<Evaluation>) -> Int { component.limbCount - ringP.limbCount - 1 }

    /// Checks that a key (b_j, a_j) can switch a polynomial at `level`: one component per digit of that level, over
    /// Q_ℓk ∪ P for some ℓ_k ≥ level (a key made for the levels it is used at may stop below L).
    func requireKey(_ keyB: [RNSPolynomial<Evaluation>], _ keyA: [RNSPolynomial<Evaluation>], level: Int) {
        precondition(keyB.count >= plans[level].digits.count && keyA.count == keyB.count, "one key component per digit")
        let keyLevel = keyLevel(keyB[0])
        precondition(
            (level...maxLevel).contains(keyLevel)
                && (keyB + keyA).allSatisfy { $0.context.isSameRing(as: plans[keyLevel].ringQP) },
            "the key does not reach the ciphertext's level")
    }

    /// acc_b += row ⊙ b_j and acc_a += row ⊙ a_j for the raised digit's `rows` (row t read from `row(t)`, added
    /// at limb `digit.positions[t]` of Q_ℓ ∪ P; key limbs of Q_ℓk ∪ P, ℓ_k ≥ ℓ).
    func accumulate(
        _ digit: DigitPlan, rows: some Sequence<Int>, level: Int, _ keys: KeyProduct, n: Int,
        _ row: (Int) -> UnsafePointer<UInt64>
    ) {
        let ringQP = plans[level].ringQP, path = ringQP.path.cValue, skipped = keyLevel(keys.keyB) - level
        keys.keyB.residues.withUnsafeBufferPointer { kb in
            keys.keyA.residues.withUnsafeBufferPointer { ka in
                for t in rows {
                    let position = digit.positions[t]
                    let keyLimb = (position <= level ? position : position + skipped) * n
                    var m = ringQP.moduli[position].c
                    ck_mul_add(keys.accB + position * n, row(t), kb.baseAddress! + keyLimb, n, &m, path)
                    ck_mul_add(keys.accA + position * n, row(t), ka.baseAddress! + keyLimb, n, &m, path)
                }
            }
        }
    }
}
