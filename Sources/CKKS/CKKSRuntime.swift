import HERing

/// Process-wide memory tuning for programs that run heavy CKKS workloads.
public enum CKKSRuntime {
    /// Keeps freed blocks of up to 32 MiB in the C heap for reuse instead of returning them to the operating system
    /// (glibc `mallopt`). Without it, every new ciphertext touches freshly mapped pages and large jobs spend a third of
    /// their time in the kernel. Affects the whole process's allocator and nothing else: it never restarts the
    /// program or changes its environment. Safe to call more than once, from any thread.
    ///
    /// Huge pages need the process to start with `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`; the `heml` and
    /// `heml-bench` executables restart themselves with it, a library never does (set it in your program's
    /// environment to get the same speed).
    ///
    /// - Returns: whether the setting was applied (false on C libraries without `mallopt`).
    @discardableResult
    public static func prepare() -> Bool { Allocator.retainFreedMemory() }

    /// Returns the C heap's free pages to the operating system (glibc `malloc_trim`) once a phase that freed much
    /// memory is over, e.g. after reading evaluation keys: ``prepare()`` otherwise keeps freed blocks resident for
    /// reuse. Costs a few milliseconds; does nothing on other C libraries.
    public static func releaseFreedMemory() { Allocator.releaseFreedMemory() }
}
