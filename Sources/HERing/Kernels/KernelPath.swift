internal import CKernels

/// Which implementation of the hot kernels runs.
///
/// Both paths produce bit-identical results; they differ only in speed.
public enum KernelPath: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Portable C11, any CPU.
    case scalar
    /// AVX-512 with IFMA52 for primes below 2^50; larger primes fall back to ``scalar`` per limb.
    case avx512IFMA = "avx512-ifma"

    /// The fastest path this CPU supports, unless the environment variable `HEML_KERNEL_PATH=scalar`
    /// forces the portable one.
    public static var `default`: KernelPath { KernelPath(ck_default_path()) }

    /// Whether this path can run on this CPU (checked through CPUID and the OS's AVX-512 state support).
    public var isAvailable: Bool { ck_path_available(cValue) != 0 }

    public var description: String { rawValue }

    var cValue: ck_path {
        switch self {
        case .scalar: CK_PATH_SCALAR
        case .avx512IFMA: CK_PATH_AVX512IFMA
        }
    }

    init(_ path: ck_path) {
        self = path == CK_PATH_AVX512IFMA ? .avx512IFMA : .scalar
    }
}
