/// One parameter set's measurements in a training sweep. Times in seconds, sizes and memory in bytes.
public struct SweepResult: Sendable, Codable, Equatable {
    /// The set as asked for.
    public var set: SweepSet
    /// CPUs the child process could run on (what `threads` became).
    public var cpus: Int
    // Parameters the planner chose.
    public var logDegree: Int
    public var logQP: Int
    public var levels: Int
    public var levelsUsed: Int
    public var scaleBits: Int
    public var specialPrimes: Int
    public var digits: Int
    public var securityBits: Int
    public var rotationKeys: Int
    public var ciphertexts: Int
    public var sigmoidName: String
    // Compute phases of the four roles (file reading and writing excluded; they are in `roleSeconds`).
    public var keygenSeconds: Double
    public var encryptSeconds: Double
    public var trainSeconds: Double
    public var decryptSeconds: Double
    /// Whole role runs, files included: keygen, encrypt, train (server), decrypt.
    public var roleSeconds: [String: Double]
    /// Peak resident memory of each role (same keys), when the platform reports it.
    public var peakBytes: [String: Int]
    // Files the roles exchange.
    public var secretKeyBytes: Int
    public var publicBundleBytes: Int
    public var encryptedDataBytes: Int
    public var encryptedModelBytes: Int
    // The encrypted model against its twins (training rows).
    public var encryptedAUC: Double
    public var polynomialTwinAUC: Double
    public var exactTwinAUC: Double
    /// Largest |encrypted − polynomial twin| over the weights (scaled units).
    public var maxWeightDifference: Double
    /// On the Pareto front of training time against encrypted AUC among the sweep's sets.
    public var pareto: Bool
}
