import CKKS
import Foundation
import HEML

@testable import HEMLWorkflow

/// One key set's files on the smallest test ring (N = 2^10, one iteration, 8 rows of 2 features), written by the
/// workflow's roles into a temporary directory when a container target starts: the public bundle the ciphertext
/// files are checked against, and the seeds of the container targets (they must share its key set, so they are
/// made in the fuzzing process, not stored).
final class WorkflowFiles: Sendable {
    static let shared = try! WorkflowFiles()
    /// The targets that read these files.
    static let targets: Set<FuzzTarget> = [
        .publicBundle, .secretKeyFile, .encryptedDataset, .encryptedModel, .ownerState, .trainingCheckpoint,
    ]

    let directory: URL
    let bundle: PublicBundle
    /// What ties the training checkpoint to this key set's plan and dataset.
    let checkpointIdentity: TrainingCheckpoint.Identity
    /// The files' bytes by target.
    let seeds: [FuzzTarget: Data]

    private init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("heml-fuzz-\(getpid())")
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func file(_ name: String) -> URL { directory.appendingPathComponent(name) }
        try Data(
            "a,b,y\n0.5,-1,1\n-0.5,1,0\n1,0.25,1\n-1,-0.25,0\n0.2,0.3,1\n-0.2,-0.3,0\n0.7,-0.6,1\n-0.7,0.6,0\n".utf8
        )
        .write(to: file("data.csv"))
        let read = CSVReadOptions(labelColumn: "y")
        for name in [
            "owner.hemlsk", "server.hemlpub", "data.hemlenc", "data.owner.json", "model.hemlenc",
            "ckpt/\(TrainingCheckpoint.fileName)",
        ] {
            try? FileManager.default.removeItem(at: file(name))
        }
        _ = try DataOwner.keygen(
            csv: file("data.csv"), secretKey: file("owner.hemlsk"), publicBundle: file("server.hemlpub"),
            overwriteSecretKey: true, read: read, plan: PlanRequest(iterations: 1, insecureLogDegree: 10))
        _ = try DataOwner.encrypt(
            csv: file("data.csv"), secretKey: file("owner.hemlsk"), publicBundle: file("server.hemlpub"),
            out: file("data.hemlenc"), ownerState: file("data.owner.json"), read: read,
            scaling: .default, allowInsecure: true)
        _ = try Server.train(
            dataset: file("data.hemlenc"), publicBundle: file("server.hemlpub"), out: file("model.hemlenc"),
            allowInsecure: true, run: TrainingRun(checkpointDirectory: file("ckpt")))
        bundle = try PublicBundle(reading: file("server.hemlpub"), allowInsecure: true)
        let (_, _, digest) = try EncryptedDatasetFile.readShard(
            file("data.hemlenc"), for: bundle, bundleName: "server.hemlpub")
        checkpointIdentity = TrainingCheckpoint.Identity(plan: bundle.plan, datasetDigest: digest)
        seeds = [
            .publicBundle: try Data(contentsOf: file("server.hemlpub")),
            .secretKeyFile: try Data(contentsOf: file("owner.hemlsk")),
            .encryptedDataset: try Data(contentsOf: file("data.hemlenc")),
            .encryptedModel: try Data(contentsOf: file("model.hemlenc")),
            .ownerState: try Data(contentsOf: file("data.owner.json")),
            .trainingCheckpoint: try Data(contentsOf: file("ckpt/\(TrainingCheckpoint.fileName)")),
        ]
    }

    /// Reads `data` as a secret-key file (the reader takes a path, so the bytes go through one scratch file).
    func readSecretKey(_ data: Data, allowInsecure: Bool) {
        let url = directory.appendingPathComponent("input.hemlsk")
        guard (try? data.write(to: url)) != nil else { return }
        _ = try? SecretKeyFile(reading: url, context: bundle.context, allowInsecure: allowInsecure)
    }
}
