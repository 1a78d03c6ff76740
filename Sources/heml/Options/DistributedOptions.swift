import ArgumentParser
import Foundation
import HEMLWorkflow

/// The server's run options: processes (`--workers mpi` under `mpirun`), checkpoints and resumption, key memory.
struct DistributedOptions: ParsableArguments {
    /// Where the server's training runs.
    enum Workers: String, ExpressibleByArgument, CaseIterable {
        case local, mpi
    }

    /// How the server holds the evaluation keys' uniform halves.
    enum KeyMemory: String, ExpressibleByArgument, CaseIterable {
        case seeded, expanded
    }

    @Option(
        help: ArgumentHelp(
            "Server: `local` (this process) or `mpi` (every rank of the MPI job this process runs in: `mpirun -np N "
                + "heml train … --workers mpi`; heml built with `--traits MPI`).", valueName: "local|mpi"))
    var workers: Workers = .local

    @Option(
        help: ArgumentHelp(
            "Server: write the training state after every iteration to this directory (atomically).",
            valueName: "dir"))
    var checkpoint: String?

    @Option(
        name: .customLong("key-memory"),
        help: ArgumentHelp(
            "Server: hold each key's uniform half a_j as its 32-byte seed, expanded limb by limb by every key switch "
                + "(`seeded`: half the keys' memory, German credit's training about 1.1× slower), or in memory "
                + "(`expanded`: fastest).", valueName: "seeded|expanded"))
    var keyMemory: KeyMemory = .seeded

    @Flag(help: "Server: continue from the checkpoint in --checkpoint when there is one (else start from the first).")
    var resume = false

    @Option(
        name: .customLong("stop-after"),
        help: ArgumentHelp(
            "Server: stop after this iteration, once its checkpoint is written, without writing a model.",
            valueName: "iteration", visibility: .hidden))
    var stopAfter: Int?

    @Option(
        name: .customLong("reduce-scatter-above"),
        help: ArgumentHelp(
            "Server, --workers mpi: sum gradients of at least this many bytes by reduce-scatter + allgather, smaller "
                + "ones by one allreduce (default \(TrainingWorkers.reduceScatterThreshold); 0: always).",
            valueName: "bytes", visibility: .hidden))
    var reduceScatterAbove: Int?

    /// The options given, for refusing them outside the server mode.
    var given: [String] {
        [
            workers != .local ? "--workers" : nil, checkpoint != nil ? "--checkpoint" : nil,
            resume ? "--resume" : nil, stopAfter != nil ? "--stop-after" : nil,
            reduceScatterAbove != nil ? "--reduce-scatter-above" : nil, keyMemory != .seeded ? "--key-memory" : nil,
        ].compactMap { $0 }
    }

    func validate() throws {
        if resume, checkpoint == nil { throw ValidationError("--resume needs --checkpoint DIR") }
        if let stopAfter, stopAfter < 1 { throw ValidationError("--stop-after must be at least 1") }
        if let reduceScatterAbove {
            if reduceScatterAbove < 0 { throw ValidationError("--reduce-scatter-above must be at least 0") }
            if workers != .mpi { throw ValidationError("--reduce-scatter-above needs --workers mpi") }
        }
    }

    /// The processes: joins the MPI job for `--workers mpi`.
    func start() throws -> TrainingWorkers {
        switch workers {
        case .local: .local
        case .mpi:
            try TrainingWorkers.mpi(reduceScatterAbove: reduceScatterAbove ?? TrainingWorkers.reduceScatterThreshold)
        }
    }

    /// The run on `workers`.
    func run(on workers: TrainingWorkers) -> TrainingRun {
        TrainingRun(
            workers: workers, checkpointDirectory: checkpoint.map(OutputPath.url), resume: resume, stopAfter: stopAfter,
            uniformHalves: keyMemory == .seeded ? .seeded : .expanded)
    }
}
