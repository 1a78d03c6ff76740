import Foundation
import HEML
import Testing

/// The all-in-one `heml train --encrypted` run: JSON shape, plain output, plan errors, usage errors.
@Suite struct TrainCommandTests {
    @Test func jsonHasEveryKeyAndNothingElseOnStdout() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("train.csv", tinyCSV(rows: 80))
        try scratch.write("test.csv", tinyCSV(rows: 40, seed: 99))
        let result = try scratch.run(
            [
                "train", "--encrypted", "train.csv", "--iterations", "3", "--test", "test.csv",
                "--model-out", "model.json", "--json",
            ] + CLI.testRing)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["rows"] as? Int == 80)
        #expect(json["features"] as? Int == 3)
        let parameters = try #require(json["parameters"] as? [String: Any])
        for key in ["ring_degree", "log_qp", "levels", "scale_bits", "security_bits", "special_primes", "digits"] {
            #expect(parameters[key] is Int, "parameters.\(key)")
        }
        #expect(parameters["ring_degree"] as? Int == 4096)
        #expect(parameters["security_bits"] as? Int == 0)
        let plan = try #require(json["plan"] as? [String: Any])
        for key in [
            "iterations", "degree", "interval", "learning_rate", "step_offset", "levels_per_iteration",
            "rotations_per_iteration", "ciphertexts",
        ] {
            #expect(plan[key] != nil, "plan.\(key)")
        }
        #expect(plan["iterations"] as? Int == 3)
        #expect(plan["degree"] as? Int == 3)
        let timings = try #require(json["timings"] as? [String: Any])
        for key in ["read", "keygen", "encrypt", "train", "decrypt", "twins", "total"] {
            #expect((timings[key] as? Double).map { $0 >= 0 } == true, "timings.\(key)")
        }
        let metrics = try #require(json["metrics"] as? [String: Any])
        let test = try #require(metrics["test"] as? [String: Any])
        for group in [metrics, test] {
            for model in ["encrypted", "polynomial_twin", "exact_twin"] {
                let entry = try #require(group[model] as? [String: Any], "\(model)")
                let auc = try #require(entry["auc"] as? Double), accuracy = try #require(entry["accuracy"] as? Double)
                #expect((0...1).contains(auc) && (0...1).contains(accuracy))
            }
        }
        let encryptedAUC = try #require((metrics["encrypted"] as? [String: Any])?["auc"] as? Double)
        let twinAUC = try #require((metrics["polynomial_twin"] as? [String: Any])?["auc"] as? Double)
        #expect(abs(encryptedAUC - twinAUC) < 1e-4)  // the README shows them equal to 4 decimals
        let convergence = try #require(json["convergence"] as? [String: Any])
        let gradientNorm = try #require(convergence["gradient_norm"] as? Double)
        let gap = try #require(convergence["log_likelihood_gap"] as? Double)
        #expect(gradientNorm > 0 && gradientNorm.isFinite)
        #expect(gap > -1e-6 && gap.isFinite, "a trained model is not better than the converged fit")
        let largest = try #require(convergence["largest_sigmoid_argument"] as? Double)
        #expect(largest > 0 && largest.isFinite && convergence["sigmoid_interval_radius"] as? Double == 8)
        #expect((convergence["first_iteration_outside_interval"] is NSNull) == (largest <= 8))
        let difference = try #require(json["max_weight_difference"] as? Double)
        #expect(difference < 1e-5, "largest weight difference \(difference)")  // README: about 5·10⁻⁶
        #expect((json["model_out"] as? String)?.hasSuffix("/model.json") == true)
        let model = try ModelFile.read(from: scratch.url.appendingPathComponent("model.json"))
        #expect(model.training.method == "nesterov-encrypted-preconditioned")
        #expect(model.training.sigmoid == "kim3")
        #expect(model.training.iterations == 3)
        #expect(model.features == ["age", "income", "debt"])
        #expect(try scratch.contents() == ["model.json", "test.csv", "train.csv"])
    }

    @Test func modelOutIsNullWithoutIt() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("train.csv", tinyCSV())
        let result = try scratch.run(
            [
                "train", "--encrypted", "train.csv", "--iterations", "2", "--json",
                "--sigmoid", "least-squares", "--interval", "6", "--degree", "5",
            ] + CLI.testRing)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["model_out"] is NSNull)
        #expect((json["plan"] as? [String: Any])?["degree"] as? Int == 5)
        #expect((json["plan"] as? [String: Any])?["interval"] as? [Double] == [-6, 6])
        #expect(json["metrics"].flatMap { ($0 as? [String: Any])?["test"] } == nil)
    }

    @Test func plainTextWhenPipedHasNoControlCharacters() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("train.csv", tinyCSV())
        let result = try scratch.run(["train", "--encrypted", "train.csv", "--iterations", "2"] + CLI.testRing)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("encrypted (CKKS)"))
        #expect(result.stdout.contains("plaintext twin, exact sigmoid"))
        #expect(result.stderr.contains("iteration 2/2"))
        let controls = (result.stdout + result.stderr).unicodeScalars.filter { $0.value < 0x20 && $0 != "\n" }
        #expect(controls.isEmpty)
    }

    @Test func aPlanThatDoesNotFitSaysHowManyIterationsFit() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("train.csv", tinyCSV())
        let result = try scratch.run([
            "train", "--encrypted", "train.csv", "--iterations", "60", "--no-bootstrap", "--model-out", "m.json",
            "--json",
        ])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("heml: error: no encrypted training plan fits"))
        let fits = try #require(result.stderr.firstMatch(of: /at most (\d+) iterations fit/))
        let count = try #require(Int(fits.1))
        #expect(count > 0 && count < 60)
        #expect(result.stderr.contains("--iterations \(count)"))
        #expect(!scratch.exists("m.json"))
    }

    @Test func testFileMustHaveTheTrainingColumns() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("train.csv", tinyCSV())
        try scratch.write("test.csv", tinyCSV(rows: 20, header: "age,wealth,debt,y"))
        let result = try scratch.run(
            ["train", "--encrypted", "train.csv", "--test", "test.csv", "--model-out", "m.json"] + CLI.testRing)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("test.csv: its feature columns are not the training file's: it lacks \"income\""))
        #expect(!scratch.exists("m.json"))
    }

    @Test func unwritableModelOutFailsBeforeAnyWork() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("train.csv", tinyCSV())
        let result = try scratch.run(
            ["train", "--encrypted", "train.csv", "--model-out", "no/such/dir/m.json"] + CLI.testRing)
        #expect(result.status == 1)
        #expect(result.stderr.contains("does not exist"))
    }

    @Test func usageErrorsExitWith64() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("train.csv", tinyCSV())
        let cases: [([String], String)] = [
            (["train"], "--encrypted"),
            (["train", "--encrypted", "train.csv", "--insecure-test-ring", "12"], "--allow-insecure"),
            (["train", "--encrypted", "train.csv", "--degree", "4"], "--degree"),
            (["train", "--encrypted", "train.csv", "--interval", "4"], "kim"),
            (["train", "--encrypted", "train.csv", "--iterations", "0"], "--iterations"),
            (["train", "--dataset", "d", "--public-bundle", "b", "--out", "o", "--iterations", "3"], "public bundle"),
            (["train", "--encrypted", "train.csv", "--sigmoid", "tanh"], "sigmoid"),
        ]
        for (arguments, word) in cases {
            let result = try scratch.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(word), "\(arguments): \(result.stderr)")
        }
    }
}
