/// Sums and replication over batches of slots, with the rotation steps they need.
///
/// The slots are seen as sub-vectors ("batches") of `batch` consecutive slots. ``Evaluator/innerSum(_:batch:count:keyStride:)``
/// adds `count` consecutive batches together; ``Evaluator/replicate(_:batch:count:keyStride:)`` is its mirror, which
/// copies one batch into the `count − 1` batches after it (a shift by −(count − 1)·batch, then the same inner sum, so
/// the two share their keys). The inner sum doubles a partial sum per rotation (binary decomposition of `count`), so
/// it costs ⌊log2 count⌋ + popcount(count) − 1 rotations with a key for every step.
///
/// Fewer keys, more rotations: with a key stride s > 1 only every s-th power of two gets a key. For a batch ±2^b the
/// keyed steps are ±2^e with e a multiple of s, counted from slot 1, so that sums over different power-of-two
/// batches share their keys: a step ±2^e in between is 2^(e mod s) rotations by ±2^(e − e mod s). For any other
/// batch the keyed steps are batch·2^k with k a multiple of s. Stride 2 halves the keys of a power-of-two sum for
/// half again as many rotations, stride 3 keeps a third for about 2.3 times the rotations. Generate the Galois keys
/// for exactly ``Evaluator/innerSumSteps(batch:count:keyStride:)`` or
/// ``Evaluator/replicateSteps(batch:count:keyStride:)``.
extension Evaluator {
    /// slot j ← Σ_(k < count) slot (j + k·batch), indices modulo N/2, for every slot j: with the slots split into
    /// groups of `count` batches, the first batch of each group holds the group's sum (and every batch the sum of
    /// the `count` batches starting at it).
    ///
    /// - Parameters:
    ///   - a: the ciphertext whose slots are summed.
    ///   - batch: slots per sub-vector (≥ 1; a negative batch sums towards lower slots).
    ///   - count: batches summed, 1 … N/2.
    ///   - keyStride: 1 … 8; keys exist for every keyStride-th power of two (see above).
    /// - Throws: ``CKKSError/invalidInput(_:)`` for a zero batch, a count outside 1 … N/2 or a stride outside 1 … 8;
    ///   ``CKKSError/missingRotationKey(step:)`` when a key of ``innerSumSteps(batch:count:keyStride:)`` is missing.
    public func innerSum(_ a: Ciphertext, batch: Int, count: Int, keyStride: Int = 1) throws(CKKSError) -> Ciphertext {
        var result = a
        try innerSumInPlace(&result, batch: batch, count: count, keyStride: keyStride)
        return result
    }

    /// ``innerSum(_:batch:count:keyStride:)`` in place: reuses a's storage and one scratch ciphertext for every
    /// rotation.
    ///
    /// - Throws: as ``innerSum(_:batch:count:keyStride:)``.
    public func innerSumInPlace(_ a: inout Ciphertext, batch: Int, count: Int, keyStride: Int = 1) throws(CKKSError) {
        guard batch != 0, (1...context.slotCount).contains(count), (1...8).contains(keyStride) else {
            throw .invalidInput(
                "inner sums need a nonzero batch, a count from 1 to \(context.slotCount) and a key stride of 1 … 8")
        }
        var rotated = a
        var sum: Ciphertext?
        for step in Self.innerSumPlan(batch: batch, count: count, keyStride: keyStride) {
            switch step {
            case .double(let path):
                try rotate(a, along: path, into: &rotated)
                try addInPlace(&a, rotated)
            case .accumulate(let path):
                guard var partial = sum else {
                    if path.isEmpty {
                        sum = a
                    } else {
                        try rotate(a, along: path, into: &rotated)
                        sum = rotated
                    }
                    continue
                }
                sum = nil
                try rotate(a, along: path, into: &rotated)
                try addInPlace(&partial, rotated)
                sum = partial
            }
        }
        a = sum!
    }

    /// slot j ← Σ_(k < count) slot (j − k·batch): a batch followed by (count − 1)·batch zero slots is copied into each
    /// of those zero batches (the inverse layout of ``innerSum(_:batch:count:keyStride:)``). Computed as a rotation
    /// by −(count − 1)·batch followed by that inner sum.
    ///
    /// - Throws: as ``innerSum(_:batch:count:keyStride:)``, for the keys of ``replicateSteps(batch:count:keyStride:)``.
    public func replicate(_ a: Ciphertext, batch: Int, count: Int, keyStride: Int = 1) throws(CKKSError) -> Ciphertext {
        var result = a
        try replicateInPlace(&result, batch: batch, count: count, keyStride: keyStride)
        return result
    }

    /// ``replicate(_:batch:count:keyStride:)`` in place.
    ///
    /// - Throws: as ``replicate(_:batch:count:keyStride:)``.
    public func replicateInPlace(_ a: inout Ciphertext, batch: Int, count: Int, keyStride: Int = 1) throws(CKKSError) {
        guard batch != 0, (1...context.slotCount).contains(count) else {
            throw .invalidInput("replication needs a nonzero batch and a count from 1 to \(context.slotCount)")
        }
        try rotateInPlace(&a, by: -(count - 1) * batch)
        try innerSumInPlace(&a, batch: batch, count: count, keyStride: keyStride)
    }

    /// The rotation steps ``innerSum(_:batch:count:keyStride:)`` uses: the Galois keys to generate for it, and no
    /// others.
    public static func innerSumSteps(batch: Int, count: Int, keyStride: Int = 1) -> Set<Int> {
        Set(innerSumPlan(batch: batch, count: count, keyStride: keyStride).flatMap(\.path))
    }

    /// The rotation steps ``replicate(_:batch:count:keyStride:)`` uses: the inner sum's and −(count − 1)·batch.
    public static func replicateSteps(batch: Int, count: Int, keyStride: Int = 1) -> Set<Int> {
        innerSumSteps(batch: batch, count: count, keyStride: keyStride).union(count > 1 ? [-(count - 1) * batch] : [])
    }

    /// Rotations ``innerSum(_:batch:count:keyStride:)`` performs: ⌊log2 count⌋ + popcount(count) − 1 with key
    /// stride 1. ``replicate(_:batch:count:keyStride:)`` performs one more (for count > 1).
    public static func innerSumRotationCount(batch: Int = 1, count: Int, keyStride: Int = 1) -> Int {
        innerSumPlan(batch: batch, count: count, keyStride: keyStride).reduce(0) { $0 + $1.path.count }
    }

    /// One step of an inner sum: `double` adds the running power-of-two window to its rotation along `path` (the
    /// keyed steps whose sum is the offset); `accumulate` adds the window, rotated along `path`, to the sum of the
    /// windows already taken.
    enum InnerSumStep {
        case double([Int])
        case accumulate([Int])

        var path: [Int] {
            switch self {
            case .double(let path), .accumulate(let path): path
            }
        }
    }

    /// Binary decomposition of `count`: the window doubles once per bit, and is accumulated, shifted past the
    /// batches already summed, at every set bit.
    static func innerSumPlan(batch: Int, count: Int, keyStride: Int) -> [InnerSumStep] {
        var plan: [InnerSumStep] = []
        var remaining = count, width = 1, summed = 0
        while remaining > 0 {
            if remaining & 1 == 1 {
                plan.append(.accumulate(keyedPath(units: summed, batch: batch, keyStride: keyStride)))
                summed += width
            }
            remaining >>= 1
            if remaining > 0 {
                plan.append(.double(keyedPath(units: width, batch: batch, keyStride: keyStride)))
                width *= 2
            }
        }
        return plan
    }

    /// Keyed steps adding up to a shift by `units` batches: the shift itself with stride 1 (none for 0); else, for
    /// every set bit 2^k of `units`, the power of two e = k + b of the shift (batch ±2^b; b = 0 and the batch as the
    /// unit for any other batch) as 2^(e mod s) steps of unit·2^(e − e mod s).
    static func keyedPath(units: Int, batch: Int, keyStride: Int) -> [Int] {
        guard units > 0 else { return [] }
        guard keyStride > 1 else { return [units * batch] }
        let powerOfTwo = batch.magnitude.nonzeroBitCount == 1
        let offset = powerOfTwo ? batch.magnitude.trailingZeroBitCount : 0
        let unit = powerOfTwo ? batch.signum() : batch
        var path: [Int] = []
        for k in 0..<(Int.bitWidth - units.leadingZeroBitCount) where units >> k & 1 == 1 {
            let e = k + offset, keyed = e - e % keyStride
            path += repeatElement((1 << keyed) * unit, count: 1 << (e - keyed))
        }
        return path
    }

    /// Writes a rotated along `path` (each step with its own key) into `result` (a and result different
    /// variables).
    func rotate(_ a: Ciphertext, along path: [Int], into result: inout Ciphertext) throws(CKKSError) {
        try rotate(a, by: path[0], into: &result)
        for step in path.dropFirst() { try rotateInPlace(&result, by: step) }
    }
}
