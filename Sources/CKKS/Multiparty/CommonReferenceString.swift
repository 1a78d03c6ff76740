import HERing

/// The public randomness every party of a multiparty session agrees on: a 32-byte seed from which the uniform `a`
/// polynomials of the collective keys are expanded (the common reference string of Mouchet, Troncoso-Pastoriza,
/// Bossuat and Hubaux, "Multiparty homomorphic encryption from ring-learning-with-errors", PETS 2021).
///
/// It is public, but it must not be chosen by a party or the aggregator after seeing anything: draw it once with
/// ``fresh()`` when the session is set up and hand the same seed to everyone. Each key polynomial gets its own
/// 32-byte seed, the block of 32 bytes at its ``Label`` in the ChaCha20 keystream of the CRS seed, so the collective
/// keys store their `a` as seeds like single-owner keys do.
public struct CommonReferenceString: Sendable, Hashable {
    /// The 32-byte seed.
    public let seed: [UInt8]

    /// - Throws: ``CKKSError/invalidInput(_:)`` unless `seed` has 32 bytes.
    public init(seed: [UInt8]) throws(CKKSError) {
        guard seed.count == SerializationFormat.seedSize else {
            throw .invalidInput("a common reference string has \(SerializationFormat.seedSize) bytes")
        }
        self.seed = seed
    }

    /// A fresh CRS from the system CSPRNG.
    ///
    /// - Throws: ``CKKSError/ring(_:)`` when the system random source fails.
    public static func fresh() throws(CKKSError) -> CommonReferenceString {
        try CommonReferenceString(seed: ringCall { () throws(HERingError) in try SeededRandomSource.fresh().seed })
    }

    /// XXH64 of the seed: shares carry it, so shares made under another CRS are refused.
    public var fingerprint: UInt64 { XXHash64.hash(seed) }

    /// Which key polynomial a seed is for. Labels are small consecutive integers: the public key, the digits of
    /// the relinearization key, then the digits of each Galois key by exponent k (odd, below 2N).
    enum Label: Hashable {
        case publicKey
        case relinearization(digit: Int)
        case galois(exponent: UInt64, digit: Int)

        /// Position of the label's block in the keystream, for `digits` digits per key.
        func index(digits: Int) -> Int {
            switch self {
            case .publicKey: 0
            case .relinearization(let digit): 1 + digit
            case .galois(let exponent, let digit): 1 + digits + Int(exponent / 2) * digits + digit
            }
        }
    }

    /// The seeds of `labels`, read in one pass over the keystream up to the largest label's block.
    func seeds(_ labels: [Label], digits: Int) throws(CKKSError) -> [Label: [UInt8]] {
        let indices = labels.map { $0.index(digits: digits) }
        guard let last = indices.max() else { return [:] }
        var stream = try ringCall { () throws(HERingError) in try SeededRandomSource(seed: seed) }
        let size = SerializationFormat.seedSize, wanted = Set(indices)
        var byIndex: [Int: [UInt8]] = [:]
        var block = 0
        while block <= last {
            let run = min(last + 1 - block, 4096)
            let bytes = try ringCall { () throws(HERingError) in try stream.bytes(run * size) }
            for i in block..<block + run where wanted.contains(i) {
                byIndex[i] = Array(bytes[(i - block) * size..<(i - block + 1) * size])
            }
            block += run
        }
        return Dictionary(zip(labels, indices).map { ($0, byIndex[$1]!) }, uniquingKeysWith: { first, _ in first })
    }

    /// The uniform polynomial over `ring` for `label`, and its seed.
    func polynomial(_ label: Label, ring: RingContext, digits: Int) throws(CKKSError) -> (
        RNSPolynomial<Evaluation>, [UInt8]
    ) {
        let seed = try seeds([label], digits: digits)[label]!
        return (try uniformPolynomial(ring: ring, seed: seed), seed)
    }
}
