import CKKS

/// A two-party session on the smallest test ring for the `multiparty-share` target: a fixed common reference string
/// (so that key shares written into Tests/FuzzCorpus stay readable by later processes), party 0 whose shares are the
/// seeds, and party 1 whose share of the same kind every input that reads is combined with (public key, decryption).
final class MultipartyShares: Sendable {
    static let shared = try! MultipartyShares()

    let combiner: MultipartyCombiner
    /// A fresh encryption under the small ring's key, the ciphertext the decryption shares are for.
    let ciphertext: Ciphertext
    /// Party 0's shares of every kind: the static seeds (keys) and the runtime seed (decryption of ``ciphertext``).
    let keyShares: [MultipartyShare]
    let decryptionShare: MultipartyShare
    /// Party 1's share of each kind.
    let peers: [MultipartyShare.Kind: MultipartyShare]

    private init() throws {
        let ring = SmallRing.shared
        let crs = try CommonReferenceString(seed: [UInt8](repeating: 0x5A, count: 32))
        combiner = try MultipartyCombiner(context: ring.context, crs: crs, partyCount: 2)
        let generator = KeyGenerator(context: ring.context)
        let parties = try (0..<2).map { index in
            try MultipartyParty(
                context: ring.context, crs: crs, index: index, partyCount: 2, secretKey: generator.secretKey())
        }
        let round1 = try parties.map { try $0.relinearizationRound1() }
        let round1Sum = try combiner.aggregate(round1.map(\.share))
        let ciphertext = try ring.encryptor.encrypt(ring.encoder.encode([0.5, -0.25]))
        self.ciphertext = ciphertext
        let request = EvaluationKeyRequest(rotations: [1], conjugation: false)
        let shares = try parties.indices.map { p in
            [
                try parties[p].publicKeyShare(), round1[p].share,
                try parties[p].relinearizationRound2(round1: round1Sum, ephemeral: round1[p].ephemeral),
            ] + (try parties[p].galoisShares(for: request))
                + [try parties[p].decryptionShare(of: ciphertext, flooding: nil)]
        }
        keyShares = Array(shares[0].dropLast())
        decryptionShare = shares[0].last!
        peers = Dictionary(uniqueKeysWithValues: shares[1].map { ($0.kind, $0) })
    }

    /// Reads a share against the session and, when it reads, combines it with party 1's share of its kind and uses
    /// the sum (a public key, a decryption); every error is an acceptable answer.
    func read(_ bytes: [UInt8]) {
        guard let share = try? MultipartyShare(deserializing: bytes, combiner: combiner),
            let peer = peers[share.kind], let sum = try? combiner.aggregate([share, peer])
        else { return }
        switch share.kind {
        case .publicKey: _ = try? combiner.publicKey(from: [sum])
        case .decryption: _ = try? combiner.decrypt(ciphertext, shares: [sum])
        default: break
        }
    }
}
