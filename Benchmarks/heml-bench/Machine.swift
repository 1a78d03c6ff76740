import Foundation

/// Where a benchmark ran: CPU model, cores, memory, the commit of the code, and when.
struct Machine: Codable {
    var cpu: String
    var cores: Int
    var memoryBytes: UInt64
    /// `git describe --always --dirty` of the working directory, when it is a git checkout.
    var commit: String?
    /// ISO 8601, UTC.
    var date: String
    /// The 1-minute load average when the run started (other work on the machine skews times).
    var loadAverage: Double?

    static let current: Machine = {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return Machine(
            cpu: model ?? "unknown", cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryBytes: ProcessInfo.processInfo.physicalMemory, commit: gitDescription(),
            date: formatter.string(from: Date()),
            loadAverage: (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))
                .flatMap { $0.split(separator: " ").first }.flatMap { Double($0) })
    }()

    /// One line for Markdown output.
    var summary: String {
        "\(cpu), \(cores) cores, \(memoryBytes >> 30) GiB; commit \(commit ?? "unknown"); \(date)"
            + (loadAverage.map { String(format: "; load average %.1f at start", $0) } ?? "")
    }

    private static func gitDescription() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "describe", "--always", "--dirty"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
