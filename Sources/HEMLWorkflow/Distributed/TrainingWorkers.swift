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

    /// Joins the MPI job this process was started in (by `mpirun` or `srun`). Call once per process, and
    /// ``finish()`` at the end.
    ///
    /// - Throws: ``WorkflowError/distributedFailure(_:)`` when heml was built without MPI (`swift build --traits
    ///   MPI`) or MPI cannot start.
    public static func mpi() throws(WorkflowError) -> TrainingWorkers {
        #if MPI
            let job = try MPIJob.start()
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

    /// Leaves the job (MPI_Finalize); nothing for a single process.
    public func finish() { job?.finish() }

    /// Ends every process of the job with `code`, after this one failed; for an executable's error path (the other
    /// ranks would otherwise wait in the next reduction forever). A single process simply returns.
    public func abortJob(code: Int32) { job?.abort(code: code) }
}

/// The collectives of a multi-process job besides the gradient reduction.
protocol WorkerJob: Sendable {
    /// Every rank's `values`, in rank order (on rank 0; other ranks get an empty array).
    func gather(_ values: [Double]) throws(WorkflowError) -> [[Double]]
    func finish()
    func abort(code: Int32)
}
