import Foundation
import Testing

@testable import HEML

@Suite struct MetricsTests {
    @Test func aucByRanksWithTies() throws {
        #expect(try Metrics.auc(scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1]) == 0.75)
        #expect(try Metrics.auc(scores: [1, 2, 3], labels: [0, 1, 1]) == 1)
        #expect(try Metrics.auc(scores: [3, 2, 1], labels: [0, 1, 1]) == 0)
        #expect(try Metrics.auc(scores: [5, 5, 5, 5], labels: [0, 1, 0, 1]) == 0.5)
        #expect(try Metrics.auc(scores: [0.5, 0.5, 0.9], labels: [0, 1, 1]) == 0.75)
        // Against brute-force pair counting on data with many ties.
        var generator = SplitMix64(seed: 7)
        let scores = (0..<300).map { _ in Double(generator.next(below: 20)) }
        let labels = (0..<300).map { _ in Double(generator.next(below: 2)) }
        var wins = 0.0, pairs = 0.0
        for i in 0..<300 where labels[i] == 1 {
            for j in 0..<300 where labels[j] == 0 {
                pairs += 1
                wins += scores[i] > scores[j] ? 1 : (scores[i] == scores[j] ? 0.5 : 0)
            }
        }
        #expect(abs(try Metrics.auc(scores: scores, labels: labels) - wins / pairs) < 1e-12)
        #expect(throws: HEMLError.invalidArgument("AUC needs both classes")) {
            try Metrics.auc(scores: [1, 2], labels: [1, 1])
        }
        #expect(throws: HEMLError.dimensionMismatch(what: "scores and labels", expected: 2, found: 1)) {
            try Metrics.auc(scores: [1], labels: [0, 1])
        }
    }

    @Test func accuracyAndLogLoss() throws {
        #expect(try Metrics.accuracy(probabilities: [0.2, 0.5, 0.7, 0.4], labels: [0, 1, 0, 0]) == 0.75)
        #expect(abs(try Metrics.logLoss(probabilities: [0.5, 0.5], labels: [0, 1]) - log(2.0)) < 1e-15)
        let loss = try Metrics.logLoss(probabilities: [0.9, 0.2], labels: [1, 0])
        #expect(abs(loss - -(log(0.9) + log(0.8)) / 2) < 1e-15)
        // Confident mistakes are clipped, not infinite.
        #expect(abs(try Metrics.logLoss(probabilities: [0], labels: [1]) - -log(1e-15)) < 1e-9)
        #expect(throws: HEMLError.invalidArgument("probabilities must lie in [0, 1]")) {
            try Metrics.logLoss(probabilities: [1.5], labels: [1])
        }
    }

    @Test func stratifiedFoldsPartitionDeterministically() throws {
        let labels = germanOneHot.labels
        let folds = try DataSplits.stratifiedKFold(labels: labels, k: 5, seed: 0)
        #expect(folds.count == 5)
        #expect(folds.flatMap(\.test).sorted() == Array(0..<1000))
        for fold in folds {
            #expect(fold.test.count == 200 && fold.train.count == 800)
            #expect(Set(fold.train).isDisjoint(with: fold.test))
            #expect(fold.test.filter { labels[$0] == 1 }.count == 60)
        }
        #expect(try DataSplits.stratifiedKFold(labels: labels, k: 5, seed: 0) == folds)
        #expect(try DataSplits.stratifiedKFold(labels: labels, k: 5, seed: 1) != folds)
        #expect(throws: HEMLError.invalidArgument("k must lie between 2 and the size of the smaller class")) {
            try DataSplits.stratifiedKFold(labels: [0, 1, 1], k: 2, seed: 0)
        }
        let split = try DataSplits.trainTestSplit(labels: labels, testFraction: 0.2, seed: 3)
        #expect(split.test.count == 200 && split.train.count == 800)
        #expect(split.test.filter { labels[$0] == 1 }.count == 60)
        #expect(Set(split.train + split.test).count == 1000)
        #expect(try DataSplits.trainTestSplit(labels: labels, testFraction: 0.2, seed: 3) == split)
    }
}
