import CKKS

extension EncryptedLogisticRegression {
    /// Bootstraps the weights w_t and w_(t−1) when the plan places a bootstrap right before iteration t (see
    /// ``BootstrapSchedule``); returns whether it did.
    func bootstrapIfScheduled(before t: Int, w: inout [Ciphertext], previous: inout [Ciphertext]?) throws(HEMLError)
        -> Bool
    {
        guard let bootstrapper, let schedule = plan.bootstrapping, schedule.positions.contains(t) else { return false }
        let all = w + (previous ?? [])
        let refreshed = try concurrentMap(all.count) { i throws(HEMLError) in
            try ckks { () throws(CKKSError) in try refresh(all[i], bootstrapper) }
        }
        w = Array(refreshed.prefix(w.count))
        if previous != nil { previous = Array(refreshed.dropFirst(w.count)) }
        precondition(w[0].level == schedule.iterationLevels[t], "bootstrapped weights off the planned level")
        return true
    }

    /// The weights in `c` bootstrapped, at the canonical scale of their new level: multiplied by 1 down to level 0
    /// landing on the output level's scale, or at level 0 multiplied by 1 after the bootstrap (one level less).
    func refresh(_ c: Ciphertext, _ bootstrapper: Bootstrapper) throws(CKKSError) -> Ciphertext {
        let output = bootstrapper.outputLevel, scales = evaluator.context.levelScales
        guard c.level > 0 else {
            return try evaluator.matchLevelAndScale(
                evaluator.bootstrap(c, bootstrapper), level: output - 1, scale: scales[output - 1])
        }
        return try evaluator.bootstrap(
            evaluator.scaledCopy(of: c, constant: 1, level: 0, scale: scales[output]), bootstrapper)
    }
}
