#if canImport(Glibc)
    import Glibc
#endif

/// The executables' opt-in to huge-page-backed malloc: restarts the running program once, with glibc's
/// `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, so large heap blocks (ciphertexts, keys) are backed by 2 MiB transparent
/// huge pages. About 500 times fewer page faults; key generation at N = 2^16 runs about twice as fast.
///
/// Only the `heml` and `heml-bench` executables call it, first thing in `main`. It is not part of any library
/// product: a library must never restart its host (code before the call would run twice and buffered output would
/// be lost). A program that embeds heml and wants the same speed sets the tunable in its own environment instead.
package enum HugePageRestart {
    /// Set to `0` to keep the process as started (no restart, 4 KiB pages).
    package static let optOutVariable = "HEML_HUGE_PAGES"

    /// Replaces the process image with itself (`/proc/self/exe`, same arguments, environment plus the tunable) where
    /// the kernel offers transparent huge pages on request (`madvise` mode), the tunable is not set yet and
    /// `HEML_HUGE_PAGES` is not `0`; otherwise, or when the exec fails, returns and nothing has changed.
    ///
    /// Call before any thread exists and before any output: nothing that ran before the call survives a restart.
    package static func restartIfAvailable() {
        #if os(Linux) && canImport(Glibc)
            if let optOut = getenv(optOutVariable), String(cString: optOut) == "0" { return }
            let current = getenv("GLIBC_TUNABLES").map { String(cString: $0) } ?? ""
            if current.contains("glibc.malloc.hugetlb") { return }
            guard madviseMode() else { return }
            let tunable = "glibc.malloc.hugetlb=1"
            guard setenv("GLIBC_TUNABLES", current.isEmpty ? tunable : current + ":" + tunable, 1) == 0 else { return }
            execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
    }

    #if os(Linux) && canImport(Glibc)
        /// Whether `/sys/kernel/mm/transparent_hugepage/enabled` selects `[madvise]`.
        private static func madviseMode() -> Bool {
            guard let file = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r") else { return false }
            defer { fclose(file) }
            var line = [CChar](repeating: 0, count: 128)
            guard fgets(&line, Int32(line.count), file) != nil else { return false }
            return String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                .contains("[madvise]")
        }
    #endif
}
