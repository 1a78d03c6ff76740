import CKKS
import Foundation
import HEML

/// The server's training state after an iteration, written atomically after every iteration so that a killed job
/// continues with `--resume` and gives the same bytes: w_t, then w_(t−1) (from iteration 2 on) as sections of a
/// checked container (kind ``Container/Kind/trainingCheckpoint``), the iteration and bootstrap counts, and
/// digests of the plan and of the encrypted dataset so that a checkpoint of another run is refused.
enum TrainingCheckpoint {
    /// The file in a checkpoint directory.
    static let fileName = "training.hemlckpt"

    struct Info: Codable, Equatable {
        var format = "heml-training-checkpoint"
        var hemlVersion = HEMLVersion.string
        var created = Metadata.now()
        var iteration: Int
        var bootstraps: Int
        /// XXH64 of the plan's metadata encoding, hexadecimal.
        var planDigest: String
        /// The encrypted dataset's header checksum (it covers its header, metadata and section table), hexadecimal.
        var datasetDigest: String

        enum CodingKeys: String, CodingKey {
            case format, hemlVersion = "heml_version", created, iteration, bootstraps, planDigest = "plan_digest"
            case datasetDigest = "dataset_digest"
        }
    }

    /// What ties a checkpoint to one run: the bundle's plan and the dataset file.
    struct Identity: Equatable {
        var planDigest: String
        var datasetDigest: String

        init(plan: TrainingPlan, datasetDigest: UInt64) {
            planDigest = String(ByteCodec.checksum([UInt8](Metadata.encode(plan))), radix: 16)
            self.datasetDigest = String(datasetDigest, radix: 16)
        }
    }

    /// Writes `state` to `directory`/``fileName`` atomically (creating the directory).
    static func write(
        _ state: TrainingState, to directory: URL, identity: Identity, bundle: PublicBundle
    ) throws(HEMLError) {
        let url = directory.appendingPathComponent(fileName)
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw .writeFailed(file: directory.lastPathComponent, reason: "cannot create the checkpoint directory")
        }
        let info = Info(
            iteration: state.iteration, bootstraps: state.bootstraps, planDigest: identity.planDigest,
            datasetDigest: identity.datasetDigest)
        try ciphertextContainer(
            state.weights + (state.previous ?? []), kind: .trainingCheckpoint, info: info, keyID: bundle.keyID,
            fingerprint: bundle.plan.parameters.fingerprint
        ).write(to: url)
    }

    /// The bytes of `directory`/``fileName``, or nil when there is none.
    ///
    /// - Throws: ``WorkflowError`` when the file exists but cannot be read.
    static func bytes(in directory: URL) throws(WorkflowError) -> Data? {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try bridged { try Container.readFile(url) }
    }

    /// The state a checkpoint file's bytes hold, every section checked.
    ///
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` for a checkpoint of another key set, plan or dataset;
    ///   ``WorkflowError/invalidFile(file:reason:)`` for a corrupted one.
    static func decode(_ data: Data, identity: Identity, bundle: PublicBundle, bundleName: String)
        throws(WorkflowError) -> TrainingState
    {
        let name = fileName
        let (container, info) = try checkedContainer(
            data, name: name, kind: .trainingCheckpoint, info: Info.self,
            keySet: bundle.container, keySetName: bundleName)
        guard info.format == "heml-training-checkpoint" else {
            throw .invalidFile(file: name, reason: "not a training checkpoint (format \"\(info.format)\")")
        }
        guard info.planDigest == identity.planDigest else {
            throw .mismatchedFiles(
                "\(name) was written for another training plan than the one in \(bundleName); remove it or give "
                    + "another --checkpoint directory")
        }
        guard info.datasetDigest == identity.datasetDigest else {
            throw .mismatchedFiles(
                "\(name) was written while training on another encrypted dataset; remove it or give another "
                    + "--checkpoint directory")
        }
        let plan = bundle.plan, blocks = plan.layout.featureBlocks
        guard (1...plan.iterations).contains(info.iteration), info.bootstraps >= 0 else {
            throw .invalidFile(file: name, reason: "iteration \(info.iteration) is not one of the plan's")
        }
        let weights = try ciphertexts(
            container, file: name, expected: (info.iteration == 1 ? 1 : 2) * blocks, context: bundle.context)
        return try bridged {
            try TrainingState(
                iteration: info.iteration, weights: Array(weights.prefix(blocks)),
                previous: info.iteration == 1 ? nil : Array(weights.dropFirst(blocks)), bootstraps: info.bootstraps)
        }
    }
}
