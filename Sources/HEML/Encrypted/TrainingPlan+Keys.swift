import CKKS

/// How many rotation keys training uses: the planner trades rotations for a smaller public bundle.
///
/// Training's sums double a partial sum per rotation, by a power of two slots per rotation (see `Evaluator.innerSum`).
/// With a key for every such step the German credit bundle at N = 2^16 holds 17 keys of 26–40 MiB each. With key
/// stride s only every s-th power of two has a key (the same ones for every sum) and a step in between is up to
/// 2^(s − 1) rotations: stride 2 keeps about half the keys for about 1.5× the rotations, stride 3 a third for about
/// 2.3×. The planner takes the smallest stride whose keys fit the plan's ``keyBudget``.
extension TrainingPlan {
    /// The evaluation keys' share of a public bundle the planner aims for by default, 300 MiB.
    public static let keyBudgetBytes = 300 << 20

    /// Largest key stride the planner uses (as `Evaluator.innerSum` allows).
    public static let maximumKeyStride = 8

    /// The key stride of training's sums: the smallest (1 is a key for every doubling step) whose relinearization
    /// and rotation keys fit in ``keyBudget``; ``maximumKeyStride`` when none does.
    public var rotationKeyStride: Int {
        (1..<Self.maximumKeyStride).first { trainingKeyBytes(keyStride: $0) <= keyBudget }
            ?? Self.maximumKeyStride
    }

    /// Rotations one iteration after the first performs.
    public var rotationsPerIteration: Int { layout.rotationsPerIteration(keyStride: rotationKeyStride) }

    /// Bytes of the evaluation keys training needs (relinearization and ``rotationSteps``; the bootstrapper's own
    /// keys not included).
    public var trainingKeyBytes: Int { trainingKeyBytes(keyStride: rotationKeyStride) }

    /// Why training uses ``rotationKeyStride``, for the plan's summary: "key stride 1" when every doubling step has
    /// its key, else the size a smaller stride would need.
    public var keyStrideReason: String {
        let stride = rotationKeyStride
        guard stride > 1 else { return "key stride 1" }
        let smaller = trainingKeyBytes(keyStride: stride - 1)
        return "key stride \(stride): stride \(stride - 1) needs \(smaller >> 20) MiB of keys, over the "
            + "\(keyBudget >> 20) MiB budget"
    }

    /// Bytes of relinearization and the rotation keys of `keyStride` (unpacking's included).
    func trainingKeyBytes(keyStride: Int) -> Int {
        let steps = layout.rotationSteps(keyStride: keyStride).union(bootstrapping?.unpackingSteps ?? [])
        return (1 + steps.count) * parameters.serializedKeySwitchingKeyBytes
    }
}
