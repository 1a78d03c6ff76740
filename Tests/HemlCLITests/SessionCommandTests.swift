import Foundation
import HEML
import Testing

/// `heml session`, `heml party STEP`, `heml aggregate STEP`: two banks train one model through files, each step
/// printing what comes next; usage errors and files that do not belong are refused.
@Suite struct SessionCommandTests {
    /// Writes `bank-a.csv` and `bank-b.csv` (40 rows each) and the session in `exchange/` (with `extra` options).
    static func session(_ scratch: Scratch, _ extra: [String] = []) throws -> CLI.Result {
        let lines = tinyCSV(rows: 80).split(separator: "\n")
        try scratch.write("bank-a.csv", lines.prefix(41).joined(separator: "\n") + "\n")
        try scratch.write("bank-b.csv", ([lines[0]] + lines.dropFirst(41)).joined(separator: "\n") + "\n")
        try FileManager.default.createDirectory(
            at: scratch.url.appendingPathComponent("exchange"), withIntermediateDirectories: true)
        return try scratch.run(
            [
                "session", "bank-a.csv", "--parties", "bank-a,bank-b", "--rows", "40,40", "--out",
                "exchange/session.hemlsession", "--iterations", "3", "--json",
            ] + CLI.testRing + extra)
    }

    static func party(_ scratch: Scratch, _ step: String, _ party: String, _ extra: [String] = []) throws
        -> CLI.Result
    {
        try scratch.run(
            [
                "party", step, "--session", "exchange/session.hemlsession", "--party", party, "--secret-share",
                "\(party).hemlsk", "--allow-insecure", "--json",
            ] + extra)
    }

    static func aggregate(_ scratch: Scratch, _ step: String, _ extra: [String] = []) throws -> CLI.Result {
        try scratch.run(
            ["aggregate", step, "--session", "exchange/session.hemlsession", "--allow-insecure", "--json"] + extra)
    }

    @Test func twoBanksTrainThroughFiles() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let created = try Self.session(scratch)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(
            (try created.json()["next"] as? [String])?.first
                == "heml party keys --session exchange/session.hemlsession --party bank-a --secret-share bank-a.hemlsk")
        func ok(_ result: CLI.Result, _ what: String) throws -> [String: Any] {
            #expect(result.status == 0, "\(what): \(result.stderr)")
            return try result.json()
        }
        let banks = ["bank-a", "bank-b"]
        for step in ["keys", "round2", "statistics-share", "gram", "gram-share", "encrypt"] {
            for bank in banks {
                let data = ["round2", "gram", "encrypt"].contains(step) ? ["--data", "\(bank).csv"] : []
                let json = try ok(try Self.party(scratch, step, bank, data), "\(bank) \(step)")
                #expect(json["step"] as? String == step && json["party"] as? String == bank)
                #expect((json["timings"] as? [String: Any])?["total"] is Double)
            }
            switch step {
            case "keys":
                let json = try ok(try Self.aggregate(scratch, "keys"), "aggregate keys")
                #expect((json["next"] as? [String])?.first?.hasPrefix("heml party round2") == true)
            case "round2": _ = try ok(try Self.aggregate(scratch, "bundle", ["--out", "server.hemlpub"]), "bundle")
            case "encrypt": _ = try ok(try Self.aggregate(scratch, "dataset", ["--out", "data.hemlenc"]), "dataset")
            default: break
            }
        }
        _ = try ok(
            try scratch.run(
                [
                    "train", "--dataset", "data.hemlenc", "--public-bundle", "server.hemlpub", "--out", "model.hemlenc",
                    "--json",
                ]),
            "server")
        for bank in banks { _ = try ok(try Self.party(scratch, "release", bank, ["--model", "model.hemlenc"]), bank) }
        _ = try ok(
            try Self.aggregate(scratch, "model", ["--model", "model.hemlenc", "--out", "model.json"]), "model")
        let scored = try scratch.run(["score", "bank-a.csv", "--model", "model.json", "--out", "s.csv", "--json"])
        let metrics = try #require(try ok(scored, "score")["metrics"] as? [String: Any])
        #expect((metrics["auc"] as? Double ?? 0) > 0.8)
        let mode = try FileManager.default.attributesOfItem(
            atPath: scratch.url.appendingPathComponent("bank-a.hemlsk").path)[.posixPermissions]
        #expect((mode as? Int) == 0o600)
    }

    @Test func refusalsNameTheProblem() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        #expect(try Self.session(scratch).status == 0)
        for (arguments, message) in [
            (["party", "round2", "--session", "s", "--party", "a", "--secret-share", "k"], "needs --data"),
            (
                ["party", "keys", "--session", "s", "--party", "a", "--secret-share", "k", "--data", "x"],
                "reads no --data"
            ),
            (["aggregate", "bundle", "--session", "s"], "needs --out"),
            (["aggregate", "keys", "--session", "s", "--out", "x"], "no --out"),
            (["session", "bank-a.csv", "--parties", "a", "--rows", "1", "--out", "s"], "2 … 64 parties"),
            (["session", "bank-a.csv", "--parties", "a,b", "--rows", "1", "--out", "s"], "one positive row count"),
        ] {
            let result = try scratch.run(arguments)
            #expect(result.status == 64 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let stranger = try Self.party(scratch, "keys", "bank-c")
        #expect(stranger.status == 1 && stranger.stderr.contains("has no party \"bank-c\""), "\(stranger.stderr)")
        let early = try Self.aggregate(scratch, "keys")
        #expect(early.status == 1 && early.stderr.contains("party bank-a has not run its keys step"), "\(early.stderr)")
        #expect(try Self.party(scratch, "keys", "bank-a").status == 0)
        let again = try Self.party(scratch, "keys", "bank-a")
        #expect(again.status == 1 && again.stderr.contains("refusing to overwrite"), "\(again.stderr)")
        let secure = try scratch.run(
            [
                "party", "round2", "--session", "exchange/session.hemlsession", "--party", "bank-a", "--secret-share",
                "bank-a.hemlsk", "--data", "bank-a.csv",
            ])
        #expect(secure.status == 1 && secure.stderr.contains("insecure"), "\(secure.stderr)")
    }

    /// `heml session --dp-epsilon` records the request (and states it), the Gram steps are refused in such a
    /// session, and the privacy options are checked.
    @Test func privateSessionRecordsTheRequest() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let created = try Self.session(scratch, ["--dp-epsilon", "1", "--dp-colluders", "0"])
        #expect(created.status == 0, "\(created.stderr)")
        let privacy = try #require(try created.json()["differential_privacy"] as? [String: Any])
        #expect(privacy["epsilon"] as? Double == 1 && privacy["delta"] as? Double == 1e-5)
        #expect(privacy["colluders"] as? Int == 0)
        let gram = try Self.party(scratch, "gram", "bank-a", ["--data", "bank-a.csv"])
        #expect(gram.status == 1 && gram.stderr.contains("no gram step"), "\(gram.stderr)")
        for (extra, message) in [
            (["--dp-epsilon", "1", "--dp-colluders", "2"], "--dp-colluders must be 0 … 1"),
            (["--dp-delta", "1e-6"], "--dp-delta needs --dp-epsilon"),
            (["--dp-epsilon", "0"], "epsilon must be finite and positive"),
        ] {
            let result = try scratch.run(
                ["session", "bank-a.csv", "--parties", "a,b", "--rows", "40,40", "--out", "s"] + extra)
            #expect(result.status == 64 && result.stderr.contains(message), "\(extra): \(result.stderr)")
        }
    }
}
