import CKKS
import Foundation
import HEML

/// The one-process multiparty run for a first look and for tests: the rows of one CSV are split by rows into
/// `parties` banks (consecutive, nearly equal ranges), and every role runs in turn — each bank's key shares, the
/// aggregator's collective keys, the joint scaling from encrypted aggregates, each bank's encrypted rows, the
/// server's training (unchanged), each bank's decryption shares of the model and their combination.
public enum MultipartyAllInOne {
    /// What ``train(csv:parties:test:modelOut:read:clip:preconditioned:plan:privacy:colluders:statisticalSecurity:releaseFlooding:observer:)``
    /// did.
    public struct Report: Sendable {
        /// The union's rows as read, and the joint scaling.
        public let raw: Dataset
        /// The joint scaling (z-score clipped, preconditioned unless asked not to), computed from encrypted
        /// aggregates.
        public let scaling: FeatureScaling
        /// The plan the run followed.
        public let plan: TrainingPlan
        /// The jointly released model against its plaintext twins on the union (and the test rows).
        public let comparison: ModelComparison
        /// The model file (written to `modelOut` when given).
        public let model: ModelFile
        /// Rows per bank.
        public let partyRows: [Int]
        /// Per bank, (phase, seconds): keys, scaling, encrypt, (noise,) release.
        public let partyTimings: [[(String, Double)]]
        /// The aggregator's (phase, seconds): keys, scaling, merge, (noise,) release.
        public let aggregatorTimings: [(String, Double)]
        /// The server's training seconds.
        public let serverSeconds: Double
        /// Bits of precision the released weights keep after every bank's flooding
        /// (``EncryptedModel/precisionBits(after:)`` less ½·log2 of the banks); nil without flooding.
        public let releasePrecisionBits: Double?
        /// The differential-privacy calibration (σ_t of the noise the banks' shares sum to, divided by
        /// ``NoiseSharing/totalFactor``) and how the banks shared it; nil without `privacy`.
        public let privacy: (calibration: DPCalibration, sharing: NoiseSharing)?
        /// The sum of the banks' noise shares (the plaintext twins' noise), nil without `privacy`; in a real
        /// run no one holds it.
        let totalNoise: GradientNoise?
        /// The encrypted model as the server returned it.
        public let encryptedModel: EncryptedModel
        /// The session's keys (for tests: every bank's secret share).
        let keys: MultipartyKeys
        /// (phase, seconds) of the whole run: read, keys, scaling, encrypt, (noise,) train, release, twins, total.
        public let timings: [(String, Double)]
    }

    /// Splits `csv` into `parties` banks and runs every role of a multiparty training.
    ///
    /// - Parameters:
    ///   - csv: the union's training rows.
    ///   - parties: banks, 2 … ``MultipartyCombiner/maximumParties`` (each must get at least one row).
    ///   - testURL: a labelled CSV scored with the joint scaling, or nil.
    ///   - modelOut: where to write the model (JSON), or nil.
    ///   - read: how the CSV files are read.
    ///   - clip: the z-score clip c (the single owner's default scaling is c = 4).
    ///   - preconditioned: run the joint scaling's second round (the diagonal preconditioner, the default); `privacy`
    ///     needs false.
    ///   - request: the plan's options; plans that bootstrap are refused (no multiparty bootstrapping keys).
    ///   - privacy: train with DP-GD under this budget: each bank draws its noise share from the system CSPRNG and
    ///     encrypts it (``PartyNoise``), the server adds their sum to every iteration, and the twins get the sum.
    ///   - colluders: the t of ``NoiseSharing`` (nil: parties − 1, the budget holds against any coalition short of
    ///     all banks).
    ///   - statisticalSecurity: bits of the flooded decryption shares of the aggregates (and of the model, with
    ///     `releaseFlooding`).
    ///   - releaseFlooding: whether the banks flood their shares of the model (``EncryptedModel/flooding(context:statisticalSecurity:publications:)``,
    ///     the single owner's `--flood`); without it every bank sees the weights' exact decryption.
    ///   - observer: receives the steps as they run.
    /// - Throws: ``WorkflowError`` for unreadable files, a plan that does not fit, or CKKS failures.
    public static func train(
        csv: URL, parties: Int, test testURL: URL? = nil, modelOut: URL? = nil, read: CSVReadOptions,
        clip: Double = 4, preconditioned: Bool = true, plan request: PlanRequest, privacy: DPRelease? = nil,
        colluders: Int? = nil, statisticalSecurity: Int = NoiseFlooding.defaultStatisticalSecurity,
        releaseFlooding: Bool = false,
        observer: any WorkflowObserver = SilentObserver()
    ) throws(WorkflowError) -> Report {
        do {
            if let modelOut { try OutputPath.check(modelOut, option: "--model-out") }
            var phases = Phases(observer)
            let raw = try phases.run(
                "read", "reading \(csv.lastPathComponent)", { try CSVReader.read(csv, options: read) },
                done: { "\($0.rowCount) rows × \($0.featureCount) features, split into \(parties) banks" })
            guard (2...MultipartyCombiner.maximumParties).contains(parties), raw.rowCount >= parties else {
                throw WorkflowError.heml(
                    .invalidArgument("2 … \(MultipartyCombiner.maximumParties) banks of at least one row each"))
            }
            let bounds = (0...parties).map { $0 * raw.rowCount / parties }
            let banks = try (0..<parties).map { p in try raw.selecting(rows: Array(bounds[p]..<bounds[p + 1])) }
            let plan = try JointAggregate.reservingLevels(request)
                .plan(rows: raw.rowCount, features: raw.featureCount, observer: observer)
            guard plan.bootstrapping == nil else {
                throw WorkflowError.heml(
                    .invalidArgument("multiparty training does not bootstrap; plan fewer iterations"))
            }
            var party = [[(String, Double)]](repeating: [], count: parties), aggregator: [(String, Double)] = []
            let keys = try phases.run(
                "keys", "collective keys from \(parties) banks",
                {
                    let context = try CKKSContext.forTraining(plan.parameters)
                    return try MultipartyKeys(
                        context: context, request: plan.keyRequest(context: context), parties: parties)
                }, done: { _ in "collective public and evaluation keys combined" })
            for p in 0..<parties { party[p].append(("keys", keys.partySeconds[p])) }
            aggregator.append(("keys", keys.aggregatorSeconds))
            var session = Session(keys: keys, security: statisticalSecurity, party: party, aggregator: aggregator)
            let scaling = try phases.run(
                "scaling", "joint scaling from encrypted aggregates",
                { try session.jointScaling(banks, clip: clip, preconditioned: preconditioned) },
                done: { _ in "joint scaling decrypted from sums" })
            let encrypted = try phases.run(
                "encrypt", "each bank encrypts its rows",
                { try session.encrypt(banks, bounds: bounds, scaling: scaling, plan: plan) },
                done: { "\($0.blocks.count) ciphertext(s) merged" })
            let dp = try privacy.map { budget throws in
                (
                    calibration: try PartyNoise.calibration(budget, plan: plan, scaling: scaling),
                    sharing: try NoiseSharing(parties: parties, colluders: colluders ?? parties - 1)
                )
            }
            if let dp {
                observer.finish(dp.calibration.summary + "\n" + dp.sharing.summary(dp.calibration.budget), seconds: nil)
            }
            let noise = try dp.map { dp throws in
                try phases.run(
                    "noise", "each bank encrypts its share of the gradient noise",
                    { try session.noise(dp.calibration, sharing: dp.sharing, plan: plan) },
                    done: { _ in "\(parties) noise shares added" })
            }
            let model = try phases.train(
                encrypted, plan: plan, context: keys.context, evaluationKeys: keys.evaluationKeys, releasingKeys: false,
                noise: noise?.encrypted, step: "training on ciphertexts (server)")
            let serverSeconds = phases.timings.last!.1
            let (coefficients, precision) = try phases.run(
                "release", "each bank's decryption shares of the model",
                { try session.release(model, flooded: releaseFlooding) },
                done: { "released \($0.0.count) weights" + ($0.1.map { " (flooded: \(Int($0)) bits left)" } ?? "") })
            let scaled = try scaling.apply(to: raw)
            let test = try testURL.map { url throws in
                try OwnerData.evaluationData(url, options: read, raw: raw, scaling: scaling)
            }
            let comparison = try phases.run(
                "twins", "training the plaintext twins",
                {
                    try ModelComparison(
                        encrypted: coefficients, plan: plan, scaled: scaled, test: test, gradientNoise: noise?.total)
                },
                done: { _ in "plaintext twins trained and all models scored" })
            let file = try ModelAssembly.model(
                unfoldedCoefficients: scaling.unfolding(coefficients), plan: plan, features: raw.featureNames,
                label: raw.labelName, labelMapping: raw.labelMapping, scaling: scaling, rows: raw.rowCount,
                source: raw.source)
            if let modelOut {
                try file.write(to: modelOut)
                observer.finish("model written to \(modelOut.path)", seconds: nil)
            }
            return Report(
                raw: raw, scaling: scaling, plan: plan, comparison: comparison, model: file,
                partyRows: banks.map(\.rowCount), partyTimings: session.party, aggregatorTimings: session.aggregator,
                serverSeconds: serverSeconds, releasePrecisionBits: precision, privacy: dp,
                totalNoise: noise?.total, encryptedModel: model, keys: keys,
                timings: phases.finishTotal())
        } catch {
            throw WorkflowError(error)
        }
    }

    /// The parties and the aggregator of one run, and the time each spends per phase.
    struct Session {
        let keys: MultipartyKeys
        let security: Int
        var party: [[(String, Double)]]
        var aggregator: [(String, Double)]

        /// Round 1 (statistics) and round 2 (Gram matrices) of ``JointScaling``, each encrypted by every bank,
        /// summed by the aggregator and decrypted from every bank's flooded share.
        mutating func jointScaling(_ banks: [Dataset], clip: Double, preconditioned: Bool) throws -> FeatureScaling {
            let statistics = try aggregate(
                banks.map { bank in { JointScaling.statistics(bank) } }, phase: "scaling")
            let scaling = try JointScaling.scaling(
                opened: statistics, featureCount: banks[0].featureCount, clip: clip)
            guard preconditioned else { return scaling }
            let gram = try aggregate(
                banks.map { bank in { try JointScaling.gram(bank, scaling: scaling) } }, phase: "scaling")
            return try JointScaling.preconditioned(scaling, opened: gram, statistics: statistics)
        }

        /// Each bank's vector encrypted, summed, and jointly decrypted.
        private mutating func aggregate(_ vectors: [() throws -> [Double]], phase: String) throws -> [Double] {
            let joint = try JointAggregate(context: keys.context)
            var ciphertexts: [Ciphertext] = []
            for (p, vector) in vectors.enumerated() {
                ciphertexts.append(
                    try record(&party[p], phase) { try joint.encrypt(vector(), publicKey: keys.publicKey) })
            }
            let sum = try record(&aggregator, phase) { try joint.sum(ciphertexts) }
            let flooding = try joint.flooding(
                parties: keys.parties.count, decryptions: JointScaling.rounds, statisticalSecurity: security)
            var shares: [MultipartyShare] = []
            for (p, bank) in keys.parties.enumerated() {
                shares.append(try record(&party[p], phase) { try bank.decryptionShare(of: sum, flooding: flooding) })
            }
            return try record(&aggregator, phase) {
                try joint.decode(keys.combiner.decrypt(sum, shares: shares), count: keys.context.slotCount)
            }
        }

        /// Each bank scales and encrypts its rows in the union's layout; the aggregator merges them.
        mutating func encrypt(_ banks: [Dataset], bounds: [Int], scaling: FeatureScaling, plan: TrainingPlan)
            throws -> EncryptedDataset
        {
            let encryptor = try Encryptor(context: keys.context, publicKey: keys.publicKey)
            var rows: [PartyRows] = []
            for (p, bank) in banks.enumerated() {
                rows.append(
                    try record(&party[p], "encrypt") {
                        try PartyRows.encrypt(
                            scaling.apply(to: bank), firstRow: bounds[p], layout: plan.layout, encryptor: encryptor,
                            level: plan.dataLevel)
                    })
            }
            return try record(&aggregator, "merge") {
                try PartyRows.merge(rows, layout: plan.layout, context: keys.context)
            }
        }

        /// Every bank's encrypted noise share (system CSPRNG), summed by the aggregator; and the plaintext sum for
        /// the twins.
        mutating func noise(_ calibration: DPCalibration, sharing: NoiseSharing, plan: TrainingPlan) throws -> (
            total: GradientNoise, encrypted: EncryptedGradientNoise
        ) {
            var system = SystemRandomNumberGenerator()
            var shares: [(noise: GradientNoise, encrypted: EncryptedGradientNoise)] = []
            for p in keys.parties.indices {
                shares.append(
                    try record(&party[p], "noise") {
                        try PartyNoise.share(
                            calibration, sharing: sharing, plan: plan, publicKey: keys.publicKey,
                            context: keys.context, using: &system)
                    })
            }
            let sum = try record(&aggregator, "noise") {
                try PartyNoise.sum(shares.map(\.encrypted), context: keys.context)
            }
            return (try shares.dropFirst().reduce(shares[0].noise) { try $0 + $1.noise }, sum)
        }

        /// Every bank's shares of the weights, combined; and the precision the flooding leaves (when flooded).
        mutating func release(_ model: EncryptedModel, flooded: Bool) throws -> ([Double], Double?) {
            let flooding = flooded ? try model.flooding(context: keys.context, statisticalSecurity: security) : nil
            var shares: [[MultipartyShare]] = []
            for (p, bank) in keys.parties.enumerated() {
                shares.append(
                    try record(&party[p], "release") {
                        try ModelRelease.shares(of: model, party: bank, flooding: flooding)
                    })
            }
            let weights = try record(&aggregator, "release") {
                try ModelRelease.weights(of: model, shares: shares, combiner: keys.combiner)
            }
            return (
                weights, flooding.map { model.precisionBits(after: $0) - 0.5 * log2(Double(keys.parties.count)) }
            )
        }

        /// Runs `body`, adding its seconds to `phase` in `timings`.
        private func record<T>(_ timings: inout [(String, Double)], _ phase: String, _ body: () throws -> T) rethrows
            -> T
        {
            var seconds = 0.0
            let result = try timed(&seconds, body)
            if let i = timings.firstIndex(where: { $0.0 == phase }) {
                timings[i].1 += seconds
            } else {
                timings.append((phase, seconds))
            }
            return result
        }
    }
}
