internal import CKernels

/// The ring automorphism X ↦ X^k of Z_Q[X]/(X^N + 1), for odd k in (0, 2N).
///
/// Holds the evaluation-form permutation, so applying it to NTT-form polynomials is a gather.
/// Build one per rotation step and reuse it.
public struct GaloisElement: Sendable, Hashable {
    /// The exponent k (odd, 0 < k < 2N).
    public let exponent: UInt64
    /// log2 N.
    public let logDegree: Int
    let permutation: [UInt32]

    /// - Throws: ``HERingError/invalidArgument(_:)`` unless k is odd and 0 < k < 2N, 10 ≤ logDegree ≤ 17.
    public init(exponent: UInt64, logDegree: Int) throws(HERingError) {
        guard (10...17).contains(logDegree), exponent & 1 == 1, exponent < UInt64(2) << logDegree else {
            throw .invalidArgument("Galois exponent \(exponent) must be odd and below 2N = 2^\(logDegree + 1)")
        }
        var index = [UInt32](repeating: 0, count: 1 << logDegree)
        let status = index.withUnsafeMutableBufferPointer { out in
            ck_automorphism_ntt_index(out.baseAddress, UInt32(logDegree), exponent)
        }
        try check(status, "Galois exponent")
        self.exponent = exponent
        self.logDegree = logDegree
        permutation = index
    }

    /// The element 5^step mod 2N that rotates CKKS slots left by `step` (negative steps rotate right).
    ///
    /// - Throws: ``HERingError/invalidArgument(_:)`` unless 10 ≤ logDegree ≤ 17.
    public static func rotation(by step: Int, logDegree: Int) throws(HERingError) -> GaloisElement {
        let twoN = UInt64(2) << logDegree
        let order = Int(twoN / 4)
        let power = UInt64(((step % order) + order) % order)
        var result: UInt64 = 1, base: UInt64 = 5, e = power
        while e > 0 {
            if e & 1 == 1 { result = result * base % twoN }
            base = base * base % twoN
            e >>= 1
        }
        return try GaloisElement(exponent: result, logDegree: logDegree)
    }

    /// The automorphism undoing this one: X ↦ X^(k⁻¹ mod 2N).
    public var inverse: GaloisElement {
        // The odd residues mod 2N form a group of exponent N/2, so k⁻¹ = k^(N/2 − 1).
        let twoN = UInt64(2) << logDegree
        var result: UInt64 = 1, base = exponent, e = (twoN / 4) - 1
        while e > 0 {
            if e & 1 == 1 { result = result * base % twoN }
            base = base * base % twoN
            e >>= 1
        }
        return try! GaloisElement(exponent: result, logDegree: logDegree)
    }

    /// X ↦ X^(2N-1), complex conjugation of CKKS slots.
    ///
    /// - Throws: ``HERingError/invalidArgument(_:)`` unless 10 ≤ logDegree ≤ 17.
    public static func conjugation(logDegree: Int) throws(HERingError) -> GaloisElement {
        try GaloisElement(exponent: (UInt64(2) << logDegree) - 1, logDegree: logDegree)
    }
}

extension RNSPolynomial where Format == Coefficient {
    /// a(X) ↦ a(X^k).
    public func applying(_ element: GaloisElement) -> RNSPolynomial {
        precondition(element.logDegree == context.logDegree, "Galois element of another ring degree")
        var result = RNSPolynomial(zeroIn: context)
        result.residues.withUnsafeMutableBufferPointer { out in
            residues.withUnsafeBufferPointer { input in
                forEachLimb { _, offset, m in
                    _ = ck_automorphism_coeff(
                        out.baseAddress! + offset, input.baseAddress! + offset,
                        UInt32(context.logDegree), element.exponent, m)
                }
            }
        }
        return result
    }
}

extension RNSPolynomial where Format == Evaluation {
    /// a(X) ↦ a(X^k), a permutation of evaluations.
    public func applying(_ element: GaloisElement) -> RNSPolynomial {
        var result = RNSPolynomial(zeroIn: context)
        applying(element, into: &result)
        return result
    }

    /// Writes a(X^k) into `result` (same ring; its storage is reused).
    public func applying(_ element: GaloisElement, into result: inout RNSPolynomial) {
        precondition(element.logDegree == context.logDegree, "Galois element of another ring degree")
        requireSameRing(result)
        let n = degree
        result.residues.withUnsafeMutableBufferPointer { out in
            residues.withUnsafeBufferPointer { input in
                element.permutation.withUnsafeBufferPointer { index in
                    for i in 0..<limbCount {
                        ck_permute(out.baseAddress! + i * n, input.baseAddress! + i * n, index.baseAddress, n)
                    }
                }
            }
        }
    }
}
