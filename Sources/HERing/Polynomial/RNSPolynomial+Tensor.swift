internal import CKernels

extension RNSPolynomial where Format == Evaluation {
    /// The product of two size-2 ciphertexts' components (a_0, a_1) and (b_0, b_1):
    /// (a_0·b_0, a_0·b_1 + a_1·b_0, a_1·b_1), as new polynomials. The limbs are shared over up to `threads` cores;
    /// the results do not depend on `threads`. All four operands must be over the same ring.
    package static func tensor(
        _ a0: RNSPolynomial, _ a1: RNSPolynomial, _ b0: RNSPolynomial, _ b1: RNSPolynomial, threads: Int
    ) -> (RNSPolynomial, RNSPolynomial, RNSPolynomial) {
        for operand in [a1, b0, b1] { a0.requireSameRing(operand) }
        let count = a0.residues.count, ring = a0.context
        var c1: [UInt64] = [], c2: [UInt64] = []
        let c0 = [UInt64](unsafeUninitializedCapacity: count) { out0, done0 in
            c1 = [UInt64](unsafeUninitializedCapacity: count) { out1, done1 in
                c2 = [UInt64](unsafeUninitializedCapacity: count) { out2, done2 in
                    a0.residues.withUnsafeBufferPointer { x0 in
                        a1.residues.withUnsafeBufferPointer { x1 in
                            tensorLimbs(
                                ring, out0.baseAddress!, out1.baseAddress!, out2.baseAddress!, x0.baseAddress!,
                                x1.baseAddress!, b0, b1, threads: threads)
                        }
                    }
                    done2 = count
                }
                done1 = count
            }
            done0 = count
        }
        return (
            RNSPolynomial(uncheckedContext: ring, residues: c0), RNSPolynomial(uncheckedContext: ring, residues: c1),
            RNSPolynomial(uncheckedContext: ring, residues: c2)
        )
    }

    /// ``tensor(_:_:_:_:threads:)`` that reuses a_0's and a_1's storage for a_0·b_0 and a_1·b_1 and returns
    /// a_0·b_1 + a_1·b_0.
    package static func tensor(
        _ a0: inout RNSPolynomial, _ a1: inout RNSPolynomial, _ b0: RNSPolynomial, _ b1: RNSPolynomial, threads: Int
    ) -> RNSPolynomial {
        for operand in [a1, b0, b1] { a0.requireSameRing(operand) }
        let count = a0.residues.count, ring = a0.context
        let cross = [UInt64](unsafeUninitializedCapacity: count) { out1, done in
            a0.residues.withUnsafeMutableBufferPointer { x0 in
                a1.residues.withUnsafeMutableBufferPointer { x1 in
                    tensorLimbs(
                        ring, x0.baseAddress!, out1.baseAddress!, x1.baseAddress!, x0.baseAddress!, x1.baseAddress!, b0,
                        b1, threads: threads)
                }
            }
            done = count
        }
        return RNSPolynomial(uncheckedContext: ring, residues: cross)
    }

    /// Limb by limb, a share of the limbs per thread: c_1 = a_0·b_1 + a_1·b_0, then c_0 = a_0·b_0 and c_2 = a_1·b_1
    /// (c_0 may be a_0 and c_2 may be a_1).
    private static func tensorLimbs(
        _ ring: RingContext, _ c0: UnsafeMutablePointer<UInt64>, _ c1: UnsafeMutablePointer<UInt64>,
        _ c2: UnsafeMutablePointer<UInt64>, _ a0: UnsafePointer<UInt64>, _ a1: UnsafePointer<UInt64>,
        _ b0: RNSPolynomial, _ b1: RNSPolynomial, threads: Int
    ) {
        let n = ring.degree, path = ring.path.cValue, moduli = ring.moduli
        b0.residues.withUnsafeBufferPointer { y0 in
            b1.residues.withUnsafeBufferPointer { y1 in
                let y0 = y0.baseAddress!, y1 = y1.baseAddress!
                ParallelChunks(threads: max(threads, 1)).run(moduli.count) { limbs in
                    for i in limbs {
                        let o = i * n
                        var m = moduli[i].c
                        ck_mul(c1 + o, a0 + o, y1 + o, n, &m, path)
                        ck_mul_add(c1 + o, a1 + o, y0 + o, n, &m, path)
                        ck_mul(c0 + o, a0 + o, y0 + o, n, &m, path)
                        ck_mul(c2 + o, a1 + o, y1 + o, n, &m, path)
                    }
                }
            }
        }
    }
}
