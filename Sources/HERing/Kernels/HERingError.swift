internal import CKernels
import Foundation

/// Errors thrown by the ring layer.
///
/// Messages name the offending parameter, never coefficient values.
public enum HERingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A size, modulus, root or exponent outside its documented range.
    case invalidArgument(String)
    /// A precomputed table could not be allocated.
    case outOfMemory
    /// Fewer primes of the requested form exist than were asked for.
    case notEnoughPrimes(bits: Int, logDegree: Int, requested: Int)
    /// The requested kernel path cannot run on this CPU.
    case unsupportedKernelPath(KernelPath)
    /// Two polynomials (or a polynomial and a table) are over different rings or bases.
    case ringMismatch(String)
    /// The operating system's random generator failed.
    case randomSourceFailed(errno: Int32)

    public var description: String {
        switch self {
        case .invalidArgument(let what): "invalid argument: \(what)"
        case .outOfMemory: "out of memory while building precomputed tables"
        case .notEnoughPrimes(let bits, let logDegree, let requested):
            "fewer than \(requested) primes of \(bits) bits are congruent to 1 mod 2^\(logDegree + 1)"
        case .unsupportedKernelPath(let path): "kernel path \(path) is not available on this CPU"
        case .ringMismatch(let what): "ring mismatch: \(what)"
        case .randomSourceFailed(let errno): "the system random generator failed (errno \(errno))"
        }
    }
}

/// Maps a C status to a thrown error; `context` says what was being done.
func check(_ status: ck_status, _ context: @autoclosure () -> String) throws(HERingError) {
    switch status {
    case CK_OK: return
    case CK_OUT_OF_MEMORY: throw .outOfMemory
    case CK_UNSUPPORTED: throw .unsupportedKernelPath(.avx512IFMA)
    default: throw .invalidArgument(context())
    }
}

extension HERingError: LocalizedError {
    /// The same text as `description`, for APIs that show `localizedDescription`.
    public var errorDescription: String? { description }
}
