import CKKS
import HEML

/// The processes one server training runs on: this process alone, or every rank of an MPI job (one rank per
/// machine, threads inside each). Row blocks are split between them in rank order
/// (``EncryptedShard/rowBlocks(of:workers:total:)``); keys and weights are replicated; rank 0 writes the model,
/// the checkpoints and the report.
public final class TrainingWorkers: Sendable {
    /// This process's index, 0 … ``count`` − 1.
    public let rank: Int
    /// Processes in the run.
    public let count: Int
    /// How partial sums are added up across the processes.
    let reducer: any GradientReducer
    /// The job's collectives besides the reduction; nil for a single process.
    let job: (any WorkerJob)?

    init(rank: Int, count: Int, reducer: any GradientReducer, job: (any WorkerJob)?) {
        self.rank = rank
        self.count = count
        self.reducer = reducer
        self.job = job
    }

    /// This process alone, with ``LocalReducer``.
    public static let local = TrainingWorkers(rank: 0, count: 1, reducer: LocalReducer(), job: nil)

    /// Whether this heml was built with MPI (the package trait `MPI`).
    public static var mpiAvailable: Bool {
        #if MPI
            true
        #else
            false
        #endif
    }

    /// Gradients of at least this many bytes (their residues: 8 bytes each) are summed by a reduce-scatter and an
    /// allgather, smaller ones by one allreduce: 16 MiB, about half a top-level ciphertext at N = 2^16 (31.5 MB).
    /// Chosen per reduction (a run's gradients shrink as levels are used). Below it the exchange is latency-bound;
    /// above it the reduce-scatter's 2·(p − 1)/p of the gradient moved per rank pays on a network. From the design
    /// note's cost model, not tuned on a cluster.
    public static let reduceScatterThreshold = 16 << 20

    /// Joins the MPI job this process was started in (by `mpirun` or `srun`). Call once per process, and
    /// ``finish()`` at the end.
    ///
    /// - Parameter reduceScatterAbove: gradients of at least this many bytes go by reduce-scatter + allgather,
    ///   smaller ones by one allreduce (0: always reduce-scatter); every rank must pass the same.
    /// - Throws: ``WorkflowError/distributedFailure(_:)`` when heml was built without MPI (`swift build --traits
    ///   MPI`) or MPI cannot start.
    public static func mpi(reduceScatterAbove: Int = reduceScatterThreshold) throws(WorkflowError) -> TrainingWorkers {
        #if MPI
            let job = try MPIJob.start(reduceScatterAbove: reduceScatterAbove)
            return TrainingWorkers(rank: job.rank, count: job.size, reducer: job, job: job)
        #else
            throw .distributedFailure(
                "this heml was built without MPI; build it with `swift build --traits MPI` (Open MPI: "
                    + "scripts/install-deps.sh)")
        #endif
    }

    /// The row blocks of this process among `total`.
    func rowBlocks(total: Int) -> Range<Int> { EncryptedShard.rowBlocks(of: rank, workers: count, total: total) }

    /// Every process's `values` (the same count on each), in rank order, on rank 0; this process's alone elsewhere.
    ///
    /// - Throws: ``WorkflowError/distributedFailure(_:)`` when the exchange fails.
    func gather(_ values: [Double]) throws(WorkflowError) -> [[Double]] {
        guard let job else { return [values] }
        let all = try job.gather(values)
        return rank == 0 ? all : [values]
    }

    /// How the last reduction exchanged the gradient across the processes; nil for a single process.
    public var lastExchange: GradientExchange? { job?.lastExchange }

    /// Rank 0's bytes on every process: rank 0 runs `read` (reading and checking a file, say) and sends what it
    /// returns; the other processes receive it. A single process returns what `read` gives.
    ///
    /// - Throws: what `read` throws (on rank 0; the other ranks then wait until the job is aborted);
    ///   ``WorkflowError/distributedFailure(_:)`` when the exchange fails.
    func fromRankZero(_ read: () throws -> [UInt8]?) throws -> [UInt8]? {
        guard let job else { return try read() }
        return try job.broadcast(rank == 0 ? try read() : nil)
    }

    /// Leaves the job (MPI_Finalize); nothing for a single process.
    public func finish() { job?.finish() }

    /// Ends every process of the job with `code`, after this one failed; for an executable's error path (the other
    /// ranks would otherwise wait in the next reduction forever). A single process simply returns.
    public func abortJob(code: Int32) { job?.abort(code: code) }
}

/// The collectives of a multi-process job besides the gradient reduction.
protocol WorkerJob: Sendable {
    /// How the last reduction exchanged the gradient; nil before the first.
    var lastExchange: GradientExchange? { get }
    /// Rank 0's `bytes` (nil: none) on every rank; the other ranks pass nil.
    func broadcast(_ bytes: [UInt8]?) throws(WorkflowError) -> [UInt8]?
    /// Every rank's `values`, in rank order (on rank 0; other ranks get an empty array).
    func gather(_ values: [Double]) throws(WorkflowError) -> [[Double]]
    func finish()
    func abort(code: Int32)
}
