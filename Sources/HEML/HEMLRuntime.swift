import CKKS

/// Process-wide setup for programs that run heavy homomorphic workloads (the `heml` executable calls it first).
public enum HEMLRuntime {
    /// Memory setup for large CKKS jobs: see `CKKSRuntime.prepare(hugePages:)`. Call first thing in `main`.
    ///
    /// - Returns: whether the setting was applied.
    @discardableResult
    public static func prepare() -> Bool { CKKSRuntime.prepare() }
}
