import Foundation
import Testing

@testable import HEML

@Suite struct NesterovScheduleTests {
    @Test func etaMatchesTheAlgorithmsTable() throws {
        let schedule = try NesterovSchedule()
        let table = [0.990, -0.0001, -0.282, -0.434, -0.531, -0.599, -0.649, -0.688]
        for (t, expected) in table.enumerated() {
            #expect(abs(schedule.eta(t) - expected) < 6e-4, "t = \(t)")
        }
        #expect(abs(schedule.eta(1) - -0.0000618) < 1e-6)
        #expect(schedule.alpha(0) == 0.01)
        #expect(abs(schedule.alpha(1) - 1.0001) < 1e-6)
        let constants = schedule.constants(iterations: 8)
        for t in 0..<8 {
            #expect(constants[t].step == 10 / Double(t + 1))
            #expect(abs(constants[t].eta - schedule.eta(t)) < 1e-15)
        }
        #expect(try NesterovSchedule(learningRate: 1).step(3) == 0.25)
        #expect(throws: HEMLError.invalidArgument("learning rate must be finite and positive")) {
            try NesterovSchedule(learningRate: 0)
        }
    }
}

@Suite struct PlainLogisticRegressionTests {
    /// An independent, deliberately naive transcription of ALGORITHMS.md §1/§6 on [[Double]].
    func naiveNAG(x: [[Double]], y: [Double], iterations: Int, c: Double, sigma: (Double) -> Double) -> [Double] {
        var z = [[Double]]()
        for (row, label) in zip(x, y) {
            let sign: Double = label == 1 ? 1 : -1
            z.append(([1.0] + row).map { sign * $0 })
        }
        var w = [Double](repeating: 0, count: z[0].count), v = w
        var alpha = 0.01
        for t in 0..<iterations {
            let nextAlpha = (1 + (1 + 4 * alpha * alpha).squareRoot()) / 2
            let eta = (1 - alpha) / nextAlpha
            let gamma = c / Double(t + 1)
            var g = [Double](repeating: 0, count: w.count)
            for zi in z {
                let s = sigma(-zip(zi, v).map(*).reduce(0, +))
                for k in g.indices { g[k] += s * zi[k] / Double(z.count) }
            }
            let wNext = (0..<w.count).map { v[$0] + gamma * g[$0] }
            v = (0..<w.count).map { (1 - eta) * wNext[$0] + eta * w[$0] }
            w = wNext
            alpha = nextAlpha
        }
        return w
    }

    @Test func followsTheAlgorithmStepByStep() throws {
        let x: [[Double]] = [[0.5, -0.25], [-0.75, 0.125], [0.25, 0.5], [-0.5, -0.5], [1, 0], [0, -1]]
        let y: [Double] = [1, 0, 1, 0, 1, 0]
        let data = try Dataset(featureNames: ["a", "b"], labelName: "y", features: x.flatMap { $0 }, labels: y)
        for sigmoid in [Sigmoid.exact, .polynomial(.kim3), .polynomial(.kim7)] {
            let result = try PlainLogisticRegression.train(
                data, configuration: TrainingConfiguration(iterations: 9, learningRate: 3, sigmoid: sigmoid))
            let expected = naiveNAG(x: x, y: y, iterations: 9, c: 3) { sigmoid($0) }
            for (a, b) in zip(result.coefficients, expected) { #expect(abs(a - b) < 1e-12) }
            #expect(result.history.count == 9)
            #expect(result.history.last!.weights == result.coefficients)
        }
        // First iteration by hand: w₁ = γ₀ · ½ · mean(z), v₁ = (1 − η₀) w₁.
        let one = try PlainLogisticRegression.train(
            data, configuration: TrainingConfiguration(iterations: 1, learningRate: 3))
        let meanZ = KimEncoding.zMatrix(data).enumerated().reduce(into: [0.0, 0, 0]) {
            $0[$1.offset % 3] += $1.element / 6
        }
        for k in 0..<3 { #expect(abs(one.coefficients[k] - 3 * 0.5 * meanZ[k]) < 1e-15) }
        let eta0 = try NesterovSchedule().eta(0)
        for k in 0..<3 { #expect(abs(one.momentum[k] - (1 - eta0) * one.coefficients[k]) < 1e-15) }
        #expect(throws: HEMLError.invalidArgument("iterations must be at least 1")) {
            try PlainLogisticRegression.train(data, configuration: TrainingConfiguration(iterations: 0))
        }
    }

    @Test func kimEncodingFoldsLabelAndIntercept() throws {
        let data = try Dataset(featureNames: ["a"], labelName: "y", features: [0.5, -0.25], labels: [1, 0])
        #expect(KimEncoding.zMatrix(data) == [1, 0.5, -1, 0.25])
    }

    /// datasets/README.md: German one-hot, degree-3 LS sigmoid on [−8, 8], z-score clipped ±4 then /4, step
    /// 10/(t+1): 5-fold stratified CV AUC 0.792 (7 it.), 0.793 (10 it.). Our folds (seed 0) differ from the
    /// reference's, so we allow ±0.004.
    @Test(arguments: [(7, 0.792), (10, 0.793)])
    func germanCrossValidatedAUCMatchesReference(iterations: Int, reference: Double) throws {
        let configuration = TrainingConfiguration(iterations: iterations)
        let polynomial = try crossValidatedAUC(germanOneHot, configuration: configuration)
        #expect(abs(polynomial - reference) < 0.004, "CV AUC \(polynomial)")
        var exact = configuration
        exact.sigmoid = .exact
        #expect(abs(polynomial - (try crossValidatedAUC(germanOneHot, configuration: exact))) < 0.002)
    }

    @Test func germanPolynomialTwinTracksTheExactSigmoidFit() throws {
        let scaled = try FeatureScaling.fit(germanOneHot).apply(to: germanOneHot)
        let twin = try PlainLogisticRegression.train(scaled)  // 7 iterations, c = 10, kim3
        var exactConfiguration = TrainingConfiguration()
        exactConfiguration.sigmoid = .exact
        let exact = try PlainLogisticRegression.train(scaled, configuration: exactConfiguration)
        let aucTwin = try Metrics.auc(scores: twin.logits(for: scaled), labels: scaled.labels)
        let aucExact = try Metrics.auc(scores: exact.logits(for: scaled), labels: scaled.labels)
        #expect(abs(aucTwin - 0.815) < 0.003, "in-sample AUC \(aucTwin)")
        #expect(abs(aucTwin - aucExact) < 0.003)
        // The degree-3 polynomial has slope 0.15 at 0 (σ has 0.25), so the twin's weights are smaller, but it ranks
        // samples almost identically.
        let logits = (try twin.logits(for: scaled), try exact.logits(for: scaled))
        #expect(pearson(logits.0, logits.1) > 0.99)
        // The polynomial is only valid on [−8, 8]: the argument stays well inside.
        #expect(twin.firstIterationOutsideInterval == nil)
        #expect(twin.history.map(\.maxAbsArgument).max()! < 4)
        // Every iteration improves the (exact) likelihood, starting from −log 2.
        let likelihoods = twin.history.map(\.meanLogLikelihood)
        #expect(likelihoods.first! > -log(2.0))
        #expect(zip(likelihoods, likelihoods.dropFirst()).allSatisfy { $0 < $1 })
        // The long exact reference fits at least as well in-sample.
        let reference = try PlainLogisticRegression.trainReference(scaled, iterations: 100)
        #expect(try Metrics.auc(scores: reference.logits(for: scaled), labels: scaled.labels) > aucExact)
    }

    @Test func minMaxScalingPushesTheArgumentOutOfTheInterval() throws {
        // ALGORITHMS.md §5: under min–max scaling |zᵀβ| leaves [−8, 8]; degree-3 NAG fell to AUC 0.57 at 7
        // iterations and diverged at 10.
        let scaled = try FeatureScaling.fit(germanOneHot, method: .minMax).apply(to: germanOneHot)
        let seven = try PlainLogisticRegression.train(scaled, configuration: TrainingConfiguration(iterations: 7))
        #expect(seven.firstIterationOutsideInterval == 2)
        let cv = try crossValidatedAUC(
            germanOneHot, configuration: TrainingConfiguration(iterations: 7), scaling: .minMax)
        #expect(abs(cv - 0.57) < 0.01)
        #expect(throws: HEMLError.numericalFailure("training diverged: weights became non-finite at iteration 7")) {
            try PlainLogisticRegression.train(scaled, configuration: TrainingConfiguration(iterations: 10))
        }
    }
}

func pearson(_ a: [Double], _ b: [Double]) -> Double {
    let n = Double(a.count), ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
    let cov = zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) }
    let va = a.reduce(0) { $0 + ($1 - ma) * ($1 - ma) }, vb = b.reduce(0) { $0 + ($1 - mb) * ($1 - mb) }
    return cov / (va * vb).squareRoot()
}
