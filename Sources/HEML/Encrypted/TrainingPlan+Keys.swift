import CKKS

/// How many rotation keys training uses: the planner trades rotations for a smaller public bundle.
///
/// Training's sums double a partial sum per rotation, by batch·2^k slots for every k (see `Evaluator.innerSum`). With
/// a key for every such step the German credit bundle at N = 2^16 holds 17 keys of 26–40 MiB each. With key stride 2
/// only every other power of two has a key and the steps in between are two rotations: about half the keys for
/// about 1.5× the rotations.
extension TrainingPlan {
    /// The evaluation keys' share of a public bundle the planner aims for, 300 MiB: above it, training uses key
    /// stride 2.
    public static let keyBudgetBytes = 300 << 20

    /// The key stride of training's sums: 1 (a key for every doubling step) when relinearization and those keys fit
    /// in ``keyBudgetBytes``, else 2.
    public var rotationKeyStride: Int {
        let keys = 1 + layout.rotationSteps(keyStride: 1).union(bootstrapping?.unpackingSteps ?? []).count
        return keys * parameters.serializedKeySwitchingKeyBytes <= Self.keyBudgetBytes ? 1 : 2
    }

    /// Rotations one iteration after the first performs.
    public var rotationsPerIteration: Int { layout.rotationsPerIteration(keyStride: rotationKeyStride) }

    /// Bytes of the evaluation keys training needs (relinearization and ``rotationSteps``; the bootstrapper's own
    /// keys not included).
    public var trainingKeyBytes: Int { (1 + rotationSteps.count) * parameters.serializedKeySwitchingKeyBytes }
}
