/// One step of an encrypted training run, for progress displays.
public struct TrainingProgress: Sendable {
    /// Iterations finished (1 … total).
    public let iteration: Int
    /// Iterations in the run.
    public let total: Int
    /// Levels the weights have left.
    public let levelsLeft: Int
    /// Seconds since training started.
    public let elapsed: Double
    /// Estimated seconds to the end, from the measured cost per level of the iterations so far.
    public let remaining: Double
}
