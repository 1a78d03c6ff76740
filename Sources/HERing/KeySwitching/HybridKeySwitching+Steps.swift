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
    /// calls. Each thread raises, for every digit, the rows that land on its share of the limbs of Q_ℓ ∪ P.
    package func decompose(_ c: RNSPolynomial<Evaluation>) -> KeySwitchingDigits {
        let level = level(of: c), plan = plans[level], n = c.degree, path = c.context.path.cValue
        let width = plan.ringQP.limbCount * n
        var buffer = scratch.take(plan.digits.count * width)
        withCoefficients(of: c) { coefficients, evaluations, convert in
            buffer.withUnsafeMutableBufferPointer { all in
                let all = all.baseAddress!
                parallel.run(splitting: plan.ringQP.limbCount, and: 0) { chunk, positions, _ in
                    for (j, digit) in plan.digits.enumerated() {
                        let out = all + j * width, rows = digit.convertedRows(in: positions)
                        for part in [rows.below, rows.above] {
                            raise(
                                digit, part, coefficients, into: out, n: n, scratch: convert + chunk * convertWords(n),
                                path: path)
                        }
                        let own = positions.clamped(to: digit.limbs)
                        if !own.isEmpty {
                            (out + digit.row(of: own.lowerBound) * n).update(
                                from: evaluations + own.lowerBound * n, count: own.count * n)
                        }
                    }
                }
            }
        }
        return KeySwitchingDigits(switching: self, level: level, buffer: buffer)
    }

    /// Key switching of c (over Q_ℓ): (u_0, u_1) over Q_ℓ with u_0 + u_1·s ≈ c·s' for a key (b_j, a_j) that
    /// encrypts s' under s.
    package func switchKey(
        _ c: RNSPolynomial<Evaluation>, keyB: [RNSPolynomial<Evaluation>], keyA: [UniformKeyHalf]
    ) -> (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>) {
        let level = level(of: c)
        requireKey(keyB, keyA, level: level)
        return withAccumulators(level: level, n: c.degree) { accB, accA in innerProduct(c, keyB, keyA, accB, accA) }
    }

    /// d_0 += u_0 and d_1 += u_1 for the key switch (u_0, u_1) of c (see ``switchKey(_:keyB:keyA:)``), both over
    /// Q_ℓ; the sums are written by the threads that compute them, into d_0's and d_1's storage.
    package func switchKey(
        _ c: RNSPolynomial<Evaluation>, keyB: [RNSPolynomial<Evaluation>], keyA: [UniformKeyHalf],
        adding d0: inout RNSPolynomial<Evaluation>, _ d1: inout RNSPolynomial<Evaluation>
    ) {
        let level = level(of: c)
        requireKey(keyB, keyA, level: level)
        precondition(d0.context.isSameRing(as: c.context) && d1.context.isSameRing(as: c.context), "outputs over Q_ℓ")
        withAccumulators(level: level, n: c.degree, { accB, accA in innerProduct(c, keyB, keyA, accB, accA) }) {
            accB, accA in
            d0.residues.withUnsafeMutableBufferPointer { out0 in
                d1.residues.withUnsafeMutableBufferPointer { out1 in
                    divideByP([accB, accA], level: level, into: [out0.baseAddress!, out1.baseAddress!], adding: true)
                }
            }
        }
    }

    /// The inner product Σ_j ModUp(digit_j(c)) ⊙ (b_j, a_j) into accB and accA over Q_ℓ ∪ P (overwritten). Each
    /// thread owns a contiguous share of the limbs of Q_ℓ ∪ P and, digit after digit, raises the rows that land
    /// on them, transforms each and multiplies it into the key while it is in cache: one fork-join, no per-thread
    /// accumulators, the same share of the work for any number of digits.
    func innerProduct(
        _ c: RNSPolynomial<Evaluation>, _ keyB: [RNSPolynomial<Evaluation>], _ keyA: [UniformKeyHalf],
        _ accB: UnsafeMutablePointer<UInt64>, _ accA: UnsafeMutablePointer<UInt64>
    ) {
        let level = level(of: c), plan = plans[level], n = c.degree, path = c.context.path.cValue
        // Converted rows stored at their limb of Q_ℓ ∪ P, so threads owning other limbs never share a row.
        var raisedBuffer = scratch.take(plan.ringQP.limbCount * n)
        defer { scratch.give(raisedBuffer) }
        withCoefficients(of: c) { coefficients, evaluations, convert in
            raisedBuffer.withUnsafeMutableBufferPointer { raisedBuffer in
                let raised = raisedBuffer.baseAddress!
                forEachDigit(level: level, keyB, keyA, accB, accA) { chunk, positions, _, digit, keys in
                    let scratch = convert + chunk * convertWords(n)
                    let rows = digit.convertedRows(in: positions)
                    for (part, out) in [(rows.below, raised), (rows.above, raised + digit.limbs.count * n)] {
                        raise(digit, part, coefficients, into: out, n: n, scratch: scratch, path: path) { row in
                            accumulate(digit, rows: CollectionOfOne(row), level: level, keys, n: n) {
                                UnsafePointer(out + $0 * n)
                            }
                        }
                    }
                    let own = positions.clamped(to: digit.limbs)
                    accumulate(digit, rows: own.lazy.map(digit.row(of:)), level: level, keys, n: n) {
                        evaluations + digit.positions[$0] * n
                    }
                }
            }
        }
    }

    /// Key switching from a decomposition (see ``decompose(_:)``). Each thread owns a share of the accumulator
    /// limbs and adds every digit's products into them: one fork-join for the whole inner product.
    package func switchKey(
        _ digits: KeySwitchingDigits, keyB: [RNSPolynomial<Evaluation>], keyA: [UniformKeyHalf]
    ) -> (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>) {
        let level = digits.level, plan = plans[level], n = plan.ringQ.degree
        requireKey(keyB, keyA, level: level)
        let width = plan.ringQP.limbCount * n
        return withAccumulators(level: level, n: n) { accB, accA in
            digits.buffer.withUnsafeBufferPointer { all in
                let all = all.baseAddress!
                forEachDigit(level: level, keyB, keyA, accB, accA) { _, limbs, j, digit, keys in
                    accumulate(digit, rows: limbs.lazy.map(digit.row(of:)), level: level, keys, n: n) {
                        all + j * width + $0 * n
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
            let ringQ = plans[level].ringQ
            let out = [UInt64](unsafeUninitializedCapacity: ringQ.limbCount * ringQ.degree) { result, initialized in
                divideByP([buffer.baseAddress!], level: level, into: [result.baseAddress!], adding: false)
                initialized = result.count
            }
            return RNSPolynomial(uncheckedContext: ringQ, residues: out)
        }
    }

    /// ModDown of scratch buffers over Q_ℓ ∪ P (destroyed) into `outs` over Q_ℓ (written, or added to). With
    /// h = (P − 1)/2 added to every coefficient, ⌊(x + h)/P⌋ = (x − ([x + h]_P − h))/P, where [x + h]_P is
    /// recovered exactly from its residues. Two fork-joins for all of `xs`: the threads first share the P limbs'
    /// inverse NTTs, then the limbs of Q_ℓ, each converting, transforming and subtracting its own.
    func divideByP(
        _ xs: [UnsafeMutablePointer<UInt64>], level: Int, into outs: [UnsafeMutablePointer<UInt64>], adding: Bool
    ) {
        let plan = plans[level], ringQ = plan.ringQ, n = ringQ.degree, path = ringQ.path.cValue
        let qLimbs = ringQ.limbCount, pTables = ringP.tables, qTables = ringQ.tables, pLimbs = pTables.count
        parallel.run(xs.count * pLimbs) { flat in
            for k in flat {
                let j = k % pLimbs, limb = xs[k / pLimbs] + (qLimbs + j) * n
                ck_ntt_inverse(pTables[j].handle, limb, path)
                var m = pTables[j].modulus.c
                ck_add_scalar(limb, limb, plan.halfPOnP[j], n, &m, path)
            }
        }
        let words = pLimbs * n
        var correction = scratch.take(adding ? xs.count * qLimbs * n : 0)
        var convert = scratch.take(parallel.threads * words)
        defer {
            scratch.give(correction)
            scratch.give(convert)
        }
        correction.withUnsafeMutableBufferPointer { correction in
            convert.withUnsafeMutableBufferPointer { space in
                let space = space.baseAddress!
                parallel.run(splitting: xs.count * qLimbs, and: 0) { chunk, flat, _ in
                    for (p, x) in xs.enumerated() {
                        let limbs = flat.clamped(to: p * qLimbs..<(p + 1) * qLimbs)
                        guard !limbs.isEmpty else { continue }
                        let limbsOfQ = (limbs.lowerBound - p * qLimbs)..<(limbs.upperBound - p * qLimbs)
                        // Without `adding`, the correction is formed in the output limbs themselves.
                        let corr = adding ? correction.baseAddress! + p * qLimbs * n : outs[p]
                        ck_base_convert_targets(
                            plan.pToQ.handle, x + qLimbs * n, corr, space + chunk * words, n, limbsOfQ.lowerBound,
                            limbsOfQ.count, 1, path)
                        for i in limbsOfQ {
                            let limb = corr + i * n
                            var m = qTables[i].modulus.c
                            ck_add_scalar(limb, limb, plan.minusHalfPOnQ[i], n, &m, path)
                            ck_ntt_forward(qTables[i].handle, limb, path)
                            ck_sub_mul_scalar(limb, x + i * n, limb, plan.pInverse[i], n, &m, path)
                            if adding { ck_add(outs[p] + i * n, outs[p] + i * n, limb, n, &m, path) }
                        }
                    }
                }
            }
        }
    }

    /// Words of conversion scratch one thread needs to raise a digit.
    func convertWords(_ n: Int) -> Int { primesPerDigit * n }

    /// Runs `body` with c's residues (evaluation form), a coefficient-form copy and conversion scratch
    /// (``convertWords(_:)`` per thread). The threads copy and transform their shares of the limbs.
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
            let base = coeff.baseAddress!, tables = c.context.tables, n = c.degree, path = c.context.path.cValue
            return c.residues.withUnsafeBufferPointer { evaluations in
                let evaluations = evaluations.baseAddress!
                parallel.run(tables.count) { limbs in
                    for i in limbs {
                        (base + i * n).initialize(from: evaluations + i * n, count: n)
                        ck_ntt_inverse(tables[i].handle, base + i * n, path)
                    }
                }
                return convert.withUnsafeMutableBufferPointer { body(base, evaluations, $0.baseAddress!) }
            }
        }
    }

    /// Two accumulators over Q_ℓ ∪ P (contents unspecified: `body` overwrites them); afterwards both are divided by
    /// P into two new polynomials over Q_ℓ.
    func withAccumulators(
        level: Int, n: Int, _ body: (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>) -> Void
    ) -> (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>) {
        let ringQ = plans[level].ringQ, count = ringQ.limbCount * n
        return withAccumulators(level: level, n: n, body) { accB, accA in
            var u1: [UInt64] = []
            let u0 = [UInt64](unsafeUninitializedCapacity: count) { out0, done0 in
                u1 = [UInt64](unsafeUninitializedCapacity: count) { out1, done1 in
                    divideByP([accB, accA], level: level, into: [out0.baseAddress!, out1.baseAddress!], adding: false)
                    done1 = count
                }
                done0 = count
            }
            return (
                RNSPolynomial(uncheckedContext: ringQ, residues: u0),
                RNSPolynomial(uncheckedContext: ringQ, residues: u1)
            )
        }
    }

    /// Two accumulators over Q_ℓ ∪ P (contents unspecified) for `body` to overwrite and `finish` to consume.
    func withAccumulators<T>(
        level: Int, n: Int, _ body: (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>) -> Void,
        finish: (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>) -> T
    ) -> T {
        let width = plans[level].ringQP.limbCount * n
        var accB = scratch.take(width), accA = scratch.take(width)
        defer {
            scratch.give(accB)
            scratch.give(accA)
        }
        return accB.withUnsafeMutableBufferPointer { b in
            accA.withUnsafeMutableBufferPointer { a in
                body(b.baseAddress!, a.baseAddress!)
                return finish(b.baseAddress!, a.baseAddress!)
            }
        }
    }

    /// ModUp of the converted limbs `targets` of one digit (the converter's targets, in coefficient form from the
    /// digit's own limbs of `coefficients`), into `out` at their rows, in evaluation form. A raised digit is laid
    /// out as the converter's targets followed by the digit's own limbs; `digit.positions` maps each row to its
    /// limb of Q_ℓ ∪ P.
    /// `transformed(t)` runs as soon as row t is transformed, while it is in cache.
    func raise(
        _ digit: DigitPlan, _ targets: Range<Int>, _ coefficients: UnsafePointer<UInt64>,
        into out: UnsafeMutablePointer<UInt64>, n: Int, scratch: UnsafeMutablePointer<UInt64>, path: ck_path,
        transformed: (Int) -> Void = { _ in }
    ) {
        guard !targets.isEmpty else { return }
        ck_base_convert_targets(
            digit.converter.handle, coefficients + digit.limbs.lowerBound * n, out, scratch, n, targets.lowerBound,
            targets.count, 0, path)
        for t in targets {
            ck_ntt_forward(digit.targetTables[t].handle, out + t * n, path)
            transformed(t)
        }
    }

    /// One digit's key pair and the accumulators it is multiplied into; the first digit overwrites them (every
    /// digit has a row on every limb of Q_ℓ ∪ P), so they need no zeroing. `expansion` is the thread's N words for a
    /// seeded a_j's limbs.
    struct KeyProduct {
        let keyB: RNSPolynomial<Evaluation>
        let keyA: UniformKeyHalf
        let accB: UnsafeMutablePointer<UInt64>
        let accA: UnsafeMutablePointer<UInt64>
        let first: Bool
        let expansion: UnsafeMutablePointer<UInt64>
    }

    /// Runs `body(chunk, its limbs of Q_ℓ ∪ P, j, digit j, digit j's key product)` for every digit on each thread's
    /// contiguous share of the limbs of Q_ℓ ∪ P (one fork-join), each thread with N words for expanding seeded a_j.
    func forEachDigit(
        level: Int, _ keyB: [RNSPolynomial<Evaluation>], _ keyA: [UniformKeyHalf], _ accB: UnsafeMutablePointer<UInt64>,
        _ accA: UnsafeMutablePointer<UInt64>, _ body: (Int, Range<Int>, Int, DigitPlan, KeyProduct) -> Void
    ) {
        let plan = plans[level], n = plan.ringQ.degree
        var expansion = scratch.take(keyA.contains(where: \.expandsOnUse) ? parallel.threads * n : 1)
        defer { scratch.give(expansion) }
        expansion.withUnsafeMutableBufferPointer { expansion in
            parallel.run(splitting: plan.ringQP.limbCount, and: 0) { chunk, limbs, _ in
                for (j, digit) in plan.digits.enumerated() {
                    let keys = KeyProduct(
                        keyB: keyB[j], keyA: keyA[j], accB: accB, accA: accA, first: j == 0,
                        expansion: expansion.baseAddress! + chunk * n)
                    body(chunk, limbs, j, digit, keys)
                }
            }
        }
    }

    /// Level ℓ_k of a key whose components are over Q_ℓk ∪ P (ℓ_k = L for a key of the whole chain).
    func keyLevel(_ ring: RingContext) -> Int { ring.limbCount - ringP.limbCount - 1 }

    /// Checks that a key (b_j, a_j) can switch a polynomial at `level`: one component per digit of that level, over
    /// Q_ℓk ∪ P for some ℓ_k ≥ level (a key made for the levels it is used at may stop below L).
    func requireKey(_ keyB: [RNSPolynomial<Evaluation>], _ keyA: [UniformKeyHalf], level: Int) {
        precondition(keyB.count >= plans[level].digits.count && keyA.count == keyB.count, "one key component per digit")
        let keyLevel = keyLevel(keyB[0].context)
        precondition(
            (level...maxLevel).contains(keyLevel)
                && (keyB.map(\.context) + keyA.map(\.context)).allSatisfy { $0.isSameRing(as: plans[keyLevel].ringQP) },
            "the key does not reach the ciphertext's level")
    }

    /// acc_b += row ⊙ b_j and acc_a += row ⊙ a_j (= for the first digit) for the raised digit's `rows` (row t read from `row(t)`, added
    /// at limb `digit.positions[t]` of Q_ℓ ∪ P; key limbs of Q_ℓk ∪ P, ℓ_k ≥ ℓ).
    func accumulate(
        _ digit: DigitPlan, rows: some Sequence<Int>, level: Int, _ keys: KeyProduct, n: Int,
        _ row: (Int) -> UnsafePointer<UInt64>
    ) {
        let ringQP = plans[level].ringQP, path = ringQP.path.cValue, skipped = keyLevel(keys.keyB.context) - level
        keys.keyB.residues.withUnsafeBufferPointer { kb in
            keys.keyA.withLimbs(scratch: keys.expansion) { keyA in
                for t in rows {
                    let position = digit.positions[t]
                    let keyLimb = position <= level ? position : position + skipped
                    var m = ringQP.moduli[position].c
                    let product = keys.first ? ck_mul : ck_mul_add
                    product(keys.accB + position * n, row(t), kb.baseAddress! + keyLimb * n, n, &m, path)
                    product(keys.accA + position * n, row(t), keyA(keyLimb), n, &m, path)
                }
            }
        }
    }
}
