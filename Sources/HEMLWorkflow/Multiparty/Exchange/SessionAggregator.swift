import CKKS
import Foundation
import HEML

/// The aggregator of a multiparty session: it combines the parties' key shares into the server's public bundle,
/// merges their encrypted rows into the dataset the server trains on, and combines their decryption shares of the
/// model. It holds no secret: anyone may run it, and its results follow from the public files alone.
public enum SessionAggregator {
    /// The aggregator's steps, in order, each after every party's matching step.
    public enum Step: String, CaseIterable, Sendable {
        /// After every party's keys step: sums the public-key, round-1 and Galois-key shares.
        case keys
        /// After every party's round2 step: the collective evaluation keys, written as the server's public bundle.
        case bundle
        /// After every party's encrypt step: the union's encrypted dataset for the server (with the sum of the
        /// parties' encrypted noise shares in a differentially private session).
        case dataset
        /// After every party's release step: the model file.
        case model
    }

    /// What a step did.
    public struct Report: Sendable {
        public let step: Step
        public let session: MultipartySession
        /// The files written.
        public let written: [URL]
        /// The model file, for ``Step/model``.
        public let model: ModelFile?
        /// For ``Step/model`` of a differentially private session: the calibration of the noise the parties'
        /// shares sum to and how they shared it (the release's accounting); nil otherwise.
        public let privacy: (calibration: DPCalibration, sharing: NoiseSharing)?
        /// (phase, seconds): read, the step's own work, write, total.
        public let timings: [(String, Double)]
    }

    /// Runs `step`.
    ///
    /// - Parameters:
    ///   - sessionURL: the session file (its directory is the exchange directory).
    ///   - out: for ``Step/bundle`` the public bundle, for ``Step/dataset`` the encrypted dataset, for
    ///     ``Step/model`` the model file (JSON); nil for ``Step/keys`` (its files go to the exchange directory).
    ///   - model: the server's encrypted model, for ``Step/model``.
    ///   - allowInsecure: accept test rings below 128-bit security.
    /// - Throws: ``WorkflowError`` for a missing party file (naming the party), a file of another session, step or
    ///   party, a share that does not combine, a noise share missing from (or, without privacy, present in) a
    ///   party's rows or not of the plan's iterations, level and scale, or an unusable path.
    public static func run(
        _ step: Step, session sessionURL: URL, out: URL? = nil, model: URL? = nil, allowInsecure: Bool = false,
        observer: any WorkflowObserver = SilentObserver()
    ) throws(WorkflowError) -> Report {
        do {
            guard (step == .keys) == (out == nil), (step == .model) == (model != nil) else {
                throw WorkflowError.unusablePath(
                    step == .keys
                        ? "the keys step writes to the exchange directory only"
                        : step == .model
                            ? "the model step needs the encrypted model and the model file to write"
                            : "the \(step.rawValue) step needs the file to write")
            }
            if let out { try OutputPath.check(out, option: "--out") }
            var phases = Phases(observer)
            let session = try phases.run(
                "read", "reading \(sessionURL.lastPathComponent)",
                { try MultipartySession(reading: sessionURL, allowInsecure: allowInsecure) },
                done: { "session \($0.id.short): \($0.parties.count) parties" })
            var modelFile: ModelFile?
            var privacy: (calibration: DPCalibration, sharing: NoiseSharing)?
            let written = try phases.run(
                step.rawValue, "aggregator: \(step.rawValue)",
                { () throws -> [URL] in
                    switch step {
                    case .keys: return try keys(session)
                    case .bundle: try bundle(session, to: out!)
                    case .dataset: try dataset(session, to: out!)
                    case .model:
                        let (file, accounting) = try self.model(session, encrypted: model!)
                        try file.write(to: out!)
                        modelFile = file
                        privacy = accounting
                    }
                    return [out!]
                }, done: { "\($0.map(\.lastPathComponent).joined(separator: ", ")) written" })
            return Report(
                step: step, session: session, written: written, model: modelFile, privacy: privacy,
                timings: phases.finishTotal())
        } catch {
            throw WorkflowError(error)
        }
    }

    /// Sums each kind of key share over the parties, one party's file at a time.
    private static func keys(_ session: MultipartySession) throws -> [URL] {
        let combiner = session.combiner
        var sums: [MultipartyShare] = []
        for (p, party) in session.parties.enumerated() {
            let file = try ExchangeFile(.keys, party: party, session: session)
            try file.requireSections(2, atLeast: true)
            var shares = [
                try file.share(0, session: session, kind: .publicKey, contributors: [p]),
                try file.share(1, session: session, kind: .relinearizationRound1, contributors: [p]),
            ]
            for i in 2..<file.sections.count {
                shares.append(try file.share(i, session: session, contributors: [p]))
            }
            guard sums.isEmpty || shares.count == sums.count else {
                throw WorkflowError.mismatchedFiles("\(file.name) holds another number of Galois-key shares")
            }
            sums = try sums.isEmpty ? shares : zip(sums, shares).map { try combiner.aggregate([$0, $1]) }
        }
        return [
            try ExchangeFile.write(
                .collective, party: nil, sections: sums.prefix(2).map { $0.serialized() }, session: session),
            try ExchangeFile.write(
                .galois, party: nil, sections: sums.dropFirst(2).map { $0.serialized() }, session: session),
        ]
    }

    /// The collective evaluation keys from the sums and every party's round-2 share, as a public bundle.
    private static func bundle(_ session: MultipartySession, to url: URL) throws {
        let collective = try ExchangeFile(.collective, party: nil, session: session)
        try collective.requireSections(2)
        let galoisFile = try ExchangeFile(.galois, party: nil, session: session)
        let galois = try galoisFile.sections.indices.map { try galoisFile.share($0, session: session) }
        var round2: [MultipartyShare] = []
        for (p, party) in session.parties.enumerated() {
            let file = try ExchangeFile(.round2, party: party, session: session)
            try file.requireSections(2)
            round2.append(try file.share(0, session: session, kind: .relinearizationRound2, contributors: [p]))
        }
        let keys = try session.combiner.evaluationKeys(
            round1: [collective.share(1, session: session, kind: .relinearizationRound1)], round2: round2,
            galois: galois)
        try PublicBundle.write(
            to: url, keyID: session.id, plan: session.plan, evaluationKeys: keys,
            columnsDigest: session.info.columnsDigest)
    }

    /// Every party's encrypted row blocks, summed block by block into the union's dataset; in a differentially
    /// private session every party's noise share, summed into the noise the dataset carries.
    private static func dataset(_ session: MultipartySession, to url: URL) throws {
        let plan = session.plan
        var parts: [PartyRows] = []
        var noise: [EncryptedGradientNoise] = []
        for (p, party) in session.parties.enumerated() {
            let file = try ExchangeFile(.rows, party: party, session: session)
            guard (file.info.noiseIterations != nil) == (session.privacy != nil) else {
                throw WorkflowError.mismatchedFiles(
                    session.privacy != nil
                        ? "\(file.name) carries no noise share, but \(session.name) is differentially private: "
                            + "party \(party) must run its encrypt step under this session"
                        : "\(file.name) carries a noise share, but \(session.name) is not differentially private")
            }
            if let iterations = file.info.noiseIterations, iterations != plan.iterations {
                throw WorkflowError.mismatchedFiles(
                    "\(file.name) carries noise for \(iterations) iterations, but \(session.name) plans "
                        + "\(plan.iterations)")
            }
            let noiseCount = session.privacy == nil ? 0 : plan.iterations * plan.layout.featureBlocks
            guard let blocks = file.info.blocks, blocks.count + noiseCount == file.sections.count, !blocks.isEmpty,
                Set(blocks).count == blocks.count
            else {
                throw WorkflowError.invalidFile(file: file.name, reason: "its block indices do not match its sections")
            }
            var ciphertexts: [Int: Ciphertext] = [:]
            for (i, block) in blocks.enumerated() { ciphertexts[block] = try file.ciphertext(i, session: session) }
            parts.append(PartyRows(firstRow: session.firstRow(of: p), blocks: ciphertexts))
            if noiseCount > 0 {
                noise.append(
                    try EncryptedGradientNoise.restored(
                        (blocks.count..<file.sections.count).map { try file.ciphertext($0, session: session) },
                        plan: plan, context: session.context, file: file.name))
            }
        }
        let merged = try PartyRows.merge(parts, layout: plan.layout, context: session.context)
        try EncryptedDatasetFile.write(
            merged, noise: noise.isEmpty ? nil : PartyNoise.sum(noise, context: session.context), to: url,
            keyID: session.id, fingerprint: plan.parameters.fingerprint)
    }

    /// The model file from every party's decryption shares of the encrypted model and the joint scaling; and, in a
    /// differentially private session, the release's accounting.
    private static func model(_ session: MultipartySession, encrypted url: URL) throws -> (
        ModelFile, (calibration: DPCalibration, sharing: NoiseSharing)?
    ) {
        let encrypted = try session.encryptedModel(url)
        var shares: [[MultipartyShare]] = []
        for (p, party) in session.parties.enumerated() {
            let file = try ExchangeFile(.modelShare, party: party, session: session)
            try file.requireSections(encrypted.weights.count)
            shares.append(
                try encrypted.weights.indices.map { i in
                    try file.share(
                        i, session: session, kind: .decryption(level: encrypted.weights[i].level), contributors: [p])
                })
        }
        let weights = try ModelRelease.weights(of: encrypted, shares: shares, combiner: session.combiner)
        let scaling = try session.jointScaling()
        let info = session.info
        let file = try ModelAssembly.model(
            unfoldedCoefficients: scaling.unfolding(weights), plan: session.plan, features: info.features,
            label: info.label, labelMapping: info.labelMapping, scaling: scaling, rows: session.plan.layout.rowCount,
            source: nil)
        return (file, try session.noiseCalibration(scaling: scaling))
    }
}
