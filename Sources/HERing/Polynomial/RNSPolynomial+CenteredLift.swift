/// Centered lift of a one-limb polynomial to a larger RNS basis (the ring step of CKKS ModRaise).
///
/// A polynomial x given modulo q_0 alone has one representative with every coefficient in
/// [−⌊q_0/2⌋, ⌈q_0/2⌉ − 1]; this extension writes that representative modulo every prime of a basis
/// q_0, q_1, …, q_ℓ. The work is one exact base conversion from {q_0} to {q_1, …, q_ℓ} (`BaseConverter`, which
/// is always exact from a single source prime) of x + ⌊q_0/2⌋, followed by subtracting ⌊q_0/2⌋ on each new limb:
/// adding the half-modulus before the conversion turns the [0, q_0) representative the kernel produces into the
/// centered one. Limb 0 is copied unchanged. Cheon, Han, Kim, Kim and Song (Eurocrypt 2018) use exactly this
/// lift to read a ciphertext modulo q_0 as one modulo Q.
extension RNSPolynomial where Format == Coefficient {
    /// This one-limb polynomial over q_0 written over `ring` (q_0 followed by other primes) with its centered
    /// representative.
    ///
    /// - Precondition: this polynomial has one limb, and `ring`'s first prime is that limb's prime.
    /// - Throws: ``HERingError/invalidArgument(_:)`` when `ring` repeats q_0 or its primes cannot be converted to
    ///   (more than 64).
    public func centeredLift(to ring: RingContext) throws(HERingError) -> RNSPolynomial {
        precondition(
            limbCount == 1 && ring.moduli[0] == context.moduli[0] && ring.logDegree == context.logDegree,
            "a centered lift starts from the first prime of the target basis")
        guard ring.limbCount > 1 else { return self }
        let upper = try RingContext(tables: Array(ring.tables.dropFirst()), path: ring.path)
        let half = context.moduli[0].value / 2
        var shifted = self
        shifted.add(residues: [half])
        var lifted = try BaseConverter(from: context, to: upper).convert(shifted, exactly: true)
        lifted.add(residues: upper.moduli.map { ($0.value - $0.reduce(half)) % $0.value })
        return RNSPolynomial(uncheckedContext: ring, residues: residues + lifted.residues)
    }
}
