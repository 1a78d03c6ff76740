import Foundation
import Testing

@testable import HEML

/// The converged reference (IRLS), the diagonal preconditioner and the default optimizer that uses it.
@Suite struct OptimizerTests {
    /// One binary feature: the maximum-likelihood fit is intercept logit(p₀), slope logit(p₁) − logit(p₀), where
    /// p_x is the share of positives among rows with feature x.
    @Test func irlsFindsTheKnownOptimum() throws {
        // x = 0: 3 of 10 positive; x = 1: 8 of 10 positive.
        let features = [Double](repeating: 0, count: 10) + [Double](repeating: 1, count: 10)
        let labels = (0..<10).map { $0 < 3 ? 1.0 : 0 } + (0..<10).map { $0 < 8 ? 1.0 : 0 }
        let data = try Dataset(featureNames: ["x"], labelName: "y", features: features, labels: labels)
        let fit = try IRLS.fit(data)
        let intercept = log(3.0 / 7), slope = log(8.0 / 2) - intercept
        #expect(abs(fit.coefficients[0] - intercept) < 1e-6, "\(fit.coefficients)")
        #expect(abs(fit.coefficients[1] - slope) < 1e-6, "\(fit.coefficients)")
        #expect(fit.gradientNorm < 1e-9)
        #expect(fit.iterations < 20)
        let expected = (3 * log(0.3) + 7 * log(0.7) + 8 * log(0.8) + 2 * log(0.2)) / 20
        #expect(abs(fit.meanLogLikelihood - expected) < 1e-12)
    }

    /// Rows (1, 1, ½) and (1, −1, ½): the mean Gram matrix is [[1, 0, ½], [0, 1, 0], [½, 0, ¼]], so
    /// h = (1.5, 1, 0.75) / 4 and the multipliers are √(h₀/h₁) = √1.5 and √(h₀/h₂) = √2.
    @Test func preconditionerOfASmallMatrix() throws {
        let data = try Dataset(
            featureNames: ["a", "b"], labelName: "y", features: [1, 0.5, -1, 0.5], labels: [1, 0])
        let h = DiagonalPreconditioner.diagonal(data)
        #expect(largestDifference(h, [0.375, 0.25, 0.1875]) < 1e-15)
        #expect(
            largestDifference(DiagonalPreconditioner.multipliers(data), [(1.5).squareRoot(), (2.0).squareRoot()])
                < 1e-15)
    }

    /// Training on preconditioned features and unfolding gives the same logits on the plain scaling, and equals
    /// NAG on the plain scaling with step c·h₀/h_k for weight k.
    @Test func foldingIsPreconditioning() throws {
        let data = try EncryptedTrainingTests.sampleRaw()
        let plain = try FeatureScaling.fit(data), folded = try plain.preconditioned(on: data)
        let configuration = TrainingConfiguration(iterations: 5, learningRate: 8, stepOffset: 4, recordHistory: false)
        let result = try PlainLogisticRegression.train(folded.apply(to: data), configuration: configuration)
        let unfolded = try LinearModel(coefficients: folded.unfolding(result.coefficients))
        let logits = try result.logits(for: folded.apply(to: data))
        #expect(largestDifference(logits, try unfolded.logits(for: plain.apply(to: data))) < 1e-12)
        #expect(folded.withoutMultipliers == plain)

        // The same iteration written out on the plain scaling with a diagonal step.
        let scaled = try plain.apply(to: data)
        let h = DiagonalPreconditioner.diagonal(scaled)
        let objective = LogisticObjective(scaled)
        let schedule = try NesterovSchedule(learningRate: 8, stepOffset: 4).constants(iterations: 5)
        var w = [Double](repeating: 0, count: objective.width), v = w
        for (step, eta) in schedule {
            let g = objective.gradient(at: v)
            let next = (0..<w.count).map { k in v[k] + step * (k == 0 ? 1 : h[0] / h[k]) * g[k] }
            v = (0..<w.count).map { k in (1 - eta) * next[k] + eta * w[k] }
            w = next
        }
        // The exact sigmoid here, the twin's polynomial above: compare with an exact-sigmoid run.
        var exact = configuration
        exact.sigmoid = .exact
        let reference = try PlainLogisticRegression.train(folded.apply(to: data), configuration: exact)
        #expect(largestDifference(try folded.unfolding(reference.coefficients), w) < 1e-10)
    }

    /// The defaults reach the converged fit's held-out AUC within 0.005 on a fixed split of German credit.
    @Test func defaultsReachTheConvergedAUC() throws {
        let data = germanOneHot
        let split = try DataSplits.trainTestSplit(labels: data.labels, testFraction: 0.3, seed: 7)
        let train = try data.selecting(rows: split.train), test = try data.selecting(rows: split.test)
        let plain = try FeatureScaling.fit(train)
        let reference = try IRLS.fit(plain.apply(to: train))
        let referenceAUC = try Metrics.auc(
            scores: reference.linearModel.logits(for: plain.apply(to: test)), labels: test.labels)
        let folded = try plain.preconditioned(on: train)
        let result = try PlainLogisticRegression.train(
            folded.apply(to: train),
            configuration: TrainingConfiguration(
                iterations: PreconditionedNAG.iterations, learningRate: PreconditionedNAG.learningRate,
                stepOffset: PreconditionedNAG.stepOffset))
        let auc = try Metrics.auc(scores: result.logits(for: folded.apply(to: test)), labels: test.labels)
        #expect(auc > referenceAUC - 0.005, "preconditioned \(auc), IRLS \(referenceAUC)")
        // And it got far closer to the optimum than Kim et al.'s 7 iterations on the plain scaling.
        let objective = try LogisticObjective(folded.apply(to: train))
        let kim = try PlainLogisticRegression.train(plain.apply(to: train))
        let kimGap =
            try reference.meanLogLikelihood
            - LogisticObjective(plain.apply(to: train))
            .meanLogLikelihood(at: kim.coefficients)
        let gap = reference.meanLogLikelihood - objective.meanLogLikelihood(at: result.coefficients)
        #expect(gap < kimGap / 2, "gap \(gap), Kim's \(kimGap)")
    }

    @Test func scalingMultipliersRoundTripAndAreChecked() throws {
        let scaling = try FeatureScaling(
            center: [1, 2], scale: [3, 4], clip: 1, methodName: "zscore-clip4", multipliers: [0.5, 2])
        let bytes = try JSONEncoder().encode(scaling)
        #expect(try JSONDecoder().decode(FeatureScaling.self, from: bytes) == scaling)
        #expect(scaling.transform(7, feature: 1) == 2)  // clamp((7 − 2) / 4, ±1) · 2
        let plain = try JSONEncoder().encode(scaling.withoutMultipliers)
        #expect(!String(decoding: plain, as: UTF8.self).contains("multipliers"))
        for multipliers in ["[1]", "[1, 0]", "[1, -1]", "[1, 1e7]", "[1, 1e-7]", "[1, null]", "\"x\""] {
            let text =
                #"{"method": "m", "center": [1, 2], "scale": [3, 4], "clip": 1, "multipliers": "#
                + multipliers + "}"
            #expect(throws: (any Error).self, "\(multipliers)") {
                try JSONDecoder().decode(FeatureScaling.self, from: Data(text.utf8))
            }
        }
        #expect(throws: HEMLError.self) { try scaling.unfolding([1, 2]) }
    }
}
