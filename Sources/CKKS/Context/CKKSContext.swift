import HERing

/// Everything precomputed for one parameter set: NTT tables for every prime, the ring of each level, the
/// key-switching plans, the canonical embedding and CRT tables for decoding.
///
/// Create one per parameter set and share it: it is immutable and safe to use from several threads.
public final class CKKSContext: Sendable {
    /// The parameters this context was built for.
    public let parameters: CKKSParameters
    /// Hybrid key switching over the chain and the special primes.
    package let keySwitching: HybridKeySwitching
    /// Key switching over q_0 and one 61-bit prime p' outside the chain and P (the largest such NTT prime, so
    /// every context of these parameters picks the same): the sparse-secret encapsulation of bootstrapping
    /// switches a level-0 ciphertext to an ephemeral sparse secret with a key this small (see
    /// ``EvaluationKeyRequest/ephemeralSecretWeight``).
    package let encapsulationSwitching: HybridKeySwitching
    /// The canonical embedding (FFTW).
    package let embedding: CanonicalEmbedding
    /// Scale of a ciphertext at each level when every multiplication is followed by a rescale:
    /// s_L = scale and s_(ℓ−1) = s_ℓ² / q_ℓ. Encoding at a level uses this scale by default.
    public let levelScales: [Double]
    let composers: [CRTComposer]

    /// - Parameters:
    ///   - parameters: validated parameters (a preset, or built and checked by ``CKKSParameters``).
    ///   - path: kernel path for all arithmetic (default: the fastest this CPU has).
    ///   - threads: cores one key switch (relinearization, rotation, conjugation) may use, 1…64. The default 1
    ///     runs every operation on its caller's thread, which suits callers that already run independent
    ///     operations side by side; 2 or more lowers the latency of one operation at large N. Results are
    ///     identical for every value.
    /// - Throws: ``CKKSError/ring(_:)`` when tables cannot be built, the path is unavailable or `threads` is
    ///   outside 1…64.
    public init(parameters: CKKSParameters, path: KernelPath = .default, threads: Int = 1) throws(CKKSError) {
        self.parameters = parameters
        let logN = parameters.logDegree
        let chain = try ringCall { () throws(HERingError) in
            try RingContext(logDegree: logN, moduli: parameters.ciphertextModuli, path: path)
        }
        let special = try ringCall { () throws(HERingError) in
            try RingContext(logDegree: logN, moduli: parameters.specialModuli, path: path)
        }
        keySwitching = try ringCall { () throws(HERingError) in
            try HybridKeySwitching(
                chain: chain, special: special, primesPerDigit: parameters.primesPerDigit, threads: threads)
        }
        encapsulationSwitching = try ringCall { () throws(HERingError) in
            let prime = try Modulus.nttPrimes(
                bits: 61, logDegree: logN, count: 1, excluding: parameters.ciphertextModuli + parameters.specialModuli)
            return try HybridKeySwitching(
                chain: chain.prefix(1), special: RingContext(logDegree: logN, moduli: prime, path: path),
                primesPerDigit: 1)
        }
        embedding = try ringCall { () throws(HERingError) in try CanonicalEmbedding(logDegree: logN) }
        var scales = [parameters.scale]
        for level in stride(from: parameters.maxLevel, to: 0, by: -1) {
            scales.append(scales.last! * scales.last! / Double(parameters.ciphertextModuli[level]))
        }
        levelScales = scales.reversed()
        var composers: [CRTComposer] = []
        for level in 0...parameters.maxLevel {
            composers.append(
                try ringCall { () throws(HERingError) in try CRTComposer(context: chain.prefix(level + 1)) })
        }
        self.composers = composers
    }

    /// Cores one key switch may use (see ``init(parameters:path:threads:)``).
    public var threads: Int { keySwitching.threads }

    /// Highest level L.
    public var maxLevel: Int { parameters.maxLevel }
    /// Number of complex slots, N/2.
    public var slotCount: Int { parameters.slotCount }
    /// Scale of a fresh top-level encoding.
    public var defaultScale: Double { parameters.scale }

    /// The ring over q_0 … q_ℓ.
    package func ring(level: Int) -> RingContext { keySwitching.ringQ(level: level) }

    /// The ring over q_0 … q_L followed by the special primes.
    package var keyRing: RingContext { keySwitching.ringQP(level: maxLevel) }

    /// The prime q_ℓ removed by rescaling at level ℓ.
    public func modulus(level: Int) -> UInt64 { parameters.ciphertextModuli[level] }

    /// Throws unless the object was made under these parameters.
    func require(_ fingerprint: UInt64, _ what: String) throws(CKKSError) {
        guard fingerprint == parameters.fingerprint else {
            throw .parameterMismatch("\(what) was made under other parameters than this context")
        }
    }

    /// Throws unless `level` is a level of this chain.
    func require(level: Int) throws(CKKSError) {
        guard (0...maxLevel).contains(level) else { throw .invalidInput("level \(level) outside 0…\(maxLevel)") }
    }
}
