import Foundation
import Testing

@testable import HEML

@Suite struct FeatureScalingTests {
    @Test(arguments: [FeatureScaling.Method.default, .zScore(clip: 2.5), .minMax, .maxAbs])
    func scaledGermanValuesLieInUnitInterval(method: FeatureScaling.Method) throws {
        let scaling = try FeatureScaling.fit(germanOneHot, method: method)
        let scaled = try scaling.apply(to: germanOneHot)
        #expect(scaled.features.allSatisfy { $0.isFinite && $0 >= -1 && $0 <= 1 })
        #expect(scaled.labels == germanOneHot.labels && scaled.featureNames == germanOneHot.featureNames)
        #expect(scaling.clip == 1)
        // purpose_A47 never occurs: a constant column gets scale 1 and maps to a constant, not NaN.
        let constant = germanOneHot.featureNames.firstIndex(of: "purpose_A47")!
        #expect(scaling.scale[constant] == 1)
        #expect(Set(scaled.column(constant)).count == 1)
    }

    @Test func zScoreClipStoresScaleTimesClipAndClipOne() throws {
        let data = germanOneHot
        let scaling = try FeatureScaling.fit(data)
        #expect(scaling.methodName == "zscore-clip4")
        let j = data.featureNames.firstIndex(of: "credit_amount")!
        let column = data.column(j)
        let mean = column.reduce(0, +) / Double(column.count)
        let std = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count)).squareRoot()
        #expect(abs(scaling.center[j] - mean) < 1e-9 && abs(scaling.scale[j] - 4 * std) < 1e-9)
        // clamp((x − c)/s, −1, 1) is the z-score clipped to ±4, divided by 4.
        for x in column.prefix(200) {
            let expected = min(max((x - mean) / std, -4), 4) / 4
            #expect(abs(scaling.transform(x, feature: j) - expected) < 1e-12)
        }
        let plain = try FeatureScaling.fit(data, method: .zScore(clip: nil))
        #expect(plain.clip == nil && plain.methodName == "zscore")
        let standardized = try plain.apply(to: data).column(j)
        #expect(abs(standardized.reduce(0, +) / 1000) < 1e-12)
        #expect(abs(standardized.reduce(0) { $0 + $1 * $1 } / 1000 - 1) < 1e-12)
    }

    @Test func minMaxAndMaxAbsHitTheBounds() throws {
        let data = try Dataset(
            featureNames: ["a", "b", "c"], labelName: "y",
            features: [2, -3, 5, 4, 1, 5, 10, 0, 5], labels: [0, 1, 0])
        let minMax = try FeatureScaling.fit(data, method: .minMax)
        #expect(try minMax.apply(to: data).features == [-1, -1, 0, -0.5, 1, 0, 1, 0.5, 0])
        let maxAbs = try FeatureScaling.fit(data, method: .maxAbs)
        #expect(maxAbs.center == [0, 0, 0] && maxAbs.scale == [10, 3, 5])
        #expect(try maxAbs.apply(to: data).features == [0.2, -1, 1, 0.4, 1.0 / 3, 1, 1, 0, 1])
        // New data outside the training range are clamped.
        #expect(try minMax.apply(row: [20, -9, 5]) == [1, -1, 0])
        let zeros = try Dataset(featureNames: ["z"], labelName: "y", features: [0, 0], labels: [0, 1])
        for method in [FeatureScaling.Method.default, .minMax, .maxAbs, .zScore(clip: nil)] {
            #expect(try FeatureScaling.fit(zeros, method: method).apply(to: zeros).features == [0, 0])
        }
    }

    @Test func refusesInconsistentParameters() {
        #expect(throws: HEMLError.invalidArgument("scaling scales must be finite and positive")) {
            try FeatureScaling(center: [0], scale: [0], clip: nil)
        }
        #expect(throws: HEMLError.dimensionMismatch(what: "scaling scale entries", expected: 2, found: 1)) {
            try FeatureScaling(center: [0, 1], scale: [1], clip: nil)
        }
        #expect(throws: HEMLError.invalidArgument("clip must be finite and positive")) {
            try FeatureScaling(center: [0], scale: [1], clip: -1)
        }
        #expect(throws: HEMLError.invalidArgument("z-score clip must be finite and positive")) {
            try FeatureScaling.fit(germanOneHot, method: .zScore(clip: 0))
        }
        #expect(throws: HEMLError.dimensionMismatch(what: "dataset features", expected: 2, found: 61)) {
            try FeatureScaling.identity(featureCount: 2).apply(to: germanOneHot)
        }
    }
}
