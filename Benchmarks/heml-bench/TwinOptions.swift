import ArgumentParser
import HEML

/// The plaintext twin's settings that `cv` and `dp` share (by default heml's plan).
struct TwinOptions: ParsableArguments {
    @Option(help: "Twin: iterations (default: heml's).")
    var iterations = PreconditionedNAG.iterations

    @Option(help: "Twin: c in γ_t = c / (t + 1) + f (default: heml's).")
    var learningRate = PreconditionedNAG.learningRate

    @Option(help: "Twin: f in γ_t = c / (t + 1) + f (default: heml's).")
    var stepOffset = PreconditionedNAG.stepOffset

    @Flag(inversion: .prefixedNo, help: "Twin: precondition the scaled features (default: on, as heml).")
    var precondition = true

    func validate() throws {
        guard iterations >= 1, learningRate > 0, stepOffset >= 0 else {
            throw ValidationError("the twin needs iterations ≥ 1, a positive learning rate, a step offset ≥ 0")
        }
    }

    /// The twin's configuration (Kim's degree-3 polynomial).
    var configuration: TrainingConfiguration {
        TrainingConfiguration(iterations: iterations, learningRate: learningRate, stepOffset: stepOffset)
    }

    /// z-score clipped at 4 fitted on `train`, preconditioned on it when asked.
    func scaling(fittedOn train: Dataset) throws -> FeatureScaling {
        let fitted = try FeatureScaling.fit(train)
        return precondition ? try fitted.preconditioned(on: train) : fitted
    }
}
