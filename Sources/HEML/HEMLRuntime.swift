import CKKS

/// Process-wide memory tuning for programs that run heavy homomorphic workloads.
public enum HEMLRuntime {
    /// Keeps freed large blocks in the C heap for reuse: see `CKKSRuntime.prepare()`. Never restarts the program or
    /// changes its environment; safe to call more than once.
    ///
    /// - Returns: whether the setting was applied (false on C libraries without `mallopt`).
    @discardableResult
    public static func prepare() -> Bool { CKKSRuntime.prepare() }
}
