import HERing

/// Generates keys from the system CSPRNG. Runs on the data owner's side: it needs the secret key for
/// everything but the secret key itself.
public struct KeyGenerator: Sendable {
    /// The context whose parameters are used.
    public let context: CKKSContext

    public init(context: CKKSContext) { self.context = context }

    /// A fresh secret key drawn with the parameters' secret distribution.
    ///
    /// - Throws: ``CKKSError/ring(_:)`` when the system random source fails.
    public func secretKey() throws(CKKSError) -> SecretKey {
        var random = SystemRandomSource()
        let n = context.parameters.degree
        var coefficients = try ringCall { () throws(HERingError) in
            switch context.parameters.secret {
            case .ternary: try SmallSampler.ternary(count: n, using: &random)
            case .sparseTernary(let h): try SmallSampler.sparseTernary(count: n, hammingWeight: h, using: &random)
            }
        }
        defer { coefficients.wipe() }
        let s = RNSPolynomial<Coefficient>(context: context.keyRing, signedCoefficients: coefficients).forwardNTT()
        return SecretKey(polynomial: s, parametersFingerprint: context.parameters.fingerprint)
    }

    /// The public key (−a·s + e, a) over q_0 … q_L and P.
    ///
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` for a key of other parameters; ``CKKSError/ring(_:)`` when
    ///   the system random source fails.
    public func publicKey(for secretKey: SecretKey) throws(CKKSError) -> PublicKey {
        try context.require(secretKey.parametersFingerprint, "the secret key")
        let seed = try ringCall { () throws(HERingError) in try SeededRandomSource.fresh().seed }
        let (b, a) = try encryptionOfZero(secret: secretKey.polynomial, ring: context.keyRing, seed: seed)
        return PublicKey(b: b, a: a, parametersFingerprint: context.parameters.fingerprint, seed: seed)
    }

    /// Relinearization, Galois and sparse-secret encapsulation keys as requested. The secret-equivalent
    /// temporaries (s², the permuted secrets, the ephemeral sparse secret) are wiped once their keys exist.
    ///
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` for a key of other parameters; ``CKKSError/invalidInput(_:)``
    ///   for an ephemeral secret weight outside 1 … N.
    public func evaluationKeys(for secretKey: SecretKey, request: EvaluationKeyRequest) throws(CKKSError)
        -> EvaluationKeys
    {
        try context.require(secretKey.parametersFingerprint, "the secret key")
        let s = secretKey.polynomial
        let relinearization = request.relinearization ? try relinearizationKey(s) : nil
        let elements = try uniqueGaloisElements(for: request)
        let generated = try galoisKeys(elements, s)
        let galois = Dictionary(uniqueKeysWithValues: zip(elements.map(\.exponent), generated))
        let encapsulation = try request.ephemeralSecretWeight.map { h throws(CKKSError) in
            try encapsulationKeys(secret: s, ephemeralWeight: h)
        }
        return EvaluationKeys(
            relinearization: relinearization, galois: galois, encapsulation: encapsulation,
            parametersFingerprint: context.parameters.fingerprint)
    }

    /// Bytes of the file ``writeEvaluationKeys(for:request:batch:_:)`` writes for `request`.
    package func evaluationKeysFileSize(request: EvaluationKeyRequest) throws(CKKSError) -> Int {
        try writer(for: request).writer.size
    }

    /// Generates the keys of `request` and hands their file (the bytes of ``EvaluationKeys/serialized()``) to
    /// `write` in pieces, holding at most `batch` keys in memory (generated side by side on all cores) instead of
    /// the whole set; the encapsulation keys of bootstrapping, if requested, come last. Returns the final 32-byte
    /// header, to be written over the first 32 bytes.
    ///
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` for a key of other parameters; whatever `write` throws.
    package func writeEvaluationKeys(
        for secretKey: SecretKey, request: EvaluationKeyRequest, batch: Int = 4, _ write: ([UInt8]) throws -> Void
    ) throws -> [UInt8] {
        try context.require(secretKey.parametersFingerprint, "the secret key")
        let s = secretKey.polynomial
        var (writer, elements) = try writer(for: request)
        try write(writer.start())
        if request.relinearization { try write(writer.append(relinearizationKey(s))) }
        for start in stride(from: 0, to: elements.count, by: max(batch, 1)) {
            let keys = try galoisKeys(Array(elements[start..<min(start + max(batch, 1), elements.count)]), s)
            for key in keys { try write(writer.append(key)) }
        }
        if let weight = request.ephemeralSecretWeight {
            let keys = try encapsulationKeys(secret: s, ephemeralWeight: weight)
            try write(writer.append(keys.toDense))
            try write(writer.append(keys.toSparse))
        }
        return writer.header()
    }

    /// The streaming writer for `request` and its Galois elements in file order (increasing exponent).
    private func writer(for request: EvaluationKeyRequest) throws(CKKSError) -> (
        writer: EvaluationKeysWriter, elements: [GaloisElement]
    ) {
        let elements = try uniqueGaloisElements(for: request).sorted { $0.exponent < $1.exponent }
        return (
            EvaluationKeysWriter(
                context: context, exponents: elements.map(\.exponent), relinearization: request.relinearization,
                encapsulation: request.ephemeralSecretWeight != nil),
            elements
        )
    }

    /// The key switching s² to s; s² is wiped.
    private func relinearizationKey(_ s: RNSPolynomial<Evaluation>) throws(CKKSError) -> KeySwitchingKey {
        var square = s * s
        defer { square.wipe() }
        return try switchingKey(from: square, to: s)
    }

    /// Galois keys for `elements`, generated side by side on all cores. Stored as φ⁻¹ of the key switching φ(s)
    /// to s, i.e. the key switching s to φ⁻¹(s): a rotation then permutes its two results instead of every digit.
    /// The permuted secrets are wiped.
    private func galoisKeys(_ elements: [GaloisElement], _ s: RNSPolynomial<Evaluation>) throws(CKKSError)
        -> [KeySwitchingKey]
    {
        try concurrentMap(elements.count) { i throws(CKKSError) in
            var permuted = s.applying(elements[i].inverse)
            defer { permuted.wipe() }
            return try switchingKey(from: s, to: permuted)
        }
    }

    /// The request's Galois elements without repeats.
    private func uniqueGaloisElements(for request: EvaluationKeyRequest) throws(CKKSError) -> [GaloisElement] {
        var unique: [GaloisElement] = []
        for element in try galoisElements(for: request) where !unique.contains(element) { unique.append(element) }
        return unique
    }

    /// The Galois elements a request needs (rotation steps modulo the slot count; step 0 needs none).
    func galoisElements(for request: EvaluationKeyRequest) throws(CKKSError) -> [GaloisElement] {
        let logN = context.parameters.logDegree
        var elements: [GaloisElement] = []
        for step in request.rotations.sorted() where step % context.slotCount != 0 {
            elements.append(
                try ringCall { () throws(HERingError) in try GaloisElement.rotation(by: step, logDegree: logN) })
        }
        if request.conjugation {
            elements.append(try ringCall { () throws(HERingError) in try GaloisElement.conjugation(logDegree: logN) })
        }
        return elements
    }

    /// Switching key from `source` (s') to `target` (s), both over the top ring of `switching` (default: the
    /// context's, q_0 … q_L and P).
    func switchingKey(
        from source: RNSPolynomial<Evaluation>, to target: RNSPolynomial<Evaluation>,
        over switching: HybridKeySwitching? = nil
    ) throws(CKKSError) -> KeySwitchingKey {
        let switching = switching ?? context.keySwitching
        let ring = switching.ringQP(level: switching.maxLevel)
        var bs: [RNSPolynomial<Evaluation>] = [], as_: [UniformKeyHalf] = []
        for digit in 0..<switching.digitCount {
            let a = try ringCall { () throws(HERingError) in
                try SeededUniformPolynomial.expanding(seed: SeededRandomSource.fresh().seed, in: ring)
            }
            var b = try encryptionOfZero(secret: target, a: a.1)
            var gadget = source
            gadget.multiply(byResidues: switching.gadgetResidues(digit: digit))
            b.add(gadget)
            gadget.wipe()
            bs.append(b)
            as_.append(UniformKeyHalf(seeded: a.0, residues: a.1))
        }
        return KeySwitchingKey(b: bs, a: as_)
    }

    /// (−a·s + e, a) with a expanded from `seed` and e Gaussian from the system CSPRNG; a·s is wiped after use.
    func encryptionOfZero(secret s: RNSPolynomial<Evaluation>, ring ringQ: RingContext, seed: [UInt8])
        throws(CKKSError) -> (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>)
    {
        let a = try uniformPolynomial(ring: ringQ, seed: seed)
        return (try encryptionOfZero(secret: s, a: a), a)
    }

    /// −a·s + e for a given a, with e Gaussian from the system CSPRNG; a·s is wiped after use.
    func encryptionOfZero(secret s: RNSPolynomial<Evaluation>, a: RNSPolynomial<Evaluation>) throws(CKKSError)
        -> RNSPolynomial<Evaluation>
    {
        var b = try gaussianPolynomial(ring: a.context)
        var product = a
        product.multiply(s)
        b.subtract(product)
        product.wipe()
        return b
    }
}

/// A uniform polynomial expanded from a 32-byte seed (the public `a` of keys and secret-key ciphertexts).
func uniformPolynomial(ring ringQ: RingContext, seed: [UInt8]) throws(CKKSError) -> RNSPolynomial<Evaluation> {
    try ringCall { () throws(HERingError) in try SeededUniformPolynomial.expanding(seed: seed, in: ringQ).1 }
}

/// Discrete Gaussian noise (σ = 3.2) from the system CSPRNG, NTT form; the sampled integers are wiped.
func gaussianPolynomial(ring ringQ: RingContext) throws(CKKSError) -> RNSPolynomial<Evaluation> {
    var random = SystemRandomSource()
    var e = try ringCall { () throws(HERingError) in try SmallSampler.gaussian(count: ringQ.degree, using: &random) }
    defer { e.wipe() }
    return RNSPolynomial<Coefficient>(context: ringQ, signedCoefficients: e).forwardNTT()
}

/// Uniform ternary polynomial from the system CSPRNG, NTT form (the ephemeral u of public-key encryption); the
/// sampled integers are wiped.
func ternaryPolynomial(ring ringQ: RingContext) throws(CKKSError) -> RNSPolynomial<Evaluation> {
    var random = SystemRandomSource()
    var u = try ringCall { () throws(HERingError) in try SmallSampler.ternary(count: ringQ.degree, using: &random) }
    defer { u.wipe() }
    return RNSPolynomial<Coefficient>(context: ringQ, signedCoefficients: u).forwardNTT()
}
