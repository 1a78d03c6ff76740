import Foundation

/// This process as Linux reports it in `/proc/self`: peak resident memory (resettable) and the CPUs it may run on.
struct ProcessStatus {
    /// Resets the peak (VmHWM) by writing 5 to `/proc/self/clear_refs` (Linux ≥ 4.0); where that fails the peak
    /// stays process-wide.
    func reset() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        try? handle.write(contentsOf: Data("5".utf8))
        try? handle.close()
    }

    /// VmHWM, the peak resident set since the last reset; `getrusage`'s ru_maxrss where /proc is missing.
    func peakBytes() -> Int? {
        if let kilobytes = Self.field("VmHWM").flatMap({ Int($0.split(separator: " ").first ?? "") }) {
            return kilobytes * 1024
        }
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
        return usage.ru_maxrss * 1024
    }

    /// CPUs this process may run on (the `Cpus_allowed` mask), or the online count.
    static var allowedCPUs: Int {
        guard let mask = field("Cpus_allowed") else { return ProcessInfo.processInfo.activeProcessorCount }
        return mask.filter(\.isHexDigit).reduce(0) { $0 + Int(String($1), radix: 16)!.nonzeroBitCount }
    }

    /// The value of `name:` in /proc/self/status, trimmed.
    private static func field(_ name: String) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix(name + ":") }
        return line.map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
    }
}
