import CKKS
import Dispatch
import HEML

/// The collective keys of a session, run in one process for the demo and the tests: each party draws its secret
/// share and its key shares, the aggregator combines them into the public key and the evaluation keys the server
/// uses. Records each party's and the aggregator's time.
struct MultipartyKeys {
    let context: CKKSContext
    let crs: CommonReferenceString
    let parties: [MultipartyParty]
    let combiner: MultipartyCombiner
    let publicKey: PublicKey
    let evaluationKeys: EvaluationKeys
    /// Seconds each party spent on its key shares (both relinearization rounds included).
    let partySeconds: [Double]
    /// Seconds the aggregator spent combining.
    let aggregatorSeconds: Double

    init(context: CKKSContext, request: EvaluationKeyRequest, parties count: Int) throws {
        self.context = context
        crs = try CommonReferenceString.fresh()
        combiner = try MultipartyCombiner(context: context, crs: crs, partyCount: count)
        var partySeconds = [Double](repeating: 0, count: count), aggregatorSeconds = 0.0
        let generator = KeyGenerator(context: context)
        let crs = crs
        let parties = try (0..<count).map { i in
            try timed(&partySeconds[i]) {
                try MultipartyParty(
                    context: context, crs: crs, index: i, partyCount: count, secretKey: generator.secretKey())
            }
        }
        var publicShares: [MultipartyShare] = [], round1: [MultipartyShare] = [], ephemerals: [SecretKey] = []
        var galois: [MultipartyShare] = []
        for (i, party) in parties.enumerated() {
            try timed(&partySeconds[i]) {
                publicShares.append(try party.publicKeyShare())
                let (share, ephemeral) = try party.relinearizationRound1()
                round1.append(share)
                ephemerals.append(ephemeral)
                galois += try party.galoisShares(for: request)
            }
        }
        let combiner = combiner
        let sum = try timed(&aggregatorSeconds) { try combiner.aggregate(round1) }
        var round2: [MultipartyShare] = []
        for (i, party) in parties.enumerated() {
            try timed(&partySeconds[i]) {
                round2.append(try party.relinearizationRound2(round1: sum, ephemeral: ephemerals[i]))
            }
        }
        (publicKey, evaluationKeys) = try timed(&aggregatorSeconds) {
            (
                try combiner.publicKey(from: publicShares),
                try combiner.evaluationKeys(round1: [sum], round2: round2, galois: galois)
            )
        }
        self.parties = parties
        self.partySeconds = partySeconds
        self.aggregatorSeconds = aggregatorSeconds
    }
}

/// Runs `body`, adding its wall-clock seconds to `seconds`.
func timed<T>(_ seconds: inout Double, _ body: () throws -> T) rethrows -> T {
    let start = DispatchTime.now().uptimeNanoseconds
    defer { seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    return try body()
}
