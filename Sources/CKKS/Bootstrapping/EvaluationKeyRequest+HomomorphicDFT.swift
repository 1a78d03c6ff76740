/// The Galois keys the homomorphic DFT needs and no others: the union of the rotation steps of a
/// ``CoeffToSlot`` and a ``SlotToCoeff`` (baby and giant steps of every level, and for sparse slots the trace's
/// n, 2n, …, N/4) and the conjugation key that splits real and imaginary parts. Only these get keys, as in
/// Lattigo's and OpenFHE's bootstrapping key generation.
extension EvaluationKeyRequest {
    /// Keys for `coeffToSlot` and `slotToCoeff`, plus `rotations` and a relinearization key when asked (the later
    /// steps of bootstrapping multiply).
    public init(
        coeffToSlot: CoeffToSlot, slotToCoeff: SlotToCoeff, rotations: Set<Int> = [], relinearization: Bool = true
    ) {
        self.init(
            rotations: rotations.union(coeffToSlot.rotationSteps).union(slotToCoeff.rotationSteps),
            conjugation: coeffToSlot.needsConjugation || slotToCoeff.needsConjugation,
            relinearization: relinearization)
    }
}
