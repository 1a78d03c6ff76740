import ArgumentParser
import Foundation
import HEML
import HEMLWorkflow

/// `heml-bench train`: encrypted training across parameter sets, one child process per set (so peak memory is the
/// set's own and the set's core count holds), written as JSON, a Markdown table and an SVG chart.
struct TrainSweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Sweeps parameter sets for encrypted training on a CSV (role-separated: keygen, encrypt, server "
            + "training, decrypt) and reports times, peak memory per role, key and ciphertext sizes, AUC against the "
            + "plaintext twins; writes <out>/train-sweep.{json,md,svg}.",
        discussion: """
            Axes: iterations, sigmoid family, degree and interval, ring degree, cores, and (with --full) \
            bootstrapping on the N = 2^16 preset. Not swept: the scale, the special-prime count and the key stride \
            (fixed by the planner; the key stride follows the 300 MiB key budget).
            """
    )

    @Option(help: ArgumentHelp("Training CSV.", valueName: "file.csv"))
    var csv = "datasets/german_credit_onehot.csv"

    @Option(help: ArgumentHelp("Label column.", valueName: "name"))
    var label = "bad_credit"

    @Flag(help: "The README's sweep (about 12 sets) instead of the standard 6.")
    var full = false

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Run only the sets with these names.", valueName: "name"))
    var sets: [String] = []

    @Option(help: ArgumentHelp("Directory for train-sweep.json, .md and .svg (created).", valueName: "dir"))
    var out = ".build/bench-train"

    @Flag(help: "Print the JSON document on stdout instead of the Markdown table.")
    var json = false

    func run() throws {
        let results = TrainingBenchmark.markingParetoFront(try sweep())
        try write(SweepDocument(machine: .current, csv: csv, label: label, results: results))
    }

    /// Runs the chosen sets, one child process per role.
    private func sweep() throws -> [SweepResult] {
        let cores = ProcessStatus.allowedCPUs
        var chosen = full ? TrainingSweep.full(cores: cores) : TrainingSweep.standard(cores: cores)
        if !sets.isEmpty {
            let unknown = sets.filter { name in !chosen.contains { $0.name == name } }
            guard unknown.isEmpty else {
                throw ValidationError(
                    "unknown set(s) \(unknown.joined(separator: ", ")); sets: "
                        + chosen.map(\.name).joined(separator: ", "))
            }
            chosen = chosen.filter { sets.contains($0.name) }
        }
        var results: [SweepResult] = []
        for (index, set) in chosen.enumerated() {
            FileHandle.standardError.write(Data("[\(index + 1)/\(chosen.count)] \(set.name) … ".utf8))
            let start = Date()
            let result = try SweepChild.run(set, csv: csv, label: label, cores: cores)
            FileHandle.standardError.write(
                Data(
                    String(
                        format: "train %.1f s, AUC %.4f (%.0f s)\n", result.trainSeconds, result.encryptedAUC,
                        Date().timeIntervalSince(start)
                    ).utf8))
            results.append(result)
        }
        return results
    }

    /// Writes train-sweep.json, .md and .svg and prints the table (or the JSON).
    private func write(_ document: SweepDocument) throws {
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let jsonData = try encoder.encode(document)
        let markdown =
            "Machine: \(document.machine.summary); data \(document.csv), label \(document.label).\n\n"
            + SweepTable.markdown(document.results)
        let title = "Encrypted training on \(URL(fileURLWithPath: document.csv).lastPathComponent): time against AUC"
        try jsonData.write(to: directory.appendingPathComponent("train-sweep.json"), options: .atomic)
        try Data(markdown.utf8).write(to: directory.appendingPathComponent("train-sweep.md"), options: .atomic)
        try Data(SweepChart.svg(document.results, title: title).utf8).write(
            to: directory.appendingPathComponent("train-sweep.svg"), options: .atomic)
        print(json ? String(decoding: jsonData, as: UTF8.self) : markdown, terminator: json ? "\n" : "")
        FileHandle.standardError.write(Data("wrote \(directory.path)/train-sweep.{json,md,svg}\n".utf8))
    }
}

/// What `heml-bench train` writes as JSON.
struct SweepDocument: Codable {
    var machine: Machine
    var csv: String
    var label: String
    var results: [SweepResult]
}
