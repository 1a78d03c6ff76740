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
        let crs = try CommonReferenceString.fresh()
        let combiner = try MultipartyCombiner(context: context, crs: crs, partyCount: count)
        self.crs = crs
        self.combiner = combiner
        var partySeconds = [Double](repeating: 0, count: count), aggregatorSeconds = 0.0
        let generator = KeyGenerator(context: context)
        let parties = try (0..<count).map { i in
            try timed(&partySeconds[i]) {
                try MultipartyParty(
                    context: context, crs: crs, index: i, partyCount: count, secretKey: generator.secretKey())
            }
        }
        // The aggregator folds each party's shares into running sums, so at most one party's shares and the sums
        // are held at once.
        var publicKeySum: MultipartyShare?, round1Sum: MultipartyShare?, ephemerals: [SecretKey] = []
        var galoisSums: [MultipartyShare] = []
        for (i, party) in parties.enumerated() {
            let (publicShare, round1, galois) = try timed(&partySeconds[i]) {
                let (share, ephemeral) = try party.relinearizationRound1()
                ephemerals.append(ephemeral)
                return (try party.publicKeyShare(), share, try party.galoisShares(for: request))
            }
            try timed(&aggregatorSeconds) {
                publicKeySum = try combiner.aggregate([publicShare] + (publicKeySum.map { [$0] } ?? []))
                round1Sum = try combiner.aggregate([round1] + (round1Sum.map { [$0] } ?? []))
                galoisSums =
                    try galoisSums.isEmpty ? galois : zip(galoisSums, galois).map { try combiner.aggregate([$0, $1]) }
            }
        }
        guard let publicKeySum, let round1Sum else { preconditionFailure("a session has parties") }
        var round2Sum: MultipartyShare?
        for (i, party) in parties.enumerated() {
            let share = try timed(&partySeconds[i]) {
                try party.relinearizationRound2(round1: round1Sum, ephemeral: ephemerals[i])
            }
            round2Sum = try timed(&aggregatorSeconds) {
                try combiner.aggregate([share] + (round2Sum.map { [$0] } ?? []))
            }
        }
        let round2 = round2Sum.map { [$0] } ?? []
        (publicKey, evaluationKeys) = try timed(&aggregatorSeconds) {
            (
                try combiner.publicKey(from: [publicKeySum]),
                try combiner.evaluationKeys(round1: [round1Sum], round2: round2, galois: galoisSums)
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
