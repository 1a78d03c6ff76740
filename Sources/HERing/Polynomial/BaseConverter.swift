internal import CKernels

/// RNS base conversion from basis B to basis C (the Q→P and P→Q steps of key switching).
///
/// For x given modulo B, with x̄ its representative in [0, B):
/// - ``convert(_:)`` (fast, Bajard et al.) produces x̄ + u·B modulo each prime of C for some 0 ≤ u < |B|;
/// - ``convert(_:exactly:)`` with `exactly` (Halevi–Polyakov–Shoup) produces x̄ itself modulo each prime of C. It finds u in
///   double precision, which is off by one only when x̄/B lies within about |B|²·2^-53 of 0 or 1 (probability
///   below 2^-45 for |B| = 8 on uniform x̄), giving x̄ ± B; with one source prime it is always exact.
///
/// Both give identical results on every kernel path. Immutable and shareable across threads.
package final class BaseConverter: @unchecked Sendable {
    let handle: OpaquePointer
    /// The source ring (basis B).
    package let source: RingContext
    /// The target ring (basis C).
    package let target: RingContext

    /// - Throws: ``HERingError/invalidArgument(_:)`` when the rings differ in degree or share a prime.
    package init(from source: RingContext, to target: RingContext) throws(HERingError) {
        guard source.logDegree == target.logDegree else {
            throw .invalidArgument("base conversion between rings of different degree")
        }
        let from = source.moduli.map(\.value), to = target.moduli.map(\.value)
        var pointer: OpaquePointer?
        try check(
            ck_base_converter_create(from, from.count, to, to.count, &pointer),
            "base conversion needs distinct primes in both bases (at most 64 each)")
        guard let pointer else { throw .outOfMemory }
        handle = pointer
        self.source = source
        self.target = target
    }

    deinit { ck_base_converter_destroy(handle) }

    /// Converts a coefficient-form polynomial over B to one over C: fast (off by a multiple u·B, 0 ≤ u < |B|), or
    /// with `exactly` the representative of x in [0, B) (see the type's documentation).
    package func convert(_ x: RNSPolynomial<Coefficient>, exactly: Bool = false) -> RNSPolynomial<Coefficient> {
        var result = RNSPolynomial<Coefficient>(zeroIn: target)
        var scratch = [UInt64](repeating: 0, count: x.residues.count)
        convert(x, into: &result, scratch: &scratch, exactly: exactly)
        return result
    }

    /// Converts into `result` (a polynomial over C whose storage is reused), using `scratch`
    /// (at least |B|·N words) so that hot loops allocate nothing.
    package func convert(
        _ x: RNSPolynomial<Coefficient>, into result: inout RNSPolynomial<Coefficient>, scratch: inout [UInt64],
        exactly: Bool = false
    ) {
        run(exactly ? ck_base_convert_exact : ck_base_convert, x, into: &result, scratch: &scratch)
    }

    private typealias Kernel = (
        OpaquePointer?, UnsafePointer<UInt64>?, UnsafeMutablePointer<UInt64>?, UnsafeMutablePointer<UInt64>?,
        Int, ck_path
    ) -> Void

    private func run(
        _ kernel: Kernel, _ x: RNSPolynomial<Coefficient>, into result: inout RNSPolynomial<Coefficient>,
        scratch: inout [UInt64]
    ) {
        precondition(
            x.context.isSameRing(as: source) && result.context.isSameRing(as: target),
            "base conversion applied to polynomials of other bases")
        precondition(scratch.count >= x.residues.count, "scratch must hold |B|·N words")
        let n = source.degree, path = source.path.cValue
        x.residues.withUnsafeBufferPointer { input in
            result.residues.withUnsafeMutableBufferPointer { output in
                scratch.withUnsafeMutableBufferPointer { s in
                    kernel(handle, input.baseAddress, output.baseAddress, s.baseAddress, n, path)
                }
            }
        }
    }
}
