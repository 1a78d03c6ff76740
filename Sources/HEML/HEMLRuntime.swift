import HERing

/// Process-wide setup for programs that run heavy homomorphic workloads (the `heml` executable calls it first).
public enum HEMLRuntime {
    /// Keeps freed large blocks in the C heap for reuse (see HERing's `Allocator.retainFreedMemory()`): without
    /// it, every new ciphertext touches freshly mapped pages and large jobs spend a third of their time in the
    /// kernel. Affects the whole process; call once at start.
    ///
    /// - Returns: whether the setting was applied.
    @discardableResult
    public static func prepare() -> Bool { Allocator.retainFreedMemory() }
}
