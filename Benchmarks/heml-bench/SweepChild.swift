import ArgumentParser
import Foundation
import HEML
import HEMLWorkflow

/// One sweep set, each role in a child process of its own (`heml-bench train-role`): a fresh peak-memory count per
/// role, as when users run the commands, and (through `taskset`) only the set's cores, which training's parallel
/// loops then use.
enum SweepChild {
    /// Runs the four roles of `set` in a scratch directory and assembles the result.
    static func run(_ set: SweepSet, csv: String, label: String, cores: Int) throws -> SweepResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("heml-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let setJSON = String(decoding: try JSONEncoder().encode(set), as: UTF8.self)
        var runs: [TrainingBenchmark.RoleRun] = []
        for role in TrainingBenchmark.Role.allCases {
            var arguments = [
                executable, "train-role", role.rawValue, "--set", setJSON, "--csv", csv, "--label", label,
                "--directory", directory.path,
            ]
            if set.threads < cores { arguments = ["/usr/bin/taskset", "-c", "0-\(set.threads - 1)"] + arguments }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ValidationError(
                    "\(role.rawValue) of set \(set.name) failed (exit status \(process.terminationStatus))")
            }
            runs.append(try JSONDecoder().decode(TrainingBenchmark.RoleRun.self, from: data))
        }
        return try TrainingBenchmark.result(
            of: set, runs: runs, csv: URL(fileURLWithPath: csv), read: CSVReadOptions(labelColumn: label),
            directory: directory)
    }
}

/// `heml-bench train-role` (internal, used by `heml-bench train`): runs one role of a sweep set in this process and
/// prints its times, peak memory and CPUs as JSON.
struct TrainRoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-role", abstract: "Runs one role of a sweep set (used by `heml-bench train`).",
        shouldDisplay: false)

    @Argument var role: String
    @Option(help: "The set, as JSON.") var set: String
    @Option var csv: String
    @Option var label: String
    @Option var directory: String

    func run() throws {
        guard let role = TrainingBenchmark.Role(rawValue: role) else { throw ValidationError("unknown role \(role)") }
        let set = try JSONDecoder().decode(SweepSet.self, from: Data(self.set.utf8))
        var run = try TrainingBenchmark.run(
            role, of: set, csv: URL(fileURLWithPath: csv), read: CSVReadOptions(labelColumn: label),
            directory: URL(fileURLWithPath: directory))
        run.peakBytes = ProcessStatus().peakBytes()
        run.cpus = ProcessStatus.allowedCPUs
        print(String(decoding: try JSONEncoder().encode(run), as: UTF8.self))
    }
}
