/// How an MPI job exchanged the gradient in its last reduction.
public struct GradientExchange: Sendable, Equatable {
    /// "allreduce" (one `MPI_Allreduce`) or "reduce-scatter + allgather".
    public let algorithm: String
    /// Limbs exchanged (every ciphertext's components × primes), each of N residues.
    public let limbs: Int
    /// Bytes of residues exchanged (8 per residue; the packed limbs add one word each).
    public let bytes: Int
}
