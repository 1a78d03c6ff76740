import CKKS
import Foundation
import HEML
import Testing

@testable import HEMLWorkflow

/// Several banks train one model by exchanging files: the session, each party's steps, the aggregator's steps and
/// the unchanged server, against the single owner of the union and the one-process multiparty run.
@Suite struct SessionExchangeTests {
    /// One 2-bank run, shared by the tests that compare it (its scratch directory stays until the process ends).
    static let twoBanks = Result { () throws -> (ExchangeRun, ModelFile) in
        let run = try ExchangeRun(parties: 2)
        return (run, try run.all())
    }

    @Test(arguments: [2, 3])
    func filesGiveTheSingleOwnersModel(parties: Int) throws {
        let other = parties == 2 ? nil : try ExchangeRun(parties: parties)
        defer { other?.scratch.cleanUp() }
        let (run, model) = try other.map { ($0, try $0.all()) } ?? Self.twoBanks.get()
        let single = try MultipartyTrainingTests.single.get()
        let scaling = single.data.scaling
        // Fold both models back into the units training ran in; the joint scaling equals the single owner's to
        // 1e-9 (MultipartyTrainingTests), so the single owner's multipliers serve both.
        let joint = try scaling.folding([model.intercept] + model.weights)
        let reference = try scaling.folding([single.model.intercept] + single.model.weights)
        let difference = zip(joint, reference).map { abs($0 - $1) }.max()!
        #expect(difference < 1e-3, "largest weight difference \(difference)")
        let raw = single.data.raw
        let auc = try Metrics.auc(scores: model.logits(for: raw), labels: raw.labels)
        let singleAUC = try Metrics.auc(scores: single.model.logits(for: raw), labels: raw.labels)
        #expect(abs(auc - singleAUC) <= 0.002, "AUC \(auc) vs \(singleAUC)")
        #expect(model.center.count == raw.featureCount && model.label == "y")
        let ephemeral = run.names.map { SessionParty.ephemeralURL(run.scratch["\($0).hemlsk"]) }
        #expect(ephemeral.allSatisfy { !FileManager.default.fileExists(atPath: $0.path) }, "round 2 removes u_i")
        let mode = try FileManager.default.attributesOfItem(atPath: run.scratch["bank-0.hemlsk"].path)[
            .posixPermissions]
        #expect((mode as? Int) == 0o600)
        // A party's share is not an owner's key: `heml decrypt` refuses it although its key set is the bundle's.
        #expect(
            message(of: {
                try DataOwner.decrypt(
                    model: run.scratch["model.hemlenc"], secretKey: run.scratch["bank-0.hemlsk"],
                    publicBundle: run.scratch["server.hemlpub"], ownerState: run.scratch["none.json"],
                    modelOut: run.scratch["x.json"], allowInsecure: true)
            }).contains("heml-party-secret-share"))
    }

    @Test func oneProcessRunAndFilesAgree() throws {
        let (_, model) = try Self.twoBanks.get()
        let demo = try MultipartyAllInOne.train(
            csv: multipartyFiles["data.csv"], parties: 2, read: readOptions,
            plan: PlanRequest(iterations: 3, insecureLogDegree: 12))
        let scaling = demo.scaling
        for (a, b) in zip(model.center + model.scale, scaling.center + scaling.scale) {
            #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "scaling \(a) vs \(b)")
        }
        let joint = try scaling.folding([model.intercept] + model.weights)
        let difference = zip(joint, demo.comparison.encrypted).map { abs($0 - $1) }.max()!
        #expect(difference < 1e-3, "largest weight difference \(difference)")
    }

    @Test func refusesFilesThatDoNotBelong() throws {
        let run = try ExchangeRun(parties: 2)
        defer { run.scratch.cleanUp() }
        try run.party(.keys, 0)
        // The aggregator names the party whose file is missing.
        #expect(message(of: { try run.aggregate(.keys) }).contains("party bank-1 has not run its keys step"))
        try run.party(.keys, 1)
        // The secret share is never overwritten without --force.
        #expect(message(of: { try run.party(.keys, 0) }).contains("refusing to overwrite"))
        let keys0 = run.exchanged("bank-0.keys.hemlmp"), keys1 = run.exchanged("bank-1.keys.hemlmp")
        let original = try Data(contentsOf: keys1)
        // A party's file under another party's name.
        try FileManager.default.removeItem(at: keys1)
        try FileManager.default.copyItem(at: keys0, to: keys1)
        #expect(message(of: { try run.aggregate(.keys) }).contains("holds the keys file of party bank-0"))
        // A tampered file.
        var tampered = original
        tampered[tampered.count / 2] ^= 1
        try tampered.write(to: keys1)
        #expect(message(of: { try run.aggregate(.keys) }).contains("bank-1.keys.hemlmp"))
        // A file of another session with the same parties.
        let other = try ExchangeRun(parties: 2)
        defer { other.scratch.cleanUp() }
        try other.party(.keys, 1)
        try FileManager.default.removeItem(at: keys1)
        try FileManager.default.copyItem(at: other.exchanged("bank-1.keys.hemlmp"), to: keys1)
        #expect(message(of: { try run.aggregate(.keys) }).contains("key set"))
        try original.write(to: keys1)
        try run.aggregate(.keys)
        // An edited session (same identifier): the files made under it no longer match its digest.
        let sessionData = try Data(contentsOf: run.session)
        var container = try Container.decode(sessionData, name: "s", expecting: .session)
        container.metadata = Data(
            String(decoding: container.metadata, as: UTF8.self).replacingOccurrences(
                of: "\"clip\" : 4", with: "\"clip\" : 3"
            ).utf8)
        try container.encoded().write(to: run.session)
        #expect(message(of: { try run.party(.round2, 0) }).contains("another version of session.hemlsession"))
        try sessionData.write(to: run.session)
        // The step's inputs: a CSV of another party's shape.
        let lines = try String(contentsOf: run.scratch["bank-1.csv"], encoding: .utf8).split(separator: "\n")
        try run.scratch.write("short.csv", lines.prefix(11).joined(separator: "\n") + "\n")
        #expect(message(of: { try run.party(.round2, 0, data: run.scratch["short.csv"]) }).contains("plans 75 rows"))
    }

    @Test func refusesMalformedSessionsAndExchangeFiles() throws {
        let run = try ExchangeRun(parties: 2)
        defer { run.scratch.cleanUp() }
        try run.party(.keys, 0)
        let session = try MultipartySession(reading: run.session, allowInsecure: true)
        let data = try Data(contentsOf: run.session)
        let file = try Data(contentsOf: run.exchanged("bank-0.keys.hemlmp"))
        for cut in [0, 10, 63, 64, data.count / 2, data.count - 1] {
            #expect(throws: WorkflowError.self) {
                try MultipartySession(
                    decoding: data.prefix(cut), name: "s", directory: run.exchange, allowInsecure: true)
            }
        }
        for cut in [0, 63, 200, file.count / 2, file.count - 1] {
            #expect(throws: WorkflowError.self) {
                try ExchangeFile(decoding: file.prefix(cut), name: "f", step: .keys, party: "bank-0", session: session)
            }
        }
        #expect(throws: WorkflowError.self) {
            try ExchangeFile(decoding: data, name: "f", step: .keys, party: "bank-0", session: session)
        }
        #expect(throws: WorkflowError.self) {
            try MultipartySession(decoding: file, name: "s", directory: run.exchange, allowInsecure: true)
        }
        #expect(message(of: { try MultipartySession(reading: run.session) }).contains("insecure"))
        // Sessions whose metadata is inconsistent, each with a valid checksum.
        for (from, to, reason) in [
            ("\"bank-1\"", "\"bank-0\"", "distinct"),
            ("\"bank-1\"", "\"bank 1\"", "distinct"),
            ("\"statistical_security\" : 30", "\"statistical_security\" : 0", "statistical security"),
            ("\"clip\" : 4", "\"clip\" : -1", "clip"),
        ] {
            var container = try Container.decode(data, name: "s", expecting: .session)
            let text = String(decoding: container.metadata, as: UTF8.self)
            #expect(text.contains(from), "\(from)")
            container.metadata = Data(text.replacingOccurrences(of: from, with: to).utf8)
            #expect(
                message(of: {
                    try MultipartySession(
                        decoding: container.encoded(), name: "s", directory: run.exchange, allowInsecure: true)
                }).contains(reason), "\(to)")
        }
        var rows = try Container.decode(data, name: "s", expecting: .session)
        let rowsText = String(decoding: rows.metadata, as: UTF8.self)
        rows.metadata = Data(
            rowsText.replacingOccurrences(of: "\"rows\" : [\n    75", with: "\"rows\" : [\n    74").utf8)
        #expect(
            message(of: {
                try MultipartySession(decoding: rows.encoded(), name: "s", directory: run.exchange, allowInsecure: true)
            }).contains("do not add up"))
        var seed = try Container.decode(data, name: "s", expecting: .session)
        seed.sections[1].removeLast()
        #expect(
            message(of: {
                try MultipartySession(decoding: seed.encoded(), name: "s", directory: run.exchange, allowInsecure: true)
            }).contains("32 bytes"))
    }
}

/// The error `body` throws, as text, or "no error".
func message<T>(of body: () throws -> T) -> String {
    do {
        _ = try body()
        return "no error"
    } catch {
        return "\(error)"
    }
}

/// One file-exchange run in a scratch directory: the union of `multipartyFiles` split into consecutive row ranges,
/// `bank-0.csv` …, the session in `exchange/` (differentially private under `privacy`).
struct ExchangeRun {
    let scratch: Scratch
    /// The exchange directory (the session's).
    let exchange: URL
    let session: URL
    let names: [String]
    let counts: [Int]

    init(parties: Int, privacy: DPRelease? = nil) throws {
        scratch = try Scratch()
        let lines = try String(contentsOf: multipartyFiles["data.csv"], encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let rows = Array(lines.dropFirst())
        let bounds = (0...parties).map { $0 * rows.count / parties }
        names = (0..<parties).map { "bank-\($0)" }
        counts = (0..<parties).map { bounds[$0 + 1] - bounds[$0] }
        for p in 0..<parties {
            try scratch.write(
                "\(names[p]).csv", ([lines[0]] + rows[bounds[p]..<bounds[p + 1]]).joined(separator: "\n") + "\n")
        }
        let directory = scratch["exchange"]
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        exchange = directory
        session = directory.appendingPathComponent("session.hemlsession")
        _ = try MultipartySession.create(
            csv: scratch["bank-0.csv"], out: session, parties: names, rows: counts, label: "y",
            plan: PlanRequest(iterations: 3, insecureLogDegree: 12), privacy: privacy, allowInsecure: true)
    }

    /// A file in the exchange directory.
    func exchanged(_ name: String) -> URL { exchange.appendingPathComponent(name) }

    /// Party `p`'s `step` (its noise share, if any, from `SplitMix64(seed: noiseSeed)` when given).
    @discardableResult
    func party(_ step: SessionParty.Step, _ p: Int, data: URL? = nil, noiseSeed: UInt64? = nil) throws
        -> SessionParty.Report
    {
        try SessionParty.run(
            step, session: session, party: names[p], secretShare: scratch["\(names[p]).hemlsk"],
            data: step.readsData ? data ?? scratch["\(names[p]).csv"] : nil,
            model: step == .release ? scratch["model.hemlenc"] : nil, allowInsecure: true, noiseSeed: noiseSeed)
    }

    @discardableResult
    func aggregate(_ step: SessionAggregator.Step) throws -> SessionAggregator.Report {
        let out: [SessionAggregator.Step: String] = [
            .bundle: "server.hemlpub", .dataset: "data.hemlenc", .model: "model.json",
        ]
        return try SessionAggregator.run(
            step, session: session, out: out[step].map { scratch[$0] },
            model: step == .model ? scratch["model.hemlenc"] : nil, allowInsecure: true)
    }

    /// Every step of every role in order; the model file.
    func all() throws -> ModelFile { try #require(try allSteps().model) }

    /// Every step of every role in order (no Gram round in a private session; party p's noise share from
    /// `SplitMix64(seed: noiseSeeds[p])` when given); the aggregator's model step.
    func allSteps(noiseSeeds: [UInt64]? = nil) throws -> SessionAggregator.Report {
        let isPrivate = try MultipartySession(reading: session, allowInsecure: true).privacy != nil
        for step in SessionParty.Step.allCases where step != .release {
            if isPrivate, step == .gram || step == .gramShare { continue }
            for p in names.indices { try party(step, p, noiseSeed: noiseSeeds?[p]) }
            switch step {
            case .keys: try aggregate(.keys)
            case .round2: try aggregate(.bundle)
            case .encrypt: try aggregate(.dataset)
            default: break
            }
        }
        _ = try Server.train(
            dataset: scratch["data.hemlenc"], publicBundle: scratch["server.hemlpub"], out: scratch["model.hemlenc"],
            allowInsecure: true)
        for p in names.indices { try party(.release, p) }
        return try aggregate(.model)
    }
}
