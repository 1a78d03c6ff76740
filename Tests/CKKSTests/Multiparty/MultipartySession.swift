import Foundation
import HERing

@testable import CKKS

/// Every role of an n-party session run in process on the small test ring: secret shares, the collective public
/// and evaluation keys, and, for tests only, the joint secret Σ s_i that no real party ever holds.
final class MultipartySession: Sendable {
    let context: CKKSContext
    let crs: CommonReferenceString
    let parties: [MultipartyParty]
    let combiner: MultipartyCombiner
    let publicKey: PublicKey
    let keys: EvaluationKeys
    let encoder: CKKSEncoder
    let encryptor: Encryptor
    let evaluator: Evaluator
    /// Σ s_i, to check the algebra only.
    let jointDecryptor: Decryptor

    static let request = EvaluationKeyRequest(rotations: [1, 5, -3], conjugation: true)

    init(parties count: Int, context: CKKSContext) throws {
        self.context = context
        let crs = try CommonReferenceString.fresh()
        self.crs = crs
        let generator = KeyGenerator(context: context)
        let parties = try (0..<count).map { i in
            try MultipartyParty(
                context: context, crs: crs, index: i, partyCount: count, secretKey: generator.secretKey())
        }
        self.parties = parties
        let combiner = try MultipartyCombiner(context: context, crs: crs, partyCount: count)
        self.combiner = combiner
        publicKey = try combiner.publicKey(from: parties.map { try $0.publicKeyShare() })
        let round1 = try parties.map { try $0.relinearizationRound1() }
        let sum = try combiner.aggregate(round1.map(\.share))
        let round2 = try zip(parties, round1).map { party, r in
            try party.relinearizationRound2(round1: sum, ephemeral: r.ephemeral)
        }
        keys = try combiner.evaluationKeys(
            round1: [sum], round2: round2, galois: parties.flatMap { try $0.galoisShares(for: Self.request) })
        encoder = CKKSEncoder(context: context)
        encryptor = try Encryptor(context: context, publicKey: publicKey)
        evaluator = try Evaluator(context: context, evaluationKeys: keys)
        var s = parties[0].secretKey.polynomial
        for party in parties.dropFirst() { s.add(party.secretKey.polynomial) }
        jointDecryptor = try Decryptor(
            context: context, secretKey: SecretKey(polynomial: s, parametersFingerprint: context.parameters.fingerprint)
        )
    }

    func encrypt(_ values: [Double]) throws -> Ciphertext { try encryptor.encrypt(encoder.encode(values)) }

    /// Decryption with the joint secret (no flooding): the algebra of the collective keys.
    func jointDecrypt(_ ciphertext: Ciphertext) throws -> [Double] {
        try encoder.decode(jointDecryptor.decrypt(ciphertext))
    }

    /// Every party's flooded decryption share, combined.
    func collectiveDecrypt(_ ciphertext: Ciphertext, flooding: NoiseFlooding) throws -> [Double] {
        let shares = try parties.map { try $0.decryptionShare(of: ciphertext, flooding: flooding) }
        return try encoder.decode(combiner.decrypt(ciphertext, shares: shares))
    }

    static let context = Result { try CKKSContext(parameters: CKKSParameters(preset: .insecure_n4096_l6_s40)) }
    static let two = Result { try MultipartySession(parties: 2, context: context.get()) }
    static let three = Result { try MultipartySession(parties: 3, context: context.get()) }

    static func session(_ count: Int) throws -> MultipartySession {
        try (count == 2 ? two : three).get()
    }
}
