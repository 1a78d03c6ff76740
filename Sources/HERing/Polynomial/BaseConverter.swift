internal import CKernels

/// Fast RNS base conversion from basis B to basis C (the Q→P and P→Q steps of key switching).
///
/// For x given modulo B, produces x + u·B modulo each prime of C for some 0 ≤ u < |B| (approximate by that
/// small multiple of B, as in Bajard et al.). Immutable and shareable across threads.
public final class BaseConverter: @unchecked Sendable {
    let handle: OpaquePointer
    /// The source ring (basis B).
    public let source: RingContext
    /// The target ring (basis C).
    public let target: RingContext

    /// - Throws: ``HERingError/invalidArgument(_:)`` when the rings differ in degree or share a prime.
    public init(from source: RingContext, to target: RingContext) throws(HERingError) {
        guard source.logDegree == target.logDegree else {
            throw .invalidArgument("base conversion between rings of different degree")
        }
        let from = source.moduli.map(\.value), to = target.moduli.map(\.value)
        var pointer: OpaquePointer?
        try check(ck_base_converter_create(from, from.count, to, to.count, &pointer),
                  "base conversion needs distinct primes in both bases (at most 64 each)")
        guard let pointer else { throw .outOfMemory }
        handle = pointer
        self.source = source
        self.target = target
    }

    deinit { ck_base_converter_destroy(handle) }

    /// Converts a coefficient-form polynomial over B to one over C.
    public func convert(_ x: RNSPolynomial<Coefficient>) -> RNSPolynomial<Coefficient> {
        var result = RNSPolynomial<Coefficient>(zeroIn: target)
        var scratch = [UInt64](repeating: 0, count: x.residues.count)
        convert(x, into: &result, scratch: &scratch)
        return result
    }

    /// Converts into `result` (a polynomial over C whose storage is reused), using `scratch`
    /// (at least |B|·N words) so that hot loops allocate nothing.
    public func convert(
        _ x: RNSPolynomial<Coefficient>, into result: inout RNSPolynomial<Coefficient>, scratch: inout [UInt64]
    ) {
        precondition(x.context.isSameRing(as: source) && result.context.isSameRing(as: target),
                     "base conversion applied to polynomials of other bases")
        precondition(scratch.count >= x.residues.count, "scratch must hold |B|·N words")
        let n = source.degree, path = source.path.cValue
        x.residues.withUnsafeBufferPointer { input in
            result.residues.withUnsafeMutableBufferPointer { output in
                scratch.withUnsafeMutableBufferPointer { s in
                    ck_base_convert(handle, input.baseAddress, output.baseAddress, s.baseAddress, n, path)
                }
            }
        }
    }
}
