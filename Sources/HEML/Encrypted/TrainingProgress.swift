/// One step of an encrypted training run, for progress displays.
public struct TrainingProgress: Sendable {
    /// Iterations finished (1 … total).
    public let iteration: Int
    /// Iterations in the run.
    public let total: Int
    /// Levels the weights have left.
    public let levelsLeft: Int
    /// Bootstraps done so far (one bootstrap refreshes every weight ciphertext; it runs before an iteration).
    public let bootstraps: Int
    /// Bootstraps the plan places in the whole run.
    public let totalBootstraps: Int
    /// Seconds since training started.
    public let elapsed: Double
    /// Estimated seconds to the end: the time so far scaled by the plan's modelled cost of the remaining iterations.
    public let remaining: Double
}
