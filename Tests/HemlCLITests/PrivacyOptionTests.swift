import Foundation
import Testing

/// `heml train --encrypted … --dp-epsilon ε [--dp-delta δ]`: the calibration in the JSON, the noisy encrypted model
/// against its noisy twin, and refused budgets.
@Suite struct PrivacyOptionTests {
    @Test func jsonReportsTheBudgetAndTheNoisyTwinMatches() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("train.csv", tinyCSV(rows: 80))
        let result = try scratch.run(
            [
                "train", "--encrypted", "train.csv", "--iterations", "3", "--no-precondition", "--dp-epsilon", "2",
                "--dp-delta", "1e-6", "--json",
            ]
                + CLI.testRing)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let privacy = try #require(json["differential_privacy"] as? [String: Any])
        #expect(privacy["epsilon"] as? Double == 2)
        #expect(privacy["delta"] as? Double == 1e-6)
        let rho = try #require(privacy["rho"] as? Double)
        let log = -Foundation.log(1e-6)
        #expect(abs(rho - pow((log + 2).squareRoot() - log.squareRoot(), 2)) < 1e-12)
        let sigma = try #require(privacy["sigma_per_iteration"] as? [Double])
        let sensitivity = try #require(privacy["sensitivity_per_iteration"] as? [Double])
        #expect(sigma.count == 3 && sensitivity.count == 3)
        for (s, d) in zip(sigma, sensitivity) { #expect(abs(s / d - (3 / (2 * rho)).squareRoot()) < 1e-9) }
        #expect((privacy["accounting"] as? String)?.contains("zCDP") == true)
        #expect(privacy["unconditional"] as? Bool == false)
        let difference = try #require(json["max_weight_difference"] as? Double)
        #expect(difference < 1e-5, "the encrypted model and the twin with the same noise differ by \(difference)")
    }

    @Test func withoutTheFlagThePrivacyEntryIsNull() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("train.csv", tinyCSV())
        let result = try scratch.run(
            ["train", "--encrypted", "train.csv", "--iterations", "2", "--json"] + CLI.testRing)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try result.json()["differential_privacy"] is NSNull)
    }

    @Test(arguments: [
        (["--dp-epsilon", "0"], "epsilon"), (["--dp-epsilon", "-1"], "epsilon"),
        (["--dp-epsilon", "1", "--dp-delta", "1"], "delta"), (["--dp-epsilon", "1", "--dp-delta", "0"], "delta"),
        (["--dp-delta", "1e-5"], "--dp-epsilon"), (["--dp-epsilon", "1", "--precondition"], "--no-precondition"),
    ])
    func invalidBudgetsAreRefused(flags: [String], named: String) throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("train.csv", tinyCSV())
        let result = try scratch.run(
            ["train", "--encrypted", "train.csv", "--iterations", "2"]
                + (flags.contains("--precondition") ? flags : flags + ["--no-precondition"]) + CLI.testRing)
        #expect(result.status != 0)
        #expect(result.stderr.contains(named), "\(result.stderr)")
        #expect(!scratch.exists("model.json"))
    }
}
