import HEML

/// The training curve of a run, iteration by iteration: the mean log-likelihood and the gradient norm of a
/// plaintext twin (the encrypted weights are only seen at the end), and the levels the encrypted weights have
/// left after each iteration.
struct TrainingCurve: Sendable, Equatable {
    /// One iteration.
    struct Point: Sendable, Equatable {
        /// 1-based iteration number.
        let iteration: Int
        /// Mean log-likelihood of w_{t+1} with the exact sigmoid (≤ 0).
        let meanLogLikelihood: Double
        /// Euclidean norm of the mean gradient the iteration stepped along.
        let gradientNorm: Double
        /// Levels the encrypted weights have left after this iteration (0 … the chain's top level).
        let levelsLeft: Int
        /// Whether the encrypted weights were bootstrapped after this iteration (refreshing `levelsLeft`). Always
        /// false until training bootstraps; reports mark such iterations.
        let bootstrapped: Bool
    }

    /// The twin that produced the curve (e.g. "plaintext twin, same polynomial").
    let name: String
    /// One point per iteration, in order.
    let points: [Point]

    /// The curve of `twin` (trained with history) under `plan`'s level budget: iteration 0 costs one level, every
    /// later iteration ``TrainingPlan/levelsPerIteration``.
    ///
    /// - Precondition: `twin` recorded its history.
    init(name: String, twin: TrainingResult, plan: TrainingPlan) {
        precondition(twin.history.count == twin.configuration.iterations, "the twin must record its history")
        self.name = name
        let top = plan.parameters.maxLevel
        points = twin.history.map { record in
            Point(
                iteration: record.iteration + 1, meanLogLikelihood: record.meanLogLikelihood,
                gradientNorm: record.gradientNorm, levelsLeft: top - 1 - record.iteration * plan.levelsPerIteration,
                bootstrapped: false)
        }
    }
}
