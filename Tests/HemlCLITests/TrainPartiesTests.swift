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

    @Test func usageErrorsNameTheOption() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("train.csv", tinyCSV(rows: 20))
        for (arguments, message) in [
            (["--parties", "1"], "--parties must be 2 … 64"),
            (["--parties", "2", "--scaling", "minmax"], "--parties needs the clipped z-score"),
            (["--parties", "2", "--report", "r.html"], "--report is not available with --parties"),
            (["--parties", "2", "--dp-epsilon", "1"], "--dp-epsilon is not available with --parties"),
        ] {
            let result = try scratch.run(["train", "--encrypted", "train.csv"] + arguments + CLI.testRing)
            #expect(result.status != 0 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
