import CKKS
import Foundation
import HEML

/// Sums of small vectors (aggregates such as per-feature sums) under the collective key, decrypted jointly: each
/// party encrypts its vector, anyone adds the ciphertexts, every party contributes a flooded decryption share of
/// the sum, and the combined decryption is the sum and nothing else.
///
/// Vectors are encoded at the top level with a scale of 2^min(200, log2 Q_L − 80), far above the flooding, so the
/// sums decrypt to about 50 significant bits (the precision of the double-precision encoding), whatever the
/// statistical security asked for.
public struct JointAggregate: Sendable {
    /// Largest |entry| of a sum the encoding leaves room for: 2^70.
    public static let valueBound = 0x1p70

    /// The context whose parameters are used.
    public let context: CKKSContext
    /// The encoding scale.
    public let scale: Double
    let encoder: CKKSEncoder

    /// - Throws: ``WorkflowError/heml(_:)`` when the top-level modulus is below 2^150 (too small to hold a
    ///   flooded aggregate).
    public init(context: CKKSContext) throws(WorkflowError) {
        let logQ = context.parameters.ciphertextModuli.reduce(0.0) { $0 + log2(Double($1)) }
        guard logQ >= 150 else {
            throw WorkflowError.heml(.invalidArgument("joint aggregates need a top-level modulus of 2^150 or more"))
        }
        self.context = context
        scale = pow(2, min(200, (logQ - 80).rounded(.down)))
        encoder = CKKSEncoder(context: context)
    }

    /// `request` with levels reserved on the weights so that the plan's top modulus reaches 2^150 (the aggregates
    /// are encrypted at the top level of the training chain): a chain of a 50-bit q_0 and L primes of
    /// `TrainingPlan.scaleBits` bits needs L ≥ 3, more than one or two iterations use. Plans that bootstrap are
    /// left as they are (the multiparty run refuses them).
    public static func reservingLevels(_ request: PlanRequest) -> PlanRequest {
        let minimum = (150 - 50 + TrainingPlan.scaleBits - 1) / TrainingPlan.scaleBits
        let used = TrainingPlan.levelsNeeded(iterations: request.iterations, degree: request.sigmoid.degree)
        var request = request
        request.reservedLevels = max(request.reservedLevels, minimum - used)
        return request
    }

    /// A party's vector encrypted under the collective public key.
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` for more entries than slots or an entry beyond ``valueBound``.
    public func encrypt(_ vector: [Double], publicKey: PublicKey) throws(WorkflowError) -> Ciphertext {
        guard vector.count <= context.slotCount else {
            throw WorkflowError.heml(.invalidArgument("an aggregate has at most \(context.slotCount) entries"))
        }
        guard vector.allSatisfy({ $0.isFinite && abs($0) <= Self.valueBound }) else {
            throw WorkflowError.heml(.invalidArgument("aggregate entries must be finite and at most 2^70"))
        }
        return try bridged {
            try Encryptor(context: context, publicKey: publicKey).encrypt(encoder.encode(vector, scale: scale))
        }
    }

    /// The sum of the parties' ciphertexts (no key needed).
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` for no ciphertexts or ciphertexts of other levels or scales.
    public func sum(_ ciphertexts: [Ciphertext]) throws(WorkflowError) -> Ciphertext {
        guard var total = ciphertexts.first else { throw WorkflowError.heml(.invalidArgument("nothing to sum")) }
        let evaluator = try bridged { try Evaluator(context: context) }
        for ciphertext in ciphertexts.dropFirst() { total = try bridged { try evaluator.add(total, ciphertext) } }
        return total
    }

    /// The flooding every party adds to its decryption share of a sum of `parties` fresh encryptions:
    /// `statisticalSecurity` bits against a party that sees `decryptions` such sums.
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` for arguments out of range.
    public func flooding(parties: Int, decryptions: Int, statisticalSecurity: Int) throws(WorkflowError)
        -> NoiseFlooding
    {
        let fresh = NoiseEstimate.freshEncryption(context: context, publicKey: true)
        let noise = (1..<max(parties, 1)).reduce(fresh) { sum, _ in sum.adding(fresh) }
        return try bridged {
            try NoiseFlooding(
                noise: noise, statisticalSecurity: statisticalSecurity, decryptions: decryptions,
                messageBound: Self.valueBound)
        }
    }

    /// A bound on the absolute error of every entry of a decrypted sum whose entries are `decoded`: 2^−40 of the
    /// largest |entry| (the double-precision encoding keeps about 50 bits of the largest entry of a vector, the
    /// flooding far fewer bits' worth below the scale).
    public static func errorBound(of decoded: [Double]) -> Double {
        0x1p-40 * decoded.reduce(0) { max($0, abs($1)) }
    }

    /// The first `count` entries of a jointly decrypted sum.
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` when the plaintext is of other parameters.
    public func decode(_ plaintext: Plaintext, count: Int) throws(WorkflowError) -> [Double] {
        Array(try bridged { try encoder.decode(plaintext) }.prefix(count))
    }
}
