import ArgumentParser
import Foundation
import HEMLWorkflow

/// `heml-bench allreduce` (under `mpirun`, heml built with `--traits MPI`): the reduction of one top-level
/// ciphertext of a public bundle's parameters across the job's ranks, as distributed training runs it.
struct AllreduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allreduce",
        abstract: "Time the MPI reduction of one ciphertext across the ranks of an mpirun job.")

    @Option(
        name: .customLong("public-bundle"),
        help: ArgumentHelp("The parameters' source (keys are not read).", valueName: "file.hemlpub"))
    var publicBundle: String

    @Option(help: "Timed reductions after one warm-up.")
    var repeats = 7

    func run() throws {
        let workers = try TrainingWorkers.mpi()
        defer { workers.finish() }
        let (bytes, seconds) = try workers.timeReduction(
            publicBundle: URL(fileURLWithPath: publicBundle), repeats: repeats)
        guard workers.rank == 0 else { return }
        let sorted = seconds.sorted()
        print(
            "{\"ranks\": \(workers.count), \"bytes\": \(bytes), \"repeats\": \(repeats), "
                + "\"min_ms\": \(String(format: "%.2f", sorted[0] * 1000)), "
                + "\"median_ms\": \(String(format: "%.2f", sorted[sorted.count / 2] * 1000))}")
    }
}
