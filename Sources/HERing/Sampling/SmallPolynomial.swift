extension RNSPolynomial where Format == Coefficient {
    /// Lifts small signed coefficients (|c| < every prime) to residues on every limb, without branching on
    /// their values: the form keys and noise take before their NTT.
    ///
    /// - Precondition: `coefficients.count == context.degree`.
    public init(context: RingContext, smallCoefficients coefficients: [Int64]) {
        precondition(coefficients.count == context.degree, "one coefficient per degree")
        var residues = [UInt64](repeating: 0, count: context.limbCount * context.degree)
        let n = context.degree
        for (i, q) in context.moduli.enumerated() {
            for (j, c) in coefficients.enumerated() {
                let negative = UInt64(bitPattern: c >> 63)
                residues[i * n + j] = UInt64(bitPattern: c) &+ (q.value & negative)
            }
        }
        self.init(uncheckedContext: context, residues: residues)
    }
}
