internal import CKernels

extension RNSPolynomial {
    /// round(x / q_last) over the basis without its last prime: exact rounding division, the core of CKKS
    /// rescaling. Works in either form (evaluation form transforms the last limb internally).
    ///
    /// Needs at least two limbs (traps otherwise: callers track levels).
    public func dividingAndRoundingByLastModulus() -> RNSPolynomial {
        var copy = self
        copy.divideAndRoundByLastModulus()
        return copy
    }

    /// In-place form of ``dividingAndRoundingByLastModulus()``: afterwards the polynomial has one limb fewer.
    public mutating func divideAndRoundByLastModulus() {
        precondition(limbCount >= 2, "rescaling needs at least two primes")
        let limbs = limbCount, n = degree, path = context.path.cValue
        let handles: [OpaquePointer?] = context.tables.map(\.handle)
        let nttForm: Int32 = Format.self == Evaluation.self ? 1 : 0
        var scratch = [UInt64](repeating: 0, count: n)
        residues.withUnsafeMutableBufferPointer { x in
            handles.withUnsafeBufferPointer { tables in
                scratch.withUnsafeMutableBufferPointer { s in
                    ck_rescale_by_last(x.baseAddress, limbs, tables.baseAddress, nttForm, s.baseAddress, path)
                }
            }
        }
        residues.removeLast(n)
        self = RNSPolynomial(uncheckedContext: context.prefix(limbs - 1), residues: residues)
    }

    /// ``divideAndRoundByLastModulus()`` on each of `polynomials` (the components of a ciphertext), up to
    /// `threads` of them side by side; the results do not depend on `threads`.
    public static func divideAndRoundByLastModulus(_ polynomials: inout [RNSPolynomial], threads: Int) {
        polynomials.withUnsafeMutableBufferPointer { each in
            ParallelChunks(threads: max(threads, 1)).run(each.count) { range in
                for i in range { each[i].divideAndRoundByLastModulus() }
            }
        }
    }
}
