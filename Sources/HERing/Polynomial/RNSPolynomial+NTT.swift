internal import CKernels

extension RNSPolynomial where Format == Coefficient {
    /// The negacyclic NTT of every limb; reuses this polynomial's storage when it is uniquely referenced.
    public consuming func forwardNTT() -> RNSPolynomial<Evaluation> {
        var data = take(&residues)
        transformLimbs(&data, context: context, ck_ntt_forward)
        return RNSPolynomial<Evaluation>(uncheckedContext: context, residues: data)
    }
}

extension RNSPolynomial where Format == Evaluation {
    /// The inverse NTT of every limb; reuses this polynomial's storage when it is uniquely referenced.
    public consuming func inverseNTT() -> RNSPolynomial<Coefficient> {
        var data = take(&residues)
        transformLimbs(&data, context: context, ck_ntt_inverse)
        return RNSPolynomial<Coefficient>(uncheckedContext: context, residues: data)
    }
}

/// Moves the residues out of a consumed polynomial, so that transforming them in place copies nothing (and leaves no
/// copy of a secret behind) when that polynomial held the only reference.
private func take(_ residues: inout [UInt64]) -> [UInt64] {
    var moved: [UInt64] = []
    swap(&moved, &residues)
    return moved
}

/// Applies a per-limb in-place transform with each limb's tables.
func transformLimbs(
    _ data: inout [UInt64], context: RingContext,
    _ transform: (OpaquePointer?, UnsafeMutablePointer<UInt64>?, ck_path) -> Void
) {
    let n = context.degree, path = context.path.cValue
    data.withUnsafeMutableBufferPointer { buffer in
        for (i, table) in context.tables.enumerated() {
            transform(table.handle, buffer.baseAddress! + i * n, path)
        }
    }
}
