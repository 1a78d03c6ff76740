import Foundation
import HEML
import Testing

@testable import HEMLWorkflow

/// The server's checkpoints: a run stopped after an iteration and resumed writes the uninterrupted run's
/// ciphertexts; a checkpoint of another plan or dataset is refused.
@Suite struct CheckpointTests {
    /// The sections (ciphertexts) of a container: everything but the header and its timestamped metadata.
    func sections(_ url: URL, _ kind: Container.Kind) throws -> [[UInt8]] {
        try Container.read(url, expecting: kind).sections
    }

    @Test func aStoppedRunResumesToTheSameModel() throws {
        let files = roleFiles
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        func train(_ run: TrainingRun) throws -> Server.TrainingReport {
            try Server.train(
                dataset: files["data.hemlenc"], publicBundle: files["server.hemlpub"], out: scratch["m.hemlenc"],
                allowInsecure: true, run: run)
        }
        let stopped = try train(TrainingRun(checkpointDirectory: scratch["ckpt"], stopAfter: 2))
        #expect(stopped.run.iterationsDone == 2 && stopped.run.resumedFrom == nil && stopped.outBytes == 0)
        #expect(stopped.run.compute.map(\.count) == [2] && stopped.run.communication.map(\.count) == [2])
        #expect(try scratch.contents() == ["ckpt"], "no model written when stopped")
        #expect(try sections(scratch["ckpt/\(TrainingCheckpoint.fileName)"], .trainingCheckpoint).count == 2)
        let resumed = try train(TrainingRun(checkpointDirectory: scratch["ckpt"], resume: true))
        #expect(resumed.run.resumedFrom == 2 && resumed.run.iterationsDone == 3)
        #expect(
            try sections(scratch["m.hemlenc"], .encryptedModel) == sections(files["model.hemlenc"], .encryptedModel))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch["ckpt"].path) == [TrainingCheckpoint.fileName])
    }

    @Test func aCheckpointOfAnotherRunIsRefused() throws {
        let files = roleFiles
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let bundle = try PublicBundle(reading: files["server.hemlpub"], allowInsecure: true)
        let model = try EncryptedModelFile.read(files["model.hemlenc"], for: bundle, bundleName: "server.hemlpub")
        let state = try TrainingState(iteration: 1, weights: model.weights, previous: nil, bootstraps: 0)
        let (_, _, digest) = try EncryptedDatasetFile.readShard(
            files["data.hemlenc"], for: bundle, bundleName: "server.hemlpub")
        let ours = TrainingCheckpoint.Identity(plan: bundle.plan, datasetDigest: digest)
        var otherPlan = ours, otherData = ours
        otherPlan.planDigest = "0"
        otherData.datasetDigest = "0"
        let cases: [(TrainingCheckpoint.Identity, String)] = [
            (
                otherPlan,
                "training.hemlckpt was written for another training plan than the one in server.hemlpub; remove it "
                    + "or give another --checkpoint directory"
            ),
            (
                otherData,
                "training.hemlckpt was written while training on another encrypted dataset; remove it or give "
                    + "another --checkpoint directory"
            ),
        ]
        for (identity, message) in cases {
            try TrainingCheckpoint.write(state, to: scratch["ckpt"], identity: identity, bundle: bundle)
            #expect(throws: WorkflowError.mismatchedFiles(message)) {
                try Server.train(
                    dataset: files["data.hemlenc"], publicBundle: files["server.hemlpub"], out: scratch["m.hemlenc"],
                    allowInsecure: true, run: TrainingRun(checkpointDirectory: scratch["ckpt"], resume: true))
            }
        }
        try TrainingCheckpoint.write(state, to: scratch["ckpt"], identity: ours, bundle: bundle)
        let resumed = try TrainingCheckpoint.decode(
            #require(try TrainingCheckpoint.bytes(in: scratch["ckpt"])), identity: ours, bundle: bundle,
            bundleName: "server.hemlpub")
        #expect(resumed == state)
        #expect(!FileManager.default.fileExists(atPath: scratch["m.hemlenc"].path))
    }
}
