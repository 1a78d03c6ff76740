internal import CKernels

/// The CKKS canonical embedding of Z[X]/(X^N + 1) into C^(N/2), through an FFTW transform of length N.
///
/// Slot j (0 ≤ j < N/2) of a real polynomial m is m(ζ^(5^j mod 2N)) with ζ = e^(iπ/N). Rotating slots left by r
/// is the automorphism X ↦ X^(5^r); complex conjugation of every slot is X ↦ X^(2N−1). Immutable and shareable
/// across threads (each call uses its own scratch).
package final class CanonicalEmbedding: @unchecked Sendable {
    let handle: OpaquePointer
    /// log2 N.
    package let logDegree: Int

    /// - Throws: ``HERingError/invalidArgument(_:)`` outside 1 ≤ logDegree ≤ 17; ``HERingError/outOfMemory``.
    package init(logDegree: Int) throws(HERingError) {
        var pointer: OpaquePointer?
        try check(ck_embedding_create(UInt32(clamping: logDegree), &pointer), "embedding degree 2^\(logDegree)")
        guard let pointer else { throw .outOfMemory }
        handle = pointer
        self.logDegree = logDegree
    }

    deinit { ck_embedding_destroy(handle) }

    /// Number of complex slots, N/2.
    package var slotCount: Int { 1 << (logDegree - 1) }

    /// Slots of the real polynomial with these N coefficients, as interleaved (real, imaginary) pairs.
    package func slots(fromCoefficients coefficients: [Double]) -> [Double] {
        precondition(coefficients.count == 2 * slotCount, "one coefficient per degree")
        var slots = [Double](repeating: 0, count: 2 * slotCount)
        var scratch = [Double](repeating: 0, count: 4 * slotCount)
        ck_embedding_slots_from_coefficients(handle, coefficients, &slots, &scratch)
        return slots
    }

    /// The N real coefficients whose slots are the given interleaved (real, imaginary) pairs.
    package func coefficients(fromSlots slots: [Double]) -> [Double] {
        precondition(slots.count == 2 * slotCount, "N/2 complex slots as interleaved pairs")
        var coefficients = [Double](repeating: 0, count: 2 * slotCount)
        var scratch = [Double](repeating: 0, count: 4 * slotCount)
        ck_embedding_coefficients_from_slots(handle, slots, &coefficients, &scratch)
        return coefficients
    }
}
