import Foundation
import HEML
import Testing

/// `heml score`: plaintext and encrypted scoring, with and without labels.
@Suite struct ScoreCommandTests {
    /// A trained model in `scratch` (model.json), from the all-in-one run on the test ring.
    static func trainedModel(_ scratch: Scratch) throws {
        try scratch.write("train.csv", tinyCSV(rows: 80))
        let result = try scratch.run(
            [
                "train", "--encrypted", "train.csv", "--iterations", "3", "--model-out", "model.json",
                "--json",
            ] + CLI.testRing)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func scoresUnlabelledRowsInAnyColumnOrder() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try Self.trainedModel(scratch)
        try scratch.write("new.csv", "debt,age,income,note_id\n0.5,1.0,-1.0,7\n-1,0,0,8\n")
        let result = try scratch.run(["score", "new.csv", "--model", "model.json", "--out", "-"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == "row,logit,probability,predicted")
        let model = try ModelFile.read(from: scratch.url.appendingPathComponent("model.json"))
        let expected = try model.logit(row: [1.0, -1.0, 0.5])
        let logit = try #require(Double(lines[1].split(separator: ",")[1]))
        #expect(abs(logit - expected) < 1e-12)
        #expect(result.stderr.contains("no label column"))
    }

    @Test func encryptedScoringMatchesPlaintext() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try Self.trainedModel(scratch)
        let result = try scratch.run(
            ["score", "train.csv", "--model", "model.json", "--compare-encrypted", "--json"] + CLI.testRing)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let encrypted = try #require(json["encrypted"] as? [String: Any])
        let difference = try #require(encrypted["max_logit_difference"] as? Double)
        #expect(difference < 1e-6, "largest logit difference \(difference)")  // measured: about 3·10⁻⁸
        #expect(encrypted["block_width"] as? Int != nil)
        #expect((json["metrics"] as? [String: Any])?["auc"] is Double)
    }

    @Test func singleClassFileGivesAccuracyButNoAUC() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try Self.trainedModel(scratch)
        try scratch.write("ones.csv", "age,income,debt,y\n1,-1,0,1\n1.5,-0.5,0,1\n")
        let result = try scratch.run(["score", "ones.csv", "--model", "model.json", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let metrics = try #require(try result.json()["metrics"] as? [String: Any])
        #expect(metrics["auc"] is NSNull)
        #expect(metrics["accuracy"] is Double)
    }

    @Test func missingFeatureAndBadModelAreClearErrors() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try Self.trainedModel(scratch)
        try scratch.write("partial.csv", "age,debt\n1,2\n")
        let missing = try scratch.run(["score", "partial.csv", "--model", "model.json", "--out", "s.csv"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("heml: error: the data have no column \"income\" that the model needs"))
        #expect(!scratch.exists("s.csv"))
        let notModel = try scratch.run(["score", "partial.csv", "--model", "train.csv"])
        #expect(notModel.status == 1)
        #expect(notModel.stderr.contains("heml: error: invalid model file train.csv"))
        try scratch.write("bad-label.csv", "age,income,debt,y\n1,2,3,5\n")
        let label = try scratch.run(["score", "bad-label.csv", "--model", "model.json"])
        #expect(label.status == 1)
        #expect(label.stderr.contains("bad-label.csv: line 2, column 4"))
    }
}
