internal import CKernels

/// A whole-limb kernel r = f(a, b) mod q.
typealias BinaryLimbKernel = (
    UnsafeMutablePointer<UInt64>?, UnsafePointer<UInt64>?, UnsafePointer<UInt64>?, Int,
    UnsafePointer<ck_modulus>?, ck_path
) -> Void

/// A whole-limb kernel r = f(a, c) mod q for a per-limb constant c.
typealias ScalarLimbKernel = (
    UnsafeMutablePointer<UInt64>?, UnsafePointer<UInt64>?, UInt64, Int, UnsafePointer<ck_modulus>?, ck_path
) -> Void

extension RNSPolynomial {
    /// self = kernel(self, other), limb by limb.
    mutating func apply(_ kernel: BinaryLimbKernel, _ other: RNSPolynomial) {
        requireSameRing(other)
        let n = degree, path = context.path.cValue, moduli = context.moduli
        residues.withUnsafeMutableBufferPointer { r in
            other.residues.withUnsafeBufferPointer { b in
                for i in moduli.indices {
                    var m = moduli[i].c
                    kernel(r.baseAddress! + i * n, r.baseAddress! + i * n, b.baseAddress! + i * n, n, &m, path)
                }
            }
        }
    }

    /// self = kernel(self, constants[i]) on limb i.
    mutating func apply(_ kernel: ScalarLimbKernel, constants: [UInt64]) {
        precondition(constants.count == limbCount, "one constant per limb")
        let n = degree, path = context.path.cValue, moduli = context.moduli
        residues.withUnsafeMutableBufferPointer { r in
            for i in moduli.indices {
                var m = moduli[i].c
                kernel(r.baseAddress! + i * n, r.baseAddress! + i * n, constants[i], n, &m, path)
            }
        }
    }

    /// Residues of a signed integer constant, one per limb.
    func residuesOf(_ constant: Int64) -> [UInt64] {
        context.moduli.map { $0.reduce(signed: constant) }
    }

    /// self += other.
    public mutating func add(_ other: RNSPolynomial) { apply(ck_add, other) }

    /// self -= other.
    public mutating func subtract(_ other: RNSPolynomial) { apply(ck_sub, other) }

    /// self = -self.
    public mutating func negate() {
        apply(
            { r, a, _, n, m, path in ck_negate(r, a, n, m, path) }, constants: [UInt64](repeating: 0, count: limbCount))
    }

    /// self *= c for a constant given by its residue on each limb (each below its prime).
    public mutating func multiply(byResidues constants: [UInt64]) { apply(ck_mul_scalar, constants: constants) }

    /// self *= c for a signed integer constant.
    public mutating func multiply(by constant: Int64) { multiply(byResidues: residuesOf(constant)) }

    /// self += c for a constant given by its residue on each limb. In evaluation form this adds c to the
    /// polynomial (a constant polynomial evaluates to c everywhere); in coefficient form use it on purpose only.
    public mutating func add(residues constants: [UInt64]) { apply(ck_add_scalar, constants: constants) }

    public static func + (lhs: RNSPolynomial, rhs: RNSPolynomial) -> RNSPolynomial {
        var result = lhs
        result.add(rhs)
        return result
    }

    public static func - (lhs: RNSPolynomial, rhs: RNSPolynomial) -> RNSPolynomial {
        var result = lhs
        result.subtract(rhs)
        return result
    }

    public static prefix func - (operand: RNSPolynomial) -> RNSPolynomial {
        var result = operand
        result.negate()
        return result
    }
}

extension RNSPolynomial where Format == Evaluation {
    /// self *= other (the negacyclic product, element-wise in evaluation form).
    public mutating func multiply(_ other: RNSPolynomial) { apply(ck_mul, other) }

    /// self += a · b.
    public mutating func multiplyAdd(_ a: RNSPolynomial, _ b: RNSPolynomial) {
        requireSameRing(a)
        requireSameRing(b)
        let n = degree, path = context.path.cValue, moduli = context.moduli
        residues.withUnsafeMutableBufferPointer { r in
            a.residues.withUnsafeBufferPointer { x in
                b.residues.withUnsafeBufferPointer { y in
                    for i in moduli.indices {
                        var m = moduli[i].c
                        ck_mul_add(r.baseAddress! + i * n, x.baseAddress! + i * n, y.baseAddress! + i * n, n, &m, path)
                    }
                }
            }
        }
    }

    public static func * (lhs: RNSPolynomial, rhs: RNSPolynomial) -> RNSPolynomial {
        var result = lhs
        result.multiply(rhs)
        return result
    }
}

extension RNSPolynomial {
    /// self = (self − other) · c, with c given by its residue on each limb: the last step of rescaling and of
    /// dividing by the special primes.
    package mutating func subtract(_ other: RNSPolynomial, thenMultiplyByResidues constants: [UInt64]) {
        requireSameRing(other)
        precondition(constants.count == limbCount, "one constant per limb")
        let n = degree, path = context.path.cValue, moduli = context.moduli
        residues.withUnsafeMutableBufferPointer { r in
            other.residues.withUnsafeBufferPointer { b in
                for i in moduli.indices {
                    var m = moduli[i].c
                    ck_sub_mul_scalar(
                        r.baseAddress! + i * n, r.baseAddress! + i * n, b.baseAddress! + i * n,
                        constants[i], n, &m, path)
                }
            }
        }
    }
}
