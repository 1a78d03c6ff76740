import HEML

/// One parameter set of a training sweep: what the planner is asked for, and how many cores training may use.
///
/// Axes not swept: the scale (40 bits) and the special-prime count (chosen by the planner to minimise
/// key-switching work; both fixed in ``TrainingPlan``).
package struct SweepSet: Sendable, Codable, Equatable {
    /// A short unique name for tables and charts (e.g. `it7-kim3-t2`).
    package var name: String
    /// Nesterov iterations (≥ 1).
    package var iterations: Int
    /// Sigmoid family and odd degree.
    package var sigmoid: String
    package var degree: Int
    /// Half-width R of the sigmoid's interval (not for `kim`, fixed on [−8, 8]).
    package var interval: Double?
    /// A forced ring degree (log2 N); nil lets the planner take the smallest secure one.
    package var logDegree: Int?
    /// Forces `logDegree` without the security check: tests only.
    package var insecure: Bool
    /// Cores training may use (the set runs in a child process restricted to that many CPUs).
    package var threads: Int
    /// Plans on the 128-bit bootstrapping preset (`BootstrappingPreset.n65536_l10`), bootstrapping the weights
    /// wherever the next iteration would not fit, instead of on one chain that holds every iteration.
    package var bootstrap: Bool
    /// The server holds every key's a_j in memory (`heml train --key-memory expanded`) instead of as its seed.
    package var expandedKeys: Bool

    package init(
        name: String, iterations: Int, sigmoid: String = "kim", degree: Int = 3, interval: Double? = nil,
        logDegree: Int? = nil, insecure: Bool = false, threads: Int = 1, bootstrap: Bool = false,
        expandedKeys: Bool = false
    ) {
        self.name = name
        self.iterations = iterations
        self.sigmoid = sigmoid
        self.degree = degree
        self.interval = interval
        self.logDegree = logDegree
        self.insecure = insecure
        self.threads = threads
        self.bootstrap = bootstrap
        self.expandedKeys = expandedKeys
    }

    /// The planner request.
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for an unknown family or a degree it does not have.
    package func request() throws(HEMLError) -> PlanRequest {
        guard let family = PlanRequest.SigmoidFamily(rawValue: sigmoid) else {
            throw .invalidArgument("unknown sigmoid family \(sigmoid)")
        }
        return try PlanRequest(
            iterations: iterations, degree: degree, sigmoid: family, interval: interval,
            insecureLogDegree: insecure ? logDegree : nil, logDegree: insecure ? nil : logDegree,
            bootstrapping: bootstrap ? BootstrapConfiguration(preset: .n65536_l10) : nil)
    }
}

/// The sweeps `heml-bench train` runs.
package enum TrainingSweep {
    /// Seven 128-bit sets, a few minutes on German credit on two cores: iterations 3, 5 and 8 (the default; rings
    /// 2^15 and 2^16), the default set with the server's keys expanded in memory, sigmoid degree 5, a least-squares
    /// fit on a wider interval, and the default set on one core.
    package static func standard(cores: Int) -> [SweepSet] {
        let threads = max(1, cores)
        var sets = [
            SweepSet(name: "it3-kim3", iterations: 3, threads: threads),
            SweepSet(name: "it5-kim3", iterations: 5, threads: threads),
            SweepSet(name: "it8-kim3", iterations: 8, threads: threads),
            SweepSet(name: "it8-kim3-expanded", iterations: 8, threads: threads, expandedKeys: true),
            SweepSet(name: "it5-kim5", iterations: 5, degree: 5, threads: threads),
            SweepSet(name: "it5-ls3-R12", iterations: 5, sigmoid: "least-squares", interval: 12, threads: threads),
        ]
        if threads > 1 {
            sets.append(SweepSet(name: "it8-kim3-1core", iterations: 8, threads: 1))
        } else {
            sets.append(SweepSet(name: "it7-kim5", iterations: 7, degree: 5, threads: threads))
        }
        return sets
    }

    /// The longer sweep: the standard sets plus 6 and 7 iterations, degree 7, Chebyshev and minimax
    /// fits, a forced N = 2^17, and 16 iterations through bootstraps on the N = 2^16 bootstrapping preset (about 6.6
    /// GiB in training, bootstrapping keys included). Not 10 iterations: they fit N = 2^16 only with 4 special primes and 10 digits, so each of the 21
    /// keys holds 10 × 2 × 42 limbs of N words (about 440 MiB) and the training role passed 13 GiB resident.
    package static func full(cores: Int) -> [SweepSet] {
        let threads = max(1, cores), base = standard(cores: cores)
        return base
            + [
                SweepSet(name: "it6-kim3", iterations: 6, threads: threads),
                SweepSet(name: "it7-kim5", iterations: 7, degree: 5, threads: threads),
                SweepSet(name: "it5-kim7", iterations: 5, degree: 7, threads: threads),
                SweepSet(name: "it7-cheb3-R8", iterations: 7, sigmoid: "chebyshev", interval: 8, threads: threads),
                SweepSet(name: "it7-minimax3-R8", iterations: 7, sigmoid: "minimax", interval: 8, threads: threads),
                SweepSet(name: "it7-kim3-N17", iterations: 7, logDegree: 17, threads: threads),
                SweepSet(name: "it7-kim3", iterations: 7, threads: threads),
                SweepSet(name: "it16-kim3-boot", iterations: 16, threads: threads, bootstrap: true),
            ].filter { set in !base.contains { $0.name == set.name } }
    }
}
