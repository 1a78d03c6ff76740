internal import CKernels

/// Precomputed twiddle factors for the negacyclic NTT of one prime q and degree N.
///
/// Immutable after creation and shareable across threads. The forward transform writes, at index j, the
/// evaluation a(ψ^(2·bitrev(j)+1)), where ψ is ``root``; automorphisms rely on this ordering.
public final class NTTTables: @unchecked Sendable {
    let handle: OpaquePointer
    /// The prime q (≡ 1 mod 2N, below 2^61).
    public let modulus: Modulus
    /// log2 of the ring degree N, 10...17.
    public let logDegree: Int
    /// The primitive 2N-th root of unity ψ the tables are built from.
    public let root: UInt64

    /// Builds tables for prime `q`, using the smallest primitive 2N-th root unless `root` is given.
    ///
    /// - Throws: ``HERingError/invalidArgument(_:)`` when q is not prime, not ≡ 1 mod 2N, or `root` is not a
    ///   primitive 2N-th root of unity; ``HERingError/outOfMemory``.
    public init(modulus q: UInt64, logDegree: Int, root: UInt64? = nil) throws(HERingError) {
        guard (10...17).contains(logDegree) else {
            throw .invalidArgument("ring degree 2^\(logDegree) outside 2^10...2^17")
        }
        modulus = try Modulus(q)
        var pointer: OpaquePointer?
        try check(
            ck_ntt_tables_create(q, UInt32(logDegree), root ?? 0, &pointer),
            "NTT tables need a prime q ≡ 1 mod 2^\(logDegree + 1) and a primitive root")
        guard let pointer else { throw .outOfMemory }
        handle = pointer
        self.logDegree = logDegree
        self.root = ck_ntt_root(pointer)
    }

    deinit { ck_ntt_tables_destroy(handle) }

    /// Ring degree N.
    public var degree: Int { 1 << logDegree }
}

extension NTTTables {
    /// In-place forward negacyclic NTT of one limb of N residues, each in [0, q).
    public func forward(_ limb: UnsafeMutableBufferPointer<UInt64>, path: KernelPath = .default) {
        precondition(limb.count == degree, "an NTT limb has exactly N residues")
        ck_ntt_forward(handle, limb.baseAddress, path.cValue)
    }

    /// In-place inverse of ``forward(_:path:)``, including the 1/N factor.
    public func inverse(_ limb: UnsafeMutableBufferPointer<UInt64>, path: KernelPath = .default) {
        precondition(limb.count == degree, "an NTT limb has exactly N residues")
        ck_ntt_inverse(handle, limb.baseAddress, path.cValue)
    }
}
