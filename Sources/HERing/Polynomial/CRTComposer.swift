internal import CKernels

/// Exact CRT recomposition (GMP) from RNS residues to centered integers in (-Q/2, Q/2].
///
/// Used for decoding when Q exceeds 64 bits. Immutable and shareable across threads.
package final class CRTComposer: @unchecked Sendable {
    let handle: OpaquePointer
    /// The basis Q.
    package let context: RingContext

    /// - Throws: ``HERingError/invalidArgument(_:)`` for repeated primes; ``HERingError/outOfMemory``.
    package init(context: RingContext) throws(HERingError) {
        let moduli = context.moduli.map(\.value)
        var pointer: OpaquePointer?
        try check(ck_crt_create(moduli, moduli.count, &pointer), "CRT needs distinct primes")
        guard let pointer else { throw .outOfMemory }
        handle = pointer
        self.context = context
    }

    deinit { ck_crt_destroy(handle) }

    /// 64-bit words per recomposed coefficient in ``centeredWords(_:)``.
    package var wordCount: Int { ck_crt_word_count(handle) }

    /// Each centered coefficient divided by `divisor` (> 0), correctly rounded to the nearest `Double`.
    package func doubles(_ x: RNSPolynomial<Coefficient>, dividedBy divisor: Double = 1) -> [Double] {
        precondition(x.context.isSameRing(as: context), "CRT applied to a polynomial of another basis")
        precondition(divisor > 0, "divisor must be positive")
        var out = [Double](repeating: 0, count: x.degree)
        x.residues.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer {
                ck_crt_to_double(handle, input.baseAddress, x.degree, divisor, $0.baseAddress)
            }
        }
        return out
    }

    /// Each centered coefficient as a two's-complement little-endian integer of ``wordCount`` words,
    /// coefficient c at `[c*wordCount ..< (c+1)*wordCount]`.
    package func centeredWords(_ x: RNSPolynomial<Coefficient>) -> [UInt64] {
        precondition(x.context.isSameRing(as: context), "CRT applied to a polynomial of another basis")
        var out = [UInt64](repeating: 0, count: x.degree * wordCount)
        x.residues.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { ck_crt_to_words(handle, input.baseAddress, x.degree, $0.baseAddress) }
        }
        return out
    }
}
