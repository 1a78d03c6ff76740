import CKKS
import Foundation
import HEML

/// One party (a bank) of a multiparty session, step by step: each step reads the session, this party's secret
/// share and the files the other roles put in the exchange directory, and writes this party's file there. The
/// secret share never leaves the party; its CSV rows are read only to be aggregated or encrypted.
public enum SessionParty {
    /// A party's steps, in order. Between them the aggregator combines keys (after ``keys``, after ``round2``) and
    /// merges the encrypted rows (after ``encrypt``), and the server trains.
    public enum Step: String, CaseIterable, Sendable {
        /// Draws the secret share; writes the public-key, relinearization round-1 and Galois-key shares.
        case keys
        /// Relinearization round 2 (from the aggregator's round-1 sum) and the encrypted statistics of the rows.
        case round2
        /// A flooded decryption share of the sum of every party's statistics.
        case statisticsShare = "statistics-share"
        /// The encrypted Gram matrix of the rows under the first round's scaling (not in a differentially private
        /// session: its scaling has no preconditioner).
        case gram
        /// A flooded decryption share of the sum of every party's Gram matrix (not in a differentially private
        /// session).
        case gramShare = "gram-share"
        /// The rows, scaled jointly, encrypted in the union's layout; in a differentially private session also
        /// this party's share of the gradient noise, drawn from the system CSPRNG and encrypted (``PartyNoise``).
        case encrypt
        /// Decryption shares of the server's encrypted model.
        case release

        /// Whether the step reads the party's CSV.
        public var readsData: Bool { [.round2, .gram, .encrypt].contains(self) }
    }

    /// What a step did.
    public struct Report: Sendable {
        public let step: Step
        public let party: String
        public let session: MultipartySession
        /// The files written (the secret share and the exchange file for ``Step/keys``).
        public let written: [URL]
        /// (phase, seconds): read, the step's own work, write, total.
        public let timings: [(String, Double)]
    }

    /// Runs `step` for `party`.
    ///
    /// - Parameters:
    ///   - sessionURL: the session file (its directory is the exchange directory).
    ///   - party: this party's name in the session.
    ///   - secretShareURL: this party's secret share (written by ``Step/keys``, mode 0600; read by the others).
    ///   - data: this party's CSV, for the steps that read it (``Step/readsData``).
    ///   - model: the server's encrypted model, for ``Step/release``.
    ///   - overwriteSecretShare: for ``Step/keys``: replace an existing secret share (everything made under the old
    ///     one becomes unusable).
    ///   - allowInsecure: accept test rings below 128-bit security.
    /// - Throws: ``WorkflowError`` for a file of another session, step or party, a missing file (naming who must
    ///   run what), a CSV that is not the one the session plans for, a Gram step in a differentially private
    ///   session, or an unusable path.
    public static func run(
        _ step: Step, session sessionURL: URL, party: String, secretShare secretShareURL: URL, data: URL? = nil,
        model: URL? = nil, overwriteSecretShare: Bool = false, allowInsecure: Bool = false,
        observer: any WorkflowObserver = SilentObserver()
    ) throws(WorkflowError) -> Report {
        try run(
            step, session: sessionURL, party: party, secretShare: secretShareURL, data: data, model: model,
            overwriteSecretShare: overwriteSecretShare, allowInsecure: allowInsecure, noiseSeed: nil,
            observer: observer)
    }

    /// As the public ``run(_:session:party:secretShare:data:model:overwriteSecretShare:allowInsecure:observer:)``,
    /// with the noise share drawn from `SplitMix64(seed: noiseSeed)` instead of the system CSPRNG when given (tests
    /// only: they rebuild the plaintext noise for the twin).
    static func run(
        _ step: Step, session sessionURL: URL, party: String, secretShare secretShareURL: URL, data: URL?,
        model: URL?, overwriteSecretShare: Bool = false, allowInsecure: Bool, noiseSeed: UInt64?,
        observer: any WorkflowObserver = SilentObserver()
    ) throws(WorkflowError) -> Report {
        do {
            var phases = Phases(observer)
            let session = try phases.run(
                "read", "reading \(sessionURL.lastPathComponent)",
                { try MultipartySession(reading: sessionURL, allowInsecure: allowInsecure) },
                done: { "session \($0.id.short): \($0.parties.count) parties" })
            let index = try session.index(of: party)
            if session.privacy != nil, step == .gram || step == .gramShare {
                throw WorkflowError.heml(
                    .invalidArgument(
                        "\(session.name) is differentially private: its joint scaling has no preconditioner, so there "
                            + "is no \(step.rawValue) step; run encrypt after statistics-share"))
            }
            let output = ExchangeFile.url(exchangeStep(step), party: party, in: session)
            guard step.readsData == (data != nil), (step == .release) == (model != nil) else {
                throw WorkflowError.unusablePath(
                    step.readsData
                        ? "the \(step.rawValue) step reads this party's CSV; give it"
                        : step == .release
                            ? "the release step reads the server's encrypted model; give it"
                            : "the \(step.rawValue) step reads no CSV or model")
            }
            let written: [URL]
            if step == .keys {
                try OutputPath.check(secretShareURL, option: "--secret-share", overwrite: overwriteSecretShare)
                try OutputPath.check(output, option: "the exchange directory")
                written = try phases.run(
                    "keys", "drawing the secret share and the key shares",
                    { try keys(session, index: index, secretShare: secretShareURL) },
                    done: { _ in "key shares written" })
            } else {
                try OutputPath.check(output, option: "the exchange directory")
                let secret = try SecretKeyFile(
                    reading: secretShareURL, context: session.context, allowInsecure: allowInsecure,
                    format: secretFormat)
                try requireSameKeySet(
                    secret.container, secretShareURL.lastPathComponent, session.container, session.name)
                let member = try bridged {
                    try MultipartyParty(
                        context: session.context, crs: session.combiner.crs, index: index,
                        partyCount: session.parties.count, secretKey: secret.secretKey)
                }
                let rows = try data.map { url throws(WorkflowError) in try session.partyRows(url, index: index) }
                let (sections, blocks, noiseIterations) = try phases.run(
                    step.rawValue, "party \(party): \(step.rawValue)",
                    {
                        try sectionsOf(
                            step, session: session, party: member, rows: rows, model: model,
                            secretShare: secretShareURL, allowInsecure: allowInsecure, noiseSeed: noiseSeed)
                    },
                    done: {
                        "\($0.0.count) section(s) made" + ($0.2 == nil ? "" : " (with the encrypted noise share)")
                    })
                written = [
                    try phases.run(
                        "write", "writing \(output.lastPathComponent)",
                        {
                            try ExchangeFile.write(
                                exchangeStep(step), party: party, sections: sections, blocks: blocks,
                                noiseIterations: noiseIterations, session: session)
                        }, done: { "\($0.lastPathComponent) written" })
                ]
                if step == .round2 { OutputPath.remove([ephemeralURL(secretShareURL)]) }
            }
            return Report(step: step, party: party, session: session, written: written, timings: phases.finishTotal())
        } catch {
            throw WorkflowError(error)
        }
    }

    static let secretFormat = "heml-party-secret-share"
    static let ephemeralFormat = "heml-party-ephemeral-secret"

    /// Where the keys step keeps the round-1 ephemeral secret until round 2 (which removes it).
    static func ephemeralURL(_ secretShare: URL) -> URL { secretShare.appendingPathExtension("round1") }

    /// The exchange file a party step writes.
    static func exchangeStep(_ step: Step) -> ExchangeFile.Step {
        switch step {
        case .keys: .keys
        case .round2: .round2
        case .statisticsShare: .statisticsShare
        case .gram: .gram
        case .gramShare: .gramShare
        case .encrypt: .rows
        case .release: .modelShare
        }
    }

    /// The keys step: a fresh secret share and u_i (both 0600), and the shares for the aggregator.
    private static func keys(_ session: MultipartySession, index: Int, secretShare url: URL) throws -> [URL] {
        let context = session.context
        let secret = try KeyGenerator(context: context).secretKey()
        let party = try MultipartyParty(
            context: context, crs: session.combiner.crs, index: index, partyCount: session.parties.count,
            secretKey: secret)
        let (round1, ephemeral) = try party.relinearizationRound1()
        let shares =
            [try party.publicKeyShare(), round1]
            + (try party.galoisShares(for: session.plan.keyRequest(context: context)))
        let parameters = session.plan.parameters
        try SecretKeyFile.write(
            to: url, keyID: session.id, parameters: parameters, secretKey: secret,
            info: .init(format: secretFormat, warning: secretWarning))
        do {
            try SecretKeyFile.write(
                to: ephemeralURL(url), keyID: session.id, parameters: parameters, secretKey: ephemeral,
                info: .init(format: ephemeralFormat, warning: secretWarning))
            let out = try ExchangeFile.write(
                .keys, party: session.parties[index], sections: shares.map { $0.serialized() }, session: session)
            return [url, out]
        } catch {
            OutputPath.remove([url, ephemeralURL(url)])
            throw error
        }
    }

    static let secretWarning =
        "This file is one party's secret share of a multiparty session: keep it with the party. Alone it decrypts "
        + "nothing, but with every other party's share it decrypts everything of the session."

    /// The sections of the steps after keys, and for rows their block indices and the noise share's iterations
    /// (the noise's sections follow the blocks').
    private static func sectionsOf(
        _ step: Step, session: MultipartySession, party: MultipartyParty, rows: Dataset?, model: URL?,
        secretShare: URL, allowInsecure: Bool, noiseSeed: UInt64?
    ) throws -> ([[UInt8]], [Int]?, Int?) {
        let joint = try JointAggregate(context: session.context)
        switch step {
        case .keys: preconditionFailure("the keys step has its own path")
        case .round2:
            let file = try ExchangeFile(.collective, party: nil, session: session)
            try file.requireSections(2)
            let round1 = try file.share(1, session: session, kind: .relinearizationRound1)
            let ephemeral = try SecretKeyFile(
                reading: ephemeralURL(secretShare), context: session.context, allowInsecure: allowInsecure,
                format: ephemeralFormat)
            try requireSameKeySet(
                ephemeral.container, ephemeralURL(secretShare).lastPathComponent, session.container, session.name)
            let share = try party.relinearizationRound2(round1: round1, ephemeral: ephemeral.secretKey)
            let statistics = try joint.encrypt(JointScaling.statistics(rows!), publicKey: session.publicKey())
            return ([share.serialized(), statistics.serialized()], nil, nil)
        case .statisticsShare, .gramShare:
            let sum =
                step == .statisticsShare ? try session.sum(.round2, section: 1) : try session.sum(.gram, section: 0)
            return (
                [try party.decryptionShare(of: sum, flooding: session.aggregateFlooding()).serialized()], nil, nil
            )
        case .gram:
            let (scaling, _) = try session.firstScaling()
            let gram = try joint.encrypt(JointScaling.gram(rows!, scaling: scaling), publicKey: session.publicKey())
            return ([gram.serialized()], nil, nil)
        case .encrypt:
            let scaling = try session.jointScaling()
            let plan = session.plan
            let publicKey = try session.publicKey()
            let encrypted = try PartyRows.encrypt(
                scaling.apply(to: rows!), firstRow: session.firstRow(of: party.index), layout: plan.layout,
                encryptor: Encryptor(context: session.context, publicKey: publicKey), level: plan.dataLevel)
            let blocks = encrypted.blocks.keys.sorted()
            let sections = blocks.map { encrypted.blocks[$0]!.serialized() }
            guard let dp = try session.noiseCalibration(scaling: scaling) else { return (sections, blocks, nil) }
            func share(_ generator: inout some RandomNumberGenerator) throws -> EncryptedGradientNoise {
                try PartyNoise.share(
                    dp.calibration, sharing: dp.sharing, plan: plan, publicKey: publicKey, context: session.context,
                    using: &generator
                ).encrypted
            }
            var seeded = noiseSeed.map { SplitMix64(seed: $0) }, system = SystemRandomNumberGenerator()
            let noise = try seeded == nil ? share(&system) : share(&seeded!)
            return (sections + noise.blocks.joined().map { $0.serialized() }, blocks, plan.iterations)
        case .release:
            let encrypted = try session.encryptedModel(model!)
            let flooding =
                session.info.floodRelease
                ? try encrypted.flooding(
                    context: session.context, statisticalSecurity: session.info.statisticalSecurity)
                : nil
            return (
                try ModelRelease.shares(of: encrypted, party: party, flooding: flooding).map { $0.serialized() }, nil,
                nil
            )
        }
    }
}

extension MultipartySession {
    /// Party `index`'s CSV, checked against the session: its row count, its columns and its label's classes.
    ///
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` for another shape, other columns or other label classes;
    ///   ``WorkflowError/heml(_:)`` for a malformed CSV.
    func partyRows(_ url: URL, index: Int) throws(WorkflowError) -> Dataset {
        let data = try bridged { try CSVReader.read(url, options: readOptions) }
        let source = url.lastPathComponent
        guard data.rowCount == rows[index], data.featureCount == info.features.count else {
            throw .mismatchedFiles(
                "\(source) has \(data.rowCount) rows × \(data.featureCount) features, but \(name) plans "
                    + "\(rows[index]) rows × \(info.features.count) features for party \(parties[index])")
        }
        guard ColumnsDigest.of(data) == info.columnsDigest else {
            throw .mismatchedFiles("the columns of \(source) differ from those \(name) was made for")
        }
        guard data.labelMapping == info.labelMapping else {
            throw .mismatchedFiles(
                "the label classes of \(source) differ from those \(name) was made for (each party needs both classes)")
        }
        return data
    }

    /// The server's encrypted model, checked against the session (identifier, parameters, layout, iterations).
    func encryptedModel(_ url: URL) throws(WorkflowError) -> EncryptedModel {
        try bridged {
            try EncryptedModelFile.decode(
                Container.readFile(url), name: url.lastPathComponent, keySet: container, keySetName: name, plan: plan,
                context: context)
        }
    }
}
