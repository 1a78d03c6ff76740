import Foundation
import Testing

@testable import HEML

@Suite struct ModelFileTests {
    static let fixedDate = Date(timeIntervalSince1970: 1_700_000_000)

    func trainedModel() throws -> (ModelFile, TrainingResult, FeatureScaling) {
        let (model, result) = try PlainLogisticRegression.fit(germanOneHot, date: Self.fixedDate)
        return (model, result, try FeatureScaling.fit(germanOneHot))
    }

    @Test func roundTripAndSnakeCaseJSON() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let (model, _, scaling) = try trainedModel()
        let url = directory.url.appendingPathComponent("german.model.json")
        try model.write(to: url)
        #expect(try directory.contents() == ["german.model.json"])
        let back = try ModelFile.read(from: url)
        #expect(back == model)
        #expect(back.scaling == scaling)

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        #expect(
            Set(json.keys) == [
                "format", "format_version", "features", "label", "label_mapping", "center", "scale",
                "clip", "weights", "intercept", "training",
            ])
        #expect(json["label"] as? String == "bad_credit")
        #expect((json["features"] as? [String])?.count == 61)
        let training = json["training"] as! [String: Any]
        #expect(
            Set(training.keys) == [
                "method", "sigmoid", "degree", "interval", "sigmoid_coefficients", "iterations",
                "learning_rate", "initial_alpha", "scaling", "training_rows", "source",
                "timestamp", "heml_version",
            ])
        #expect(training["timestamp"] as? String == "2023-11-14T22:13:20Z")
        #expect(training["heml_version"] as? String == HEMLVersion.string)
        #expect(training["degree"] as? Int == 3 && training["iterations"] as? Int == 7)
        #expect(training["interval"] as? [Double] == [-8, 8])
        #expect(training["scaling"] as? String == "zscore-clip4")

        // clip null and exact-sigmoid metadata survive as JSON null.
        let unclipped = try ModelFile(
            features: ["a"], label: "y", scaling: FeatureScaling.identity(featureCount: 1),
            weights: [0.5], intercept: -1,
            training: .init(
                method: "test", sigmoid: "exact", degree: nil, interval: nil,
                sigmoidCoefficients: nil, iterations: 0, learningRate: 1, initialAlpha: 0.01,
                scaling: "identity", trainingRows: 0, source: nil, timestamp: "t"))
        let text = String(decoding: try unclipped.encoded(), as: UTF8.self)
        #expect(text.contains("\"clip\" : null") && text.contains("\"degree\" : null"))
        #expect(try ModelFile.decode(unclipped.encoded(), name: "m") == unclipped)
    }

    @Test func scoringFromTheFileFollowsTheStoredFormula() throws {
        let (model, result, scaling) = try trainedModel()
        let data = germanOneHot
        let fromFile = try model.logits(for: data)
        let fromTraining = try result.logits(for: scaling.apply(to: data))
        #expect(zip(fromFile, fromTraining).allSatisfy { abs($0 - $1) < 1e-12 })
        // logit = intercept + Σ w[i]·clamp((x[i] − center[i]) / scale[i], −clip, clip), written out.
        let clip = try #require(model.clip)
        for row in [0, 17, 999] {
            var logit = model.intercept
            for i in 0..<61 {
                logit += model.weights[i] * min(max((data[row, i] - model.center[i]) / model.scale[i], -clip), clip)
            }
            #expect(abs(logit - fromFile[row]) < 1e-12)
            #expect(abs(try model.logit(row: data.row(row)) - logit) < 1e-12)
        }
        let probabilities = try model.probabilities(for: data)
        #expect(abs(try Metrics.auc(scores: probabilities, labels: data.labels) - 0.815) < 0.003)
        // Columns are matched by name: a reordered dataset scores the same.
        let order = Array((0..<61).reversed())
        var reordered = [Double]()
        for r in 0..<data.rowCount { reordered += order.map { data[r, $0] } }
        let shuffled = try Dataset(
            featureNames: order.map { data.featureNames[$0] }, labelName: data.labelName,
            features: reordered, labels: data.labels)
        #expect(try model.logits(for: shuffled) == fromFile)
        let narrow = try Dataset(
            featureNames: ["duration_months"], labelName: "bad_credit", features: [12], labels: [1])
        #expect(throws: HEMLError.missingFeature(name: "checking_status_A11")) { try model.logits(for: narrow) }
    }

    @Test func atomicWriteLeavesNothingBehindOnFailure() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let (model, _, _) = try trainedModel()
        // The target is a directory: rename fails after the temporary file was written.
        let blocked = directory.url.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(at: blocked, withIntermediateDirectories: false)
        #expect(throws: HEMLError.self) { try model.write(to: blocked) }
        #expect(try directory.contents() == ["blocked"])
        // A missing directory: nothing can be created.
        #expect(throws: HEMLError.self) { try model.write(to: directory.url.appendingPathComponent("no/such/m.json")) }
        #expect(try directory.contents() == ["blocked"])
        do {
            try model.write(to: blocked)
        } catch {
            #expect(error.description.hasPrefix("cannot write blocked: cannot rename the temporary file into place"))
        }
        // Overwriting replaces the content completely.
        let url = directory.url.appendingPathComponent("m.json")
        try Data(repeating: UInt8(ascii: "x"), count: 100_000).write(to: url)
        try model.write(to: url)
        #expect(try ModelFile.read(from: url) == model)
        #expect(try directory.contents() == ["blocked", "m.json"])
    }

    @Test func readingRefusesBrokenFilesClearly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let (model, _, _) = try trainedModel()
        #expect(throws: HEMLError.fileUnreadable(file: "none.json", reason: "no such file")) {
            try ModelFile.read(from: directory.url.appendingPathComponent("none.json"))
        }
        let garbage = try directory.file("garbage.json", contents: "{ not json")
        #expect(throws: HEMLError.invalidModelFile(file: "garbage.json", reason: "not valid JSON")) {
            try ModelFile.read(from: garbage)
        }
        var json = try JSONSerialization.jsonObject(with: model.encoded()) as! [String: Any]
        func check(_ edit: (inout [String: Any]) -> Void, _ reason: String) throws {
            var copy = json
            edit(&copy)
            let data = try JSONSerialization.data(withJSONObject: copy)
            #expect(throws: HEMLError.invalidModelFile(file: "m.json", reason: reason)) {
                try ModelFile.decode(data, name: "m.json")
            }
        }
        try check({ $0["weights"] = nil }, "missing key \"weights\"")
        try check({ $0["weights"] = [1.0, 2.0] }, "weights entries (one per feature): expected 61, found 2")
        try check(
            { $0["scale"] = Array(repeating: -1.0, count: 61) },
            "invalid argument: scaling scales must be finite and positive")
        try check({ $0["intercept"] = "high" }, "wrong type or null at \"intercept\"")
        try check({ $0["format_version"] = 2 }, "format_version 2 is not supported (expected 1)")
        try check({ $0["format"] = "other" }, "format is not \"heml-logistic-regression\"")
        try check({ $0["training"] = [String: Any]() }, "missing key \"training.method\"")
        json["clip"] = NSNull()
        #expect(try ModelFile.decode(JSONSerialization.data(withJSONObject: json), name: "m").clip == nil)
    }
}
