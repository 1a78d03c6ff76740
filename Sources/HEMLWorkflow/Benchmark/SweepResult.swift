/// One parameter set's measurements in a training sweep. Times in seconds, sizes and memory in bytes.
package struct SweepResult: Sendable, Codable, Equatable {
    /// The set as asked for.
    package var set: SweepSet
    /// CPUs the child process could run on (what `threads` became).
    package var cpus: Int
    // Parameters the planner chose.
    package var logDegree: Int
    package var logQP: Int
    package var levels: Int
    package var levelsUsed: Int
    package var scaleBits: Int
    package var specialPrimes: Int
    package var digits: Int
    package var securityBits: Int
    package var rotationKeys: Int
    package var ciphertexts: Int
    /// Bootstraps the plan places (0 on a chain that holds every iteration).
    package var bootstraps: Int
    package var sigmoidName: String
    // Compute phases of the four roles (file reading and writing excluded; they are in `roleSeconds`).
    package var keygenSeconds: Double
    package var encryptSeconds: Double
    package var trainSeconds: Double
    package var decryptSeconds: Double
    /// Whole role runs, files included: keygen, encrypt, train (server), decrypt.
    package var roleSeconds: [String: Double]
    /// Peak resident memory of each role (same keys), when the platform reports it.
    package var peakBytes: [String: Int]
    // Files the roles exchange.
    package var secretKeyBytes: Int
    package var publicBundleBytes: Int
    package var encryptedDataBytes: Int
    package var encryptedModelBytes: Int
    // The encrypted model against its twins (training rows).
    package var encryptedAUC: Double
    package var polynomialTwinAUC: Double
    package var exactTwinAUC: Double
    /// Largest |encrypted − polynomial twin| over the weights (scaled units).
    package var maxWeightDifference: Double
    /// On the Pareto front of training time against encrypted AUC among the sweep's sets.
    package var pareto: Bool
}
