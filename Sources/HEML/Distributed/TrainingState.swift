import CKKS

/// Where an encrypted training run stands after an iteration: what a checkpoint holds and a resumed run starts
/// from.
public struct TrainingState: Sendable, Equatable {
    /// Iterations done, 1 … the plan's iterations.
    public let iteration: Int
    /// w_t: one ciphertext per feature block.
    public let weights: [Ciphertext]
    /// w_(t−1), which Nesterov's momentum needs; nil after the first iteration (w_0 = 0).
    public let previous: [Ciphertext]?
    /// Bootstraps done so far.
    public let bootstraps: Int

    /// - Throws: ``HEMLError/invalidArgument(_:)`` unless `iteration ≥ 1`, `bootstraps ≥ 0`, there are weights and
    ///   `previous` (given exactly when `iteration ≥ 2`) has as many ciphertexts as `weights`.
    public init(iteration: Int, weights: [Ciphertext], previous: [Ciphertext]?, bootstraps: Int) throws(HEMLError) {
        guard iteration >= 1, bootstraps >= 0, !weights.isEmpty,
            (previous == nil) == (iteration == 1), previous.map({ $0.count == weights.count }) ?? true
        else {
            throw .invalidArgument(
                "a training state needs iteration ≥ 1, weights, and w_(t−1) of as many blocks from iteration 2 on")
        }
        self.iteration = iteration
        self.weights = weights
        self.previous = previous
        self.bootstraps = bootstraps
    }
}
