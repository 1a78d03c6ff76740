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

    /// Returns the free pages of the C heap to the operating system (glibc `malloc_trim`): for the end of a phase
    /// that freed much more than the next one allocates, such as reading a key set, since ``retainFreedMemory()``
    /// otherwise keeps up to 1 GiB of freed blocks resident. Costs a few milliseconds; no effect without glibc.
    package static func releaseFreedMemory() {
        _ = ck_release_freed_memory()
    }
}
