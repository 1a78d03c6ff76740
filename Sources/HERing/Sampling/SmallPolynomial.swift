extension RNSPolynomial where Format == Coefficient {
    /// Reduces signed integer coefficients modulo every prime without branching on their values: the form
    /// secrets, noise and flooding take before their NTT.
    ///
    /// - Precondition: `coefficients.count == context.degree`.
    public init(context: RingContext, signedCoefficients coefficients: [Int64]) {
        self.init(context: context, coefficients: coefficients) { q, c in q.reduce(signed: c) }
    }

    /// Rounds real coefficients to integers and reduces them modulo every prime, exactly (values of any
    /// magnitude a `Double` holds; above 2^53 a double is already an integer).
    ///
    /// - Precondition: `coefficients.count == context.degree`, every value finite.
    public init(context: RingContext, roundingCoefficients coefficients: [Double]) {
        self.init(context: context, coefficients: coefficients) { q, c in q.reduce(rounding: c) }
    }

    /// Residue of each coefficient on each limb through `reduce`.
    init<T>(context: RingContext, coefficients: [T], reduce: (Modulus, T) -> UInt64) {
        precondition(coefficients.count == context.degree, "one coefficient per degree")
        var residues = [UInt64](repeating: 0, count: context.limbCount * context.degree)
        let n = context.degree
        for (i, q) in context.moduli.enumerated() {
            for (j, c) in coefficients.enumerated() { residues[i * n + j] = reduce(q, c) }
        }
        self.init(uncheckedContext: context, residues: residues)
    }
}
