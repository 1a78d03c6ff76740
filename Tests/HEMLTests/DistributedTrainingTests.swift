import CKKS
import Foundation
import Testing

@testable import HEML

/// Training split into partial sums over shards → reduce → update: every split of the row blocks, an empty shard
/// included, and a run stopped and resumed give the single-process model's bytes.
@Suite struct DistributedTrainingTests {
    /// Keys, encrypted data and a trainer on a small insecure ring (German credit, 600 rows, 13 features z-scored:
    /// 3 row blocks).
    struct Run {
        let context: CKKSContext
        let data: EncryptedDataset
        let trainer: EncryptedLogisticRegression

        init() throws {
            let full = germanOneHot, rows = 600, keep = 13
            let raw = try Dataset(
                featureNames: Array(full.featureNames.prefix(keep)), labelName: full.labelName,
                features: (0..<rows).flatMap { Array(full.row($0).prefix(keep)) },
                labels: Array(full.labels.prefix(rows)))
            let sample = try FeatureScaling.fit(raw).apply(to: raw)
            let plan = try TrainingPlan.make(
                rows: sample.rowCount, features: sample.featureCount, iterations: 3,
                sigmoid: #require(SigmoidApproximation.kim(degree: 3)), learningRate: PreconditionedNAG.learningRate,
                stepOffset: PreconditionedNAG.stepOffset, logDegree: 12, security: .unchecked)
            context = try CKKSContext(parameters: plan.parameters)
            let generator = KeyGenerator(context: context)
            let secretKey = try generator.secretKey()
            let keys = try generator.evaluationKeys(
                for: secretKey, request: EvaluationKeyRequest(rotations: plan.rotationSteps))
            data = try EncryptedDataset.encrypt(
                sample, layout: plan.layout, encoder: CKKSEncoder(context: context),
                encryptor: Encryptor(context: context, secretKey: secretKey))
            trainer = try EncryptedLogisticRegression(plan: plan, context: context, evaluationKeys: keys)
        }
    }

    static let run = Result { try Run() }

    /// Shard sizes as functions of the row-block count R: [R], [1, R − 1], [1, 0, R − 1].
    @Test(arguments: [1, 2, 3])
    func everySplitGivesTheSingleProcessBytes(workers: Int) throws {
        let run = try Self.run.get()
        let rows = run.data.layout.rowBlocks
        try #require(rows == 3)
        let shardSizes = [[rows], [1, rows - 1], [1, 0, rows - 1]][workers - 1]
        let single = try run.trainer.train(run.data).weights.map { $0.serialized() }
        let bounds = shardSizes.reduce(into: [0]) { $0.append($0.last! + $1) }
        let shards = try (0..<shardSizes.count).map { try run.data.shard(rowBlocks: bounds[$0]..<bounds[$0 + 1]) }
        let reducer = try ThreadedReducer(workers: shards.count, context: run.context)
        let states = try reducer.run { worker, reducer in try run.trainer.train(shards[worker], reducer: reducer) }
        for state in states { #expect(state.weights.map { $0.serialized() } == single) }
    }

    @Test func aStoppedRunResumesToTheSameBytes() throws {
        let run = try Self.run.get()
        let shard = try run.data.shard()
        var seen: [Int] = []
        let full = try run.trainer.train(shard) { seen.append($0.iteration) }
        #expect(seen == [1, 2, 3])
        var checkpoints: [Int] = []
        let stopped = try run.trainer.train(shard, through: 2, afterIteration: { checkpoints.append($0.iteration) })
        #expect(checkpoints == [1, 2] && stopped.iteration == 2)
        let resumed = try run.trainer.train(shard, from: stopped) { seen.append($0.iteration) }
        #expect(seen == [1, 2, 3, 3])
        #expect(resumed == full)
        #expect(resumed.weights.map { $0.serialized() } == full.weights.map { $0.serialized() })
        #expect(throws: HEMLError.invalidArgument("training stopped after iteration 2 of 3")) {
            try run.trainer.model(stopped)
        }
    }

    /// Releasing the keys' levels as training descends gives the same bytes, leaves keys that reach only the last
    /// weights' level, and, resumed from a checkpoint, releases down to its level first.
    @Test func releasingKeysGivesTheSameBytes() throws {
        let run = try Self.run.get()
        let shard = try run.data.shard()
        let full = try run.trainer.train(shard)
        var releasing = run.trainer
        #expect(releasing.evaluator.keyLevel == run.context.maxLevel)
        let released = try releasing.trainReleasingKeys(shard)
        #expect(released.weights.map { $0.serialized() } == full.weights.map { $0.serialized() })
        #expect(releasing.evaluator.keyLevel == full.weights[0].level)
        let keys = try #require(releasing.evaluator.keys), whole = try #require(run.trainer.evaluator.keys)
        #expect(keys.byteCount < whole.byteCount)
        #expect(run.trainer.evaluator.keyLevel == run.context.maxLevel)
        let stopped = try run.trainer.train(shard, through: 2)
        var resuming = run.trainer
        let resumed = try resuming.trainReleasingKeys(shard, from: stopped) { state throws(HEMLError) in
            #expect(state.iteration == 3)
        }
        #expect(resumed.weights.map { $0.serialized() } == full.weights.map { $0.serialized() })
    }

    @Test func noRowBlockAnywhereIsRefused() throws {
        let run = try Self.run.get()
        #expect(throws: HEMLError.invalidArgument("no row block to train on")) {
            try run.trainer.train(run.data.shard(rowBlocks: 0..<0))
        }
        #expect(EncryptedShard.rowBlocks(of: 2, workers: 3, total: 2) == 1..<2)
        #expect(EncryptedShard.rowBlocks(of: 0, workers: 3, total: 2) == 0..<0)
        #expect(EncryptedShard.rowBlocks(of: 0, workers: 3, total: 7) == 0..<2)
    }
}

/// Workers on their own threads, meeting at every reduction: the partial sums of the workers that have rows are
/// added in worker order once every worker has arrived, and each gets the total (an in-process stand-in for MPI).
final class ThreadedReducer: @unchecked Sendable {
    let workers: Int
    let evaluator: Evaluator
    private let condition = NSCondition()
    private var partials: [[Ciphertext]?]
    private var arrived = 0
    private var generation = 0
    private var total: Result<[Ciphertext], HEMLError> = .failure(.invalidArgument("no reduction yet"))

    init(workers: Int, context: CKKSContext) throws {
        self.workers = workers
        evaluator = try Evaluator(context: context)
        partials = Array(repeating: nil, count: workers)
    }

    /// Runs `body(worker, reducer)` for every worker on its own thread and returns the results in worker order.
    func run<T: Sendable>(_ body: @escaping @Sendable (Int, Worker) throws -> T) throws -> [T] {
        let done = DispatchGroup()
        let results = Results<T>(count: workers)
        for worker in 0..<workers {
            done.enter()
            Thread {
                results.set(worker, Result { try body(worker, Worker(shared: self, worker: worker)) })
                done.leave()
            }.start()
        }
        done.wait()
        return try results.values()
    }

    struct Worker: GradientReducer {
        let shared: ThreadedReducer
        let worker: Int

        func sum(_ partial: [Ciphertext]?, context: CKKSContext) throws(HEMLError) -> [Ciphertext] {
            try shared.arrive(worker, partial).get()
        }
    }

    private func arrive(_ worker: Int, _ partial: [Ciphertext]?) -> Result<[Ciphertext], HEMLError> {
        condition.lock()
        defer { condition.unlock() }
        let current = generation
        partials[worker] = partial
        arrived += 1
        if arrived == workers {
            total = Result { () throws(HEMLError) in try add(partials.compactMap { $0 }) }
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == current { condition.wait() }
        }
        return total
    }

    private func add(_ given: [[Ciphertext]]) throws(HEMLError) -> [Ciphertext] {
        guard var sum = given.first else { throw .invalidArgument("no row block to train on") }
        do {
            for other in given.dropFirst() {
                for k in sum.indices { try evaluator.addInPlace(&sum[k], other[k]) }
            }
        } catch { throw .encryption(error) }
        return sum
    }
}

/// One result slot per worker, filled from the workers' threads.
private final class Results<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ result: Result<T, any Error>) { lock.withLock { slots[i] = result } }

    func values() throws -> [T] { try lock.withLock { slots }.map { try $0!.get() } }
}
