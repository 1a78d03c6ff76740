import HEML
import Testing

@testable import HEMLWorkflow

/// The owner's convergence report: the gap to IRLS and where the sigmoid's argument left the polynomial's interval.
@Suite struct ConvergenceTests {
    /// 200 rows, one feature in [−3, 3] that mostly decides the label (2% flipped): with a large step the logit
    /// passes 8 at the extreme rows within 6 iterations (and the degree-3 polynomial, negative past 11, diverges
    /// soon after); with a small one it stays inside.
    static func separated() throws -> Dataset {
        let x = (0..<200).map { 3 * (Double($0) / 99.5 - 1) }
        let labels = x.enumerated().map { i, v in (v > 0) != (i % 50 == 25) ? 1.0 : 0.0 }
        return try Dataset(featureNames: ["x"], labelName: "y", features: x, labels: labels)
    }

    static func report(learningRate: Double, iterations: Int = 12) throws -> (Convergence, TrainingResult) {
        let data = try separated()
        let twin = try PlainLogisticRegression.train(
            data, configuration: TrainingConfiguration(iterations: iterations, learningRate: learningRate))
        let convergence = try Convergence(
            coefficients: twin.coefficients, scaled: data, twin: twin, sigmoid: .kim3)
        return (convergence, twin)
    }

    @Test func reportsWhereTheArgumentLeftTheInterval() throws {
        let (convergence, twin) = try Self.report(learningRate: 12, iterations: 6)
        let largest = try #require(convergence.largestSigmoidArgument)
        #expect(largest > 8 && largest == twin.history.map(\.maxAbsArgument).max())
        let first = try #require(convergence.firstIterationOutsideInterval)
        #expect(first == twin.firstIterationOutsideInterval)
        #expect(twin.history.filter { $0.iteration < first }.allSatisfy { $0.maxAbsArgument <= 8 })
        #expect(convergence.sigmoidRadius == 8)
    }

    @Test func staysSilentInsideTheInterval() throws {
        let (convergence, _) = try Self.report(learningRate: 1)
        #expect(try #require(convergence.largestSigmoidArgument) <= 8)
        #expect(convergence.firstIterationOutsideInterval == nil)
        #expect(convergence.gradientNorm > 0 && convergence.logLikelihoodGap > 0)
    }
}
