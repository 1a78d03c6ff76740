import ArgumentParser
import Foundation
import HEMLWorkflow

/// `heml-bench allreduce` (under `mpirun`, heml built with `--traits MPI`): the reduction of one top-level
/// ciphertext of a public bundle's parameters across the job's ranks, as distributed training runs it, by each
/// exchange (allreduce; reduce-scatter + allgather), next to a raw `MPI_Allreduce` of as many words. One JSON line
/// per exchange from rank 0: milliseconds (minimum / median) of heml's whole reduction, of the part inside MPI,
/// and of the raw allreduce, and whether every result was the exact sum.
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
        let results = try workers.timeReductions(publicBundle: URL(fileURLWithPath: publicBundle), repeats: repeats)
        guard workers.rank == 0 else { return }
        func milliseconds(_ name: String, _ seconds: [Double]) -> String {
            let sorted = seconds.sorted()
            return "\"\(name)_min_ms\": \(String(format: "%.2f", sorted[0] * 1000)), "
                + "\"\(name)_median_ms\": \(String(format: "%.2f", sorted[sorted.count / 2] * 1000))"
        }
        for result in results {
            print(
                "{\"ranks\": \(workers.count), \"algorithm\": \"\(result.algorithm)\", \"bytes\": \(result.bytes), "
                    + "\"repeats\": \(repeats), \(milliseconds("heml", result.total)), "
                    + "\(milliseconds("in_mpi", result.collectives)), \(milliseconds("raw_allreduce", result.raw)), "
                    + "\"exact\": \(result.exact)}")
        }
        if results.contains(where: { !$0.exact }) { throw ExitCode.failure }
    }
}
