/// Sums and replication over batches of slots, with the rotation steps they need.
///
/// The slots are seen as sub-vectors ("batches") of `batch` consecutive slots. ``Evaluator/innerSum(_:batch:count:)``
/// adds `count` consecutive batches together; ``Evaluator/replicate(_:batch:count:)`` is its mirror, which copies one
/// batch into the `count − 1` batches after it. Both double a partial sum per rotation (binary decomposition of
/// `count`), so they cost ⌊log2 count⌋ + popcount(count) − 1 rotations; generate the Galois keys for exactly
/// ``Evaluator/innerSumSteps(batch:count:)`` or ``Evaluator/replicateSteps(batch:count:)``.
extension Evaluator {
    /// slot j ← Σ_(k < count) slot (j + k·batch), indices modulo N/2, for every slot j: with the slots split into
    /// groups of `count` batches, the first batch of each group holds the group's sum (and every batch the sum of
    /// the `count` batches starting at it).
    ///
    /// - Parameters:
    ///   - a: the ciphertext whose slots are summed.
    ///   - batch: slots per sub-vector (≥ 1; a negative batch sums towards lower slots).
    ///   - count: batches summed, 1 … N/2.
    /// - Throws: ``CKKSError/invalidInput(_:)`` for a zero batch or a count outside 1 … N/2;
    ///   ``CKKSError/missingRotationKey(step:)`` when a key of ``innerSumSteps(batch:count:)`` is missing.
    public func innerSum(_ a: Ciphertext, batch: Int, count: Int) throws(CKKSError) -> Ciphertext {
        var result = a
        try innerSumInPlace(&result, batch: batch, count: count)
        return result
    }

    /// ``innerSum(_:batch:count:)`` in place: reuses a's storage and one scratch ciphertext for every rotation.
    ///
    /// - Throws: as ``innerSum(_:batch:count:)``.
    public func innerSumInPlace(_ a: inout Ciphertext, batch: Int, count: Int) throws(CKKSError) {
        guard batch != 0, (1...context.slotCount).contains(count) else {
            throw .invalidInput("inner sums need a nonzero batch and a count from 1 to \(context.slotCount)")
        }
        var rotated = a
        var sum: Ciphertext?
        for step in Self.innerSumPlan(batch: batch, count: count) {
            switch step {
            case .double(let offset):
                try rotate(a, by: offset, into: &rotated)
                try addInPlace(&a, rotated)
            case .accumulate(let offset):
                guard var partial = sum else {
                    sum = offset == 0 ? a : try rotate(a, by: offset)
                    continue
                }
                sum = nil
                try rotate(a, by: offset, into: &rotated)
                try addInPlace(&partial, rotated)
                sum = partial
            }
        }
        a = sum!
    }

    /// slot j ← Σ_(k < count) slot (j − k·batch): a batch followed by (count − 1)·batch zero slots is copied into each
    /// of those zero batches (the inverse layout of ``innerSum(_:batch:count:)``).
    ///
    /// - Throws: as ``innerSum(_:batch:count:)``, for the keys of ``replicateSteps(batch:count:)``.
    public func replicate(_ a: Ciphertext, batch: Int, count: Int) throws(CKKSError) -> Ciphertext {
        try innerSum(a, batch: -batch, count: count)
    }

    /// ``replicate(_:batch:count:)`` in place.
    ///
    /// - Throws: as ``replicate(_:batch:count:)``.
    public func replicateInPlace(_ a: inout Ciphertext, batch: Int, count: Int) throws(CKKSError) {
        try innerSumInPlace(&a, batch: -batch, count: count)
    }

    /// The rotation steps ``innerSum(_:batch:count:)`` uses: the Galois keys to generate for it, and no others.
    public static func innerSumSteps(batch: Int, count: Int) -> Set<Int> {
        Set(innerSumPlan(batch: batch, count: count).map(\.offset).filter { $0 != 0 })
    }

    /// The rotation steps ``replicate(_:batch:count:)`` uses.
    public static func replicateSteps(batch: Int, count: Int) -> Set<Int> {
        innerSumSteps(batch: -batch, count: count)
    }

    /// Rotations ``innerSum(_:batch:count:)`` and ``replicate(_:batch:count:)`` perform:
    /// ⌊log2 count⌋ + popcount(count) − 1.
    public static func innerSumRotationCount(count: Int) -> Int {
        innerSumPlan(batch: 1, count: count).filter { $0.offset != 0 }.count
    }

    /// One step of an inner sum: `double` adds the running power-of-two window to its rotation by `offset` slots;
    /// `accumulate` adds the window, rotated by `offset`, to the sum of the windows already taken.
    enum InnerSumStep {
        case double(Int)
        case accumulate(Int)

        var offset: Int {
            switch self {
            case .double(let offset), .accumulate(let offset): offset
            }
        }
    }

    /// Binary decomposition of `count`: the window doubles once per bit, and is accumulated, shifted past the
    /// batches already summed, at every set bit.
    static func innerSumPlan(batch: Int, count: Int) -> [InnerSumStep] {
        var plan: [InnerSumStep] = []
        var remaining = count, width = 1, summed = 0
        while remaining > 0 {
            if remaining & 1 == 1 {
                plan.append(.accumulate(summed * batch))
                summed += width
            }
            remaining >>= 1
            if remaining > 0 {
                plan.append(.double(width * batch))
                width *= 2
            }
        }
        return plan
    }
}
