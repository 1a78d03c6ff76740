extension RNSPolynomial {
    /// A polynomial with every residue uniform in [0, q_i), independently per limb (so uniform in Z_Q by the
    /// CRT, in either form since the NTT is a bijection).
    ///
    /// Rejection sampling on words masked to each prime's bit width: what a rejection reveals is independent of
    /// the accepted values.
    ///
    /// - Throws: ``HERingError/randomSourceFailed(errno:)`` from the source.
    public init<R: RandomSource>(uniformIn context: RingContext, using random: inout R) throws(HERingError) {
        var residues = [UInt64](repeating: 0, count: context.limbCount * context.degree)
        let n = context.degree
        var words = [UInt64](repeating: 0, count: n)
        for (i, q) in context.moduli.enumerated() {
            let mask = UInt64.max >> UInt64(q.value.leadingZeroBitCount)
            var filled = 0
            while filled < n {
                try random.fill(&words)
                for w in words where filled < n {
                    let candidate = w & mask
                    if candidate < q.value {
                        residues[i * n + filled] = candidate
                        filled += 1
                    }
                }
            }
        }
        self.init(uncheckedContext: context, residues: residues)
    }
}
