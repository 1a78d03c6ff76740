import CKKS

extension EncryptedLogisticRegression {
    /// Bootstraps the weights w_t and w_(t−1) when the plan places a bootstrap right before iteration t (see
    /// ``BootstrapSchedule``); returns whether it did.
    func bootstrapIfScheduled(before t: Int, w: inout [Ciphertext], previous: inout [Ciphertext]?) throws(HEMLError)
        -> Bool
    {
        guard let schedule = plan.bootstrapping, schedule.positions.contains(t) else { return false }
        (w, previous) = try refreshWeights(w, previous)
        precondition(w[0].level == schedule.iterationLevels[t], "bootstrapped weights off the planned level")
        return true
    }

    /// w_t and w_(t−1) bootstrapped as the plan says: packed into one bootstrap (w_t at level 0 on its own), or each
    /// on its own; all at the canonical scale of their new level.
    func refreshWeights(_ w: [Ciphertext], _ previous: [Ciphertext]?) throws(HEMLError)
        -> (w: [Ciphertext], previous: [Ciphertext]?)
    {
        guard let bootstrapper, let schedule = plan.bootstrapping else { return (w, previous) }
        let all = w + (previous ?? [])
        guard schedule.packed else {
            let refreshed = try concurrentMap(all.count) { i throws(HEMLError) in
                try ckks { () throws(CKKSError) in try refresh(all[i], bootstrapper) }
            }
            return (Array(refreshed.prefix(w.count)), previous.map { _ in Array(refreshed.dropFirst(w.count)) })
        }
        // Window i holds ciphertext i of `all` (w_t's blocks first); w_t at level 0 bootstraps unpacked.
        let alone = w[0].level == 0 ? w.count : 0
        let windows = Array(alone..<all.count)
        let jobs = alone + (windows.isEmpty ? 0 : 1)
        let bootstrapped = try concurrentMap(jobs) { i throws(HEMLError) in
            try ckks { () throws(CKKSError) in
                i < alone ? try refresh(all[i], bootstrapper) : try packAndBootstrap(all, windows, bootstrapper)
            }
        }
        let unpacked = try concurrentMap(windows.count) { i throws(HEMLError) in
            try ckks { () throws(CKKSError) in try unpack(bootstrapped[alone], window: windows[i]) }
        }
        let refreshed = Array(bootstrapped.prefix(alone)) + unpacked
        return (Array(refreshed.prefix(w.count)), previous.map { _ in Array(refreshed.dropFirst(w.count)) })
    }

    /// One ciphertext bootstrapped on its own, at the canonical scale of its new level: multiplied by 1 down to
    /// level 0 landing on the output level's scale, or at level 0 multiplied by 1 after the bootstrap (one level
    /// less).
    func refresh(_ c: Ciphertext, _ bootstrapper: Bootstrapper) throws(CKKSError) -> Ciphertext {
        let output = bootstrapper.outputLevel, scales = evaluator.context.levelScales
        guard c.level > 0 else {
            return try evaluator.matchLevelAndScale(
                evaluator.bootstrap(c, bootstrapper), level: output - 1, scale: scales[output - 1])
        }
        return try evaluator.bootstrap(
            evaluator.scaledCopy(of: c, constant: 1, level: 0, scale: scales[output]), bootstrapper)
    }

    /// Σ mask_i ⊙ all[i] over `windows` (each at level ≥ 1), landing at level 0 on the output level's scale, then
    /// bootstrapped: one period of 2F slots holds every block in its window.
    func packAndBootstrap(_ all: [Ciphertext], _ windows: [Int], _ bootstrapper: Bootstrapper) throws(CKKSError)
        -> Ciphertext
    {
        let target = evaluator.context.levelScales[bootstrapper.outputLevel]
        var packed: Ciphertext?
        for i in windows {
            let c = try evaluator.dropLevels(all[i], to: 1)
            let mask = try encoder.encode(
                window(i), level: 1,
                scale: evaluator.context.landingScale(multiplying: c.scale, atLevel: 1, target: target))
            var term = try evaluator.multiply(c, mask)
            try evaluator.rescaleInPlace(&term)
            if packed == nil { packed = term } else { try evaluator.addInPlace(&packed!, term) }
        }
        return try evaluator.bootstrap(packed!, bootstrapper)
    }

    /// Window i of a bootstrapped packed ciphertext, replicated back to period B: one level, log2(2C) rotations.
    func unpack(_ packed: Ciphertext, window i: Int) throws(CKKSError) -> Ciphertext {
        let layout = plan.layout
        var c = try evaluator.multiply(
            packed, encoder.encode(window(i), multiplyingScale: packed.scale, atLevel: packed.level))
        try evaluator.rescaleInPlace(&c)
        try evaluator.innerSumInPlace(&c, batch: layout.blockWidth, count: 2 * layout.featureBlocks)
        return c
    }

    /// 1 on the slots of window i (B slots) in every period of 2F slots, 0 elsewhere.
    func window(_ i: Int) -> [Double] {
        let layout = plan.layout, period = 2 * layout.paddedWidth
        return (0..<layout.slotCount).map { ($0 % period) / layout.blockWidth == i ? 1 : 0 }
    }
}
