import CKKS
import Dispatch
import Foundation
import HEML

/// How the server's training runs: on which processes, with which checkpoints.
public struct TrainingRun: Sendable {
    /// The processes (``TrainingWorkers/local`` or an MPI job's).
    public var workers: TrainingWorkers
    /// Where the state after every iteration is written (by rank 0, atomically; rank 0 alone reads it back and
    /// sends it to the other ranks, so the directory need not be shared); nil: no checkpoints.
    public var checkpointDirectory: URL?
    /// Continue from the checkpoint in ``checkpointDirectory`` when there is one (otherwise start from the
    /// beginning), so that a scheduler can restart a killed job with the same command.
    public var resume: Bool
    /// Stop after this iteration (once its checkpoint is written) without writing a model; nil: run the plan to
    /// its end. For splitting a run into scheduler slots, and for tests.
    public var stopAfter: Int?
    /// How the evaluation keys' uniform halves are held: as seeds (the default: German credit's server peak 1.96 →
    /// 1.29–1.36 GB, training 1.01–1.09× as long) or expanded.
    public var uniformHalves: EvaluationKeys.UniformHalves

    public init(
        workers: TrainingWorkers = .local, checkpointDirectory: URL? = nil, resume: Bool = false, stopAfter: Int? = nil,
        uniformHalves: EvaluationKeys.UniformHalves = .seeded
    ) {
        self.workers = workers
        self.checkpointDirectory = checkpointDirectory
        self.resume = resume
        self.stopAfter = stopAfter
        self.uniformHalves = uniformHalves
    }
}

/// What the run of a server's training did across its processes.
public struct TrainingRunReport: Sendable {
    /// This process's rank and the processes in the run.
    public let rank: Int, workers: Int
    /// The row blocks each process trained on, in rank order.
    public let rowBlocks: [Range<Int>]
    /// The iteration of the checkpoint the run continued from; nil when it started from the beginning.
    public let resumedFrom: Int?
    /// Iterations done when the run ended (the plan's, unless stopped early).
    public let iterationsDone: Int
    /// Per process (rank order; on ranks other than 0 only their own), per iteration run: seconds of computation
    /// (everything but the reduction and checkpoint writing) and seconds in the reduction (communication).
    public let compute: [[Double]], communication: [[Double]]
    /// How the processes exchanged the gradient (the last iteration's); nil for a single process.
    public let exchange: GradientExchange?
}

extension Server {
    /// The public bundle (its evaluation keys taken out), its evaluation keys (their uniform halves held as `run`
    /// says), this process's shard of the encrypted dataset, the gradient noise the dataset carries (nil: none) and
    /// the dataset's digest.
    static func readShard(_ dataset: URL, publicBundle url: URL, allowInsecure: Bool, run: TrainingRun) throws
        -> (PublicBundle, EvaluationKeys, EncryptedShard, EncryptedGradientNoise?, UInt64)
    {
        var bundle = try PublicBundle(reading: url, allowInsecure: allowInsecure, uniformHalves: run.uniformHalves)
        let (shard, noise, digest) = try EncryptedDatasetFile.readShard(
            dataset, rowBlocks: run.workers.rowBlocks(total: bundle.plan.layout.rowBlocks), for: bundle,
            bundleName: url.lastPathComponent)
        guard let keys = bundle.takeEvaluationKeys() else { preconditionFailure("the bundle was read with its keys") }
        return (bundle, keys, shard, noise, digest)
    }

    /// Trains this process's shard under `run` with `keys`, the bundle's evaluation keys, releasing their levels as
    /// training descends (pass their only copy, so that the memory returns): resumes from a checkpoint when asked
    /// (read and checked on rank 0, sent to the others), sums through the workers' reducer, adds `noise` (DP-GD) to
    /// every iteration's weights, writes a checkpoint after every iteration (rank 0), times every iteration, and
    /// gathers the timings on rank 0.
    static func train(
        _ shard: EncryptedShard, keys: consuming EvaluationKeys, noise: EncryptedGradientNoise? = nil,
        datasetDigest: UInt64, bundle: PublicBundle, bundleName: String, run: TrainingRun,
        observer: any WorkflowObserver
    ) throws -> (TrainingState, EncryptedLogisticRegression, TrainingRunReport) {
        let plan = bundle.plan
        var trainer = try EncryptedLogisticRegression(
            plan: plan, context: bundle.context, evaluationKeys: consume keys)
        let identity = TrainingCheckpoint.Identity(plan: plan, datasetDigest: datasetDigest)
        var start: TrainingState?
        if run.resume, let directory = run.checkpointDirectory {
            // Rank 0 reads and checks the checkpoint and sends its bytes: the other ranks need no shared directory.
            func decode(_ bytes: [UInt8]) throws(WorkflowError) -> TrainingState {
                try TrainingCheckpoint.decode(Data(bytes), identity: identity, bundle: bundle, bundleName: bundleName)
            }
            let shared = try run.workers.fromRankZero {
                let bytes = try TrainingCheckpoint.bytes(in: directory).map { [UInt8]($0) }
                start = try bytes.map(decode)
                return bytes
            }
            if run.workers.rank != 0 { start = try shared.map(decode) }
            observer.note(
                start.map { "resuming after iteration \($0.iteration) of \(plan.iterations) from \(directory.path)" }
                    ?? "no checkpoint in \(directory.path): training from the first iteration")
        }
        let reducer = TimedReducer(run.workers.reducer)
        var compute: [Double] = [], communication: [Double] = []
        var mark = DispatchTime.now().uptimeNanoseconds
        let state = try trainer.trainReleasingKeys(
            shard, reducer: reducer, noise: noise, from: start, through: run.stopAfter,
            afterIteration: { state throws(HEMLError) in
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - mark) / 1e9, reducing = reducer.take()
                compute.append(seconds - reducing)
                communication.append(reducing)
                if run.workers.rank == 0, let directory = run.checkpointDirectory {
                    try TrainingCheckpoint.write(state, to: directory, identity: identity, bundle: bundle)
                }
                mark = DispatchTime.now().uptimeNanoseconds
            }, progress: { observer.iteration($0) })
        let all = try run.workers.gather(compute + communication)
        let n = compute.count
        let report = TrainingRunReport(
            rank: run.workers.rank, workers: run.workers.count,
            rowBlocks: (0..<run.workers.count).map {
                EncryptedShard.rowBlocks(of: $0, workers: run.workers.count, total: plan.layout.rowBlocks)
            }, resumedFrom: start?.iteration, iterationsDone: state.iteration,
            compute: all.map { Array($0.prefix(n)) }, communication: all.map { Array($0.dropFirst(n)) },
            exchange: run.workers.lastExchange)
        return (state, trainer, report)
    }
}

/// A reducer that records the seconds spent in the one it wraps, for the report's communication times.
final class TimedReducer: GradientReducer, @unchecked Sendable {
    private let base: any GradientReducer
    private let lock = NSLock()
    private var seconds = 0.0

    init(_ base: any GradientReducer) { self.base = base }

    func sum(_ partial: [Ciphertext]?, context: CKKSContext) throws(HEMLError) -> [Ciphertext] {
        let begun = DispatchTime.now().uptimeNanoseconds
        defer {
            let spent = Double(DispatchTime.now().uptimeNanoseconds - begun) / 1e9
            lock.withLock { seconds += spent }
        }
        return try base.sum(partial, context: context)
    }

    /// The seconds recorded since the last call.
    func take() -> Double {
        lock.withLock {
            defer { seconds = 0 }; return seconds
        }
    }
}
