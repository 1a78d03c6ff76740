#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The peak resident memory of this process (`getrusage` `ru_maxrss`): what a role's step needed at most, keys,
/// ciphertexts and file buffers together. It covers the whole process, so a report made after other work in the
/// same process shows the largest of them.
public enum PeakMemory {
    /// Bytes, or nil where the system does not report it.
    public static func bytes() -> Int? {
        var usage = rusage()
        #if canImport(Glibc)
            let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
            let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0, usage.ru_maxrss > 0 else { return nil }
        #if canImport(Darwin)
            return Int(usage.ru_maxrss)
        #else
            return Int(usage.ru_maxrss) * 1024
        #endif
    }
}
