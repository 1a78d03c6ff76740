import Foundation
import Testing

@testable import HEML

/// Banks' additive statistics give the single owner's scaling of the union: z-score from count, sums and sums of
/// squares; preconditioner from summed Gram matrices. German credit split into 3 banks by rows, with a constant
/// column (purpose_A47) that must keep scale 1.
@Suite struct FeatureStatisticsTests {
    static let banks = [0..<333, 333..<667, 667..<1000].map { try! germanOneHot.selecting(rows: Array($0)) }

    @Test func summedStatisticsGiveTheUnionsZScore() throws {
        let statistics = Self.banks.map { FeatureStatistics($0) }
        let sum = statistics.dropFirst().reduce(statistics[0], +)
        #expect(sum.count == 1000)
        let joint = try FeatureStatistics(vector: sum.vector, featureCount: germanOneHot.featureCount).zScoreScaling()
        let single = try FeatureScaling.fit(germanOneHot)
        #expect(joint.methodName == single.methodName && joint.clip == single.clip)
        for (a, b) in zip(joint.center, single.center) {
            #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "center \(a) vs \(b)")
        }
        for (a, b) in zip(joint.scale, single.scale) { #expect(abs(a - b) <= 1e-9 * b, "scale \(a) vs \(b)") }
        let constant = germanOneHot.featureNames.firstIndex(of: "purpose_A47")!
        #expect(joint.scale[constant] == 1)
    }

    @Test func summedGramMatricesGiveTheUnionsPreconditioner() throws {
        let scaling = try FeatureScaling.fit(germanOneHot)
        let grams = try Self.banks.map { try DiagonalPreconditioner.gram(scaling.apply(to: $0)) }
        let sum = grams.dropFirst().reduce(grams[0]) { zip($0, $1).map(+) }
        let joint = DiagonalPreconditioner.multipliers(
            diagonal: DiagonalPreconditioner.diagonal(gram: sum, rowCount: 1000))
        let single = try #require(scaling.preconditioned(on: germanOneHot).multipliers)
        for (a, b) in zip(joint, single) { #expect(abs(a - b) <= 1e-12 * b, "multiplier \(a) vs \(b)") }
    }

    @Test func malformedVectorsAreRefused() {
        #expect(throws: HEMLError.self) { try FeatureStatistics(vector: [1, 2], featureCount: 1) }
        #expect(throws: HEMLError.self) { try FeatureStatistics(vector: [0, 1, 1], featureCount: 1) }
        #expect(throws: HEMLError.self) { try FeatureStatistics(vector: [3, .nan, 1], featureCount: 1) }
    }
}
