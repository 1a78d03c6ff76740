internal import CKernels

/// Which implementation of the hot kernels runs.
///
/// Every path produces bit-identical results; they differ only in speed.
public enum KernelPath: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Portable C11, any CPU.
    case scalar
    /// AVX-512 with IFMA52 for primes below 2^50; larger primes take the ``avx512F`` kernels per limb.
    case avx512IFMA = "avx512-ifma"
    /// AVX-512F/DQ on 64-bit lanes for every prime (no IFMA): CPUs with AVX-512 but without IFMA52.
    case avx512F = "avx512f"

    /// The fastest path this CPU supports (``avx512IFMA``, then ``avx512F``, then ``scalar``), unless the
    /// environment variable `HEML_KERNEL_PATH` is `scalar` (forces the portable path) or `avx512f`.
    public static var `default`: KernelPath { KernelPath(ck_default_path()) }

    /// Whether this path can run on this CPU (checked through CPUID and the OS's AVX-512 state support).
    public var isAvailable: Bool { ck_path_available(cValue) != 0 }

    public var description: String { rawValue }

    var cValue: ck_path {
        switch self {
        case .scalar: CK_PATH_SCALAR
        case .avx512IFMA: CK_PATH_AVX512IFMA
        case .avx512F: CK_PATH_AVX512F
        }
    }

    init(_ path: ck_path) {
        switch path {
        case CK_PATH_AVX512IFMA: self = .avx512IFMA
        case CK_PATH_AVX512F: self = .avx512F
        default: self = .scalar
        }
    }
}
