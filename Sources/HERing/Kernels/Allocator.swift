internal import CKernels

/// Process-wide memory tuning for heavy homomorphic workloads.
package enum Allocator {
    /// Keeps freed blocks of up to 32 MiB in the C heap for reuse instead of returning them to the operating system.
    ///
    /// Ciphertexts at N = 2^16 are tens of MiB; without this, every new result touches freshly mapped pages
    /// (about 2.5 µs per 4 KiB page here, 10 ms per 16 MiB polynomial) and large jobs spend a third of their time in
    /// the kernel. The `heml` and `heml-bench` executables call it at start; library users may call it once too.
    /// Affects the whole process (glibc `mallopt`); the memory stays with the process until it exits.
    ///
    /// - Returns: whether the setting was applied (false on C libraries without `mallopt`).
    @discardableResult
    package static func retainFreedMemory() -> Bool { ck_retain_freed_memory() != 0 }

    /// Restarts the running program with glibc's malloc set to back large blocks with 2 MiB transparent huge pages,
    /// where the kernel offers them on request (`madvise` mode) and the setting is not on yet; otherwise returns.
    /// About 500 times fewer page faults: key generation at N = 2^16 runs twice as fast. Call it first thing in
    /// `main`, before any thread starts; the process image is replaced, with the same arguments and environment
    /// plus `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`.
    package static func restartWithHugePages() {
        ck_reexec_with_huge_pages(CommandLine.unsafeArgv)
    }
}
