import Foundation
import HEML
import Testing

/// The role-separated workflow: keygen → encrypt → train (server) → decrypt → score, and its file checks.
@Suite struct WorkflowTests {
    /// Runs the four role-separated steps in `scratch` on `data.csv`; returns the last result.
    @discardableResult
    static func workflow(_ scratch: Scratch, iterations: Int = 3, prefix: String = "") throws -> CLI.Result {
        let key = prefix + "owner.hemlsk", bundle = prefix + "server.hemlpub"
        let dataset = prefix + "data.hemlenc", model = prefix + "model.hemlenc"
        let steps: [[String]] = [
            ["keygen", "data.csv", "--iterations", "\(iterations)", "--secret-key", key, "--public-bundle", bundle]
                + CLI.testRing,
            ["encrypt", "data.csv", "--secret-key", key, "--public-bundle", bundle, "--out", dataset],
            ["train", "--dataset", dataset, "--public-bundle", bundle, "--out", model],
            [
                "decrypt", model, "--secret-key", key, "--public-bundle", bundle, "--owner-state",
                dataset + ".owner.json",
                "--model-out", prefix + "model.json",
            ],
        ]
        var last: CLI.Result?
        for step in steps {
            let result = try scratch.run(step + ["--json"])
            #expect(result.status == 0, "\(step[0]): \(result.stderr)")
            _ = try result.json()
            last = result
        }
        return last!
    }

    @Test func reproducesTheAllInOneModel() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("data.csv", tinyCSV(rows: 100))
        try Self.workflow(scratch, iterations: 4)
        let allInOne = try scratch.run(
            [
                "train", "--encrypted", "data.csv", "--iterations", "4", "--model-out", "direct.json",
                "--json",
            ] + CLI.testRing)
        #expect(allInOne.status == 0, "\(allInOne.stderr)")
        let separated = try ModelFile.read(from: scratch.url.appendingPathComponent("model.json"))
        let direct = try ModelFile.read(from: scratch.url.appendingPathComponent("direct.json"))
        #expect(separated.features == direct.features)
        #expect(separated.center == direct.center && separated.scale == direct.scale)
        #expect(separated.training.sigmoidCoefficients == direct.training.sigmoidCoefficients)
        let difference = zip([separated.intercept] + separated.weights, [direct.intercept] + direct.weights)
            .map { abs($0 - $1) }.max()!
        #expect(difference < 1e-5, "largest difference \(difference)")
        #expect(separated.training.method == "nesterov-encrypted-preconditioned")

        // The secret key is private to its owner; the server's files never hold it.
        let attributes = try FileManager.default.attributesOfItem(
            atPath: scratch.url.appendingPathComponent("owner.hemlsk").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let leaked = try scratch.run([
            "decrypt", "model.hemlenc", "--secret-key", "server.hemlpub", "--public-bundle",
            "server.hemlpub", "--owner-state", "data.hemlenc.owner.json", "--model-out", "x.json",
        ])
        #expect(leaked.status == 1)
        #expect(leaked.stderr.contains("server.hemlpub holds a public bundle, not a secret key"))

        // Plaintext scoring of the decrypted model, with and without the label column.
        let scored = try scratch.run(["score", "data.csv", "--model", "model.json", "--out", "scores.csv", "--json"])
        #expect(scored.status == 0, "\(scored.stderr)")
        let metrics = try #require(try scored.json()["metrics"] as? [String: Any])
        #expect((metrics["auc"] as? Double ?? 0) > 0.8)
        let lines = try String(decoding: scratch.bytes("scores.csv"), as: UTF8.self).split(separator: "\n")
        #expect(lines.first == "row,logit,probability,predicted")
        #expect(lines.count == 101)
        #expect(try scratch.contents().allSatisfy { !$0.hasPrefix(".") }, "no temporary files left")
    }

    @Test func tamperedTruncatedAndMismatchedFilesAreRefused() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("data.csv", tinyCSV(rows: 50))
        try Self.workflow(scratch, iterations: 2)
        try Self.workflow(scratch, iterations: 2, prefix: "b-")
        let bundle = try scratch.bytes("server.hemlpub"), dataset = try scratch.bytes("data.hemlenc")

        func server(_ dataset: String, _ bundle: String) throws -> CLI.Result {
            try scratch.run(["train", "--dataset", dataset, "--public-bundle", bundle, "--out", "out.hemlenc"])
        }
        func refused(_ result: CLI.Result, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(result.status == 1, sourceLocation: sourceLocation)
            #expect(result.stderr.contains("heml: error: "), sourceLocation: sourceLocation)
            #expect(result.stderr.contains(message), "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(!scratch.exists("out.hemlenc"), sourceLocation: sourceLocation)
        }

        try scratch.write("truncated.hemlpub", bytes: Array(bundle.dropLast(1000)))
        refused(
            try server("data.hemlenc", "truncated.hemlpub"),
            "truncated.hemlpub is not a valid heml file: truncated: expected")
        try scratch.write("short.hemlpub", bytes: Array(bundle.prefix(20)))
        refused(try server("data.hemlenc", "short.hemlpub"), "short.hemlpub is not a valid heml file: truncated")
        var flipped = bundle
        flipped[70] ^= 0x20  // inside the JSON metadata
        try scratch.write("flipped.hemlpub", bytes: flipped)
        refused(try server("data.hemlenc", "flipped.hemlpub"), "checksum mismatch")
        var corrupt = dataset
        corrupt[corrupt.count - 5] ^= 0x01  // inside a ciphertext
        try scratch.write("corrupt.hemlenc", bytes: corrupt)
        refused(
            try server("corrupt.hemlenc", "server.hemlpub"),
            "corrupt.hemlenc is not a valid heml file: ciphertext 1 of 1: malformed data: checksum mismatch")
        try scratch.write("empty.hemlpub", "")
        refused(
            try server("data.hemlenc", "empty.hemlpub"), "empty.hemlpub is not a valid heml file: the file is empty")
        refused(try server("data.hemlenc", "data.csv"), "data.csv is not a valid heml file: bad magic bytes")
        refused(try server("data.hemlenc", "model.json"), "model.json is not a valid heml file: it is a JSON file")
        refused(
            try server("server.hemlpub", "server.hemlpub"),
            "server.hemlpub holds a public bundle, not an encrypted dataset")
        refused(
            try server("data.hemlenc", "data.hemlenc"), "data.hemlenc holds an encrypted dataset, not a public bundle")
        refused(try server("b-data.hemlenc", "server.hemlpub"), "come from different keygen runs")
        refused(
            try CLI.run(
                ["train", "--dataset", "data.hemlenc", "--public-bundle", "server.hemlpub", "--out", "out.hemlenc"],
                in: scratch.url), "server.hemlpub uses an insecure test ring (below 128-bit security); refusing it")

        let encrypt = try scratch.run([
            "encrypt", "data.csv", "--secret-key", "b-owner.hemlsk", "--public-bundle", "server.hemlpub",
            "--out", "x.hemlenc",
        ])
        #expect(encrypt.status == 1)
        #expect(encrypt.stderr.contains("b-owner.hemlsk and server.hemlpub come from different keygen runs"))
        #expect(!scratch.exists("x.hemlenc") && !scratch.exists("x.hemlenc.owner.json"))

        try scratch.write("other.csv", tinyCSV(rows: 30))
        let shape = try scratch.run([
            "encrypt", "other.csv", "--secret-key", "owner.hemlsk", "--public-bundle", "server.hemlpub",
            "--out", "x.hemlenc",
        ])
        #expect(shape.status == 1)
        #expect(
            shape.stderr.contains(
                "other.csv has 30 rows × 3 features, but server.hemlpub was planned for 50 rows × 3 features"))

        try scratch.write("renamed.csv", tinyCSV(rows: 50, header: "age,salary,debt,y"))
        let relabelled = try scratch.run([
            "encrypt", "renamed.csv", "--secret-key", "owner.hemlsk",
            "--public-bundle", "server.hemlpub", "--out", "x.hemlenc",
        ])
        #expect(relabelled.status == 1)
        #expect(relabelled.stderr.contains("(or the --label choice) differ from those of the file keygen read"))
        #expect(!scratch.exists("x.hemlenc"))

        let decrypt = try scratch.run([
            "decrypt", "model.hemlenc", "--secret-key", "owner.hemlsk", "--public-bundle",
            "server.hemlpub", "--owner-state", "b-data.hemlenc.owner.json", "--model-out", "x.json",
        ])
        #expect(decrypt.status == 1)
        #expect(decrypt.stderr.contains("come from different keygen runs"))
        let wrongModel = try scratch.run([
            "decrypt", "b-model.hemlenc", "--secret-key", "owner.hemlsk", "--public-bundle",
            "server.hemlpub", "--owner-state", "data.hemlenc.owner.json", "--model-out", "x.json",
        ])
        #expect(wrongModel.status == 1)
        #expect(wrongModel.stderr.contains("b-model.hemlenc and server.hemlpub come from different keygen runs"))
        #expect(!scratch.exists("x.json"))
        #expect(try scratch.contents().allSatisfy { !$0.hasPrefix(".") }, "no temporary files left")
    }

    @Test func keygenNeverOverwritesASecretKeyWithoutForce() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("data.csv", tinyCSV(rows: 30))
        try scratch.write("owner.hemlsk", "precious")
        let result = try scratch.run(
            ["keygen", "data.csv", "--secret-key", "owner.hemlsk", "--public-bundle", "b.hemlpub"]
                + CLI.testRing)
        #expect(result.status == 1)
        #expect(result.stderr.contains("already exists"))
        #expect(try scratch.bytes("owner.hemlsk") == Array("precious".utf8))
        #expect(!scratch.exists("b.hemlpub"))
    }
}
