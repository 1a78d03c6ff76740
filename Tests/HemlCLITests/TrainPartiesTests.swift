import Foundation
import Testing

/// `heml train --encrypted FILE --parties N`: the multiparty run's JSON (per-bank, aggregator and server times) and
/// its usage errors.
@Suite struct TrainPartiesTests {
    @Test func jsonNamesEveryRoleAndItsTimes() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("train.csv", tinyCSV(rows: 80))
        let result = try scratch.run(
            ["train", "--encrypted", "train.csv", "--iterations", "3", "--parties", "2", "--json"] + CLI.testRing)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["mode"] as? String == "multiparty")
        #expect(json["parties"] as? [Int] == [40, 40])
        let banks = try #require(json["party_timings"] as? [[String: Any]])
        #expect(banks.count == 2)
        for bank in banks {
            #expect(Set(bank.keys) == ["keys", "scaling", "encrypt", "release"])
        }
        let aggregator = try #require(json["aggregator_timings"] as? [String: Any])
        #expect(Set(aggregator.keys) == ["keys", "scaling", "merge", "release"])
        #expect((json["server_seconds"] as? Double).map { $0 > 0 } == true)
        #expect((json["max_weight_difference"] as? Double).map { $0 < 1e-3 } == true)
        #expect(json["release_precision_bits"] is NSNull)
    }

    /// `--dp-epsilon` with `--parties`: the JSON states the accounting and how the banks share the noise, the text
    /// says it too, and the released model matches its noisy twin.
    @Test func differentialPrivacyStatesTheAccounting() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("train.csv", tinyCSV(rows: 80))
        let arguments =
            ["train", "--encrypted", "train.csv", "--iterations", "1", "--parties", "2", "--no-precondition"]
            + ["--dp-epsilon", "1"] + CLI.testRing
        let result = try scratch.run(arguments + ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let privacy = try #require(json["differential_privacy"] as? [String: Any])
        #expect(privacy["epsilon"] as? Double == 1)
        #expect((privacy["accounting"] as? String)?.contains("zCDP") == true)
        #expect(privacy["unconditional"] as? Bool == true)
        let sharing = try #require(privacy["noise_sharing"] as? [String: Any])
        #expect(sharing["parties"] as? Int == 2 && sharing["colluders"] as? Int == 1)
        #expect((sharing["total_sigma_factor"] as? Double).map { abs($0 - 2.0.squareRoot()) < 1e-12 } == true)
        #expect((sharing["epsilon_public"] as? Double).map { $0 < 1 } == true)
        #expect((json["max_weight_difference"] as? Double).map { $0 < 1e-5 } == true)
        let text = try scratch.run(arguments)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("differential privacy: (ε = 1, δ = 1e-05)"), "\(text.stdout)")
        #expect(text.stdout.contains("noise shares: each of 2 parties"), "\(text.stdout)")
    }

    @Test func usageErrorsNameTheOption() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("train.csv", tinyCSV(rows: 20))
        for (arguments, message) in [
            (["--parties", "1"], "--parties must be 2 … 64"),
            (["--parties", "2", "--scaling", "minmax"], "--parties needs the clipped z-score"),
            (["--parties", "2", "--report", "r.html"], "--report is not available with --parties"),
            (["--parties", "2", "--dp-epsilon", "1"], "--dp-epsilon needs --no-precondition"),
            (
                ["--parties", "2", "--no-precondition", "--dp-epsilon", "1", "--dp-colluders", "2"],
                "--dp-colluders must be 0 … 1"
            ),
            (["--dp-epsilon", "1", "--no-precondition", "--dp-colluders", "1"], "--dp-colluders belongs to --parties"),
        ] {
            let result = try scratch.run(["train", "--encrypted", "train.csv"] + arguments + CLI.testRing)
            #expect(result.status != 0 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
