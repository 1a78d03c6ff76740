import HERing

/// Process-wide memory setup for programs that run heavy CKKS workloads (the `heml` and `heml-bench` executables
/// call it first thing in `main`).
public enum CKKSRuntime {
    /// Restarts the program with huge-page-backed malloc where available (see HERing's
    /// `Allocator.restartWithHugePages()`), then keeps freed large blocks for reuse
    /// (`Allocator.retainFreedMemory()`). Without these, every new ciphertext touches freshly mapped pages and large
    /// jobs spend a third of their time in the kernel. Affects the whole process.
    ///
    /// - Parameter hugePages: whether the restart may happen (it replaces the process image; call before any
    ///   thread exists).
    /// - Returns: whether freed memory is retained.
    @discardableResult
    public static func prepare(hugePages: Bool = true) -> Bool {
        if hugePages { Allocator.restartWithHugePages() }
        return Allocator.retainFreedMemory()
    }
}
