import CKKS
import Foundation
import HEML
import Testing

@testable import HEMLWorkflow

/// Differentially private training through the session's files: each party's encrypt step adds its encrypted noise
/// share, the aggregator stores their sum in the encrypted dataset, the unchanged server adds it to every
/// iteration, and the released model is the noisy twin's given the same summed noise. Noise that is missing,
/// tampered with or of another shape is refused.
@Suite struct SessionPrivacyTests {
    static let budget = Result { try DPRelease(epsilon: 1, delta: 1e-5) }
    /// The noise seeds of the two banks' shares.
    static let seeds: [UInt64] = [21, 22]

    /// One private 2-bank run through every step (ε = 1, 3 iterations, N = 2^12), shared by the tests that read
    /// its files; the aggregator's model step.
    static let noisy = Result { () throws -> (ExchangeRun, SessionAggregator.Report) in
        let run = try ExchangeRun(parties: 2, privacy: SessionPrivacyTests.budget.get())
        return (run, try run.allSteps(noiseSeeds: SessionPrivacyTests.seeds))
    }

    /// The released model equals the plaintext twin trained with the sum of the banks' noise shares within the
    /// one-process test's 10⁻⁵, lies far from the noise-free twin, and the accounting is the one-process run's.
    @Test func filesGiveTheNoisyTwin() throws {
        let (run, report) = try Self.noisy.get()
        let model = try #require(report.model)
        let session = try MultipartySession(reading: run.session, allowInsecure: true)
        #expect(session.privacy?.budget == (try Self.budget.get()))
        #expect(session.privacy?.sharing == (try NoiseSharing(parties: 2, colluders: 1)))
        let scaling = try session.jointScaling()
        #expect(scaling.multipliers == nil)
        let dp = try #require(try session.noiseCalibration(scaling: scaling))
        #expect(report.privacy?.calibration == dp.calibration && report.privacy?.sharing == dp.sharing)
        let raw = try CSVReader.read(multipartyFiles["data.csv"], options: readOptions)
        let single = try Self.budget.get().calibrate(
            GradientSensitivity(plan: session.plan, scaling: FeatureScaling.fit(raw, method: .default)))
        #expect(dp.calibration.standardDeviations == single.standardDeviations)
        let shares = try Self.seeds.map { seed in
            var generator = SplitMix64(seed: seed)
            return try dp.calibration.noiseShare(dp.sharing, width: session.plan.layout.width, using: &generator)
        }
        let total = try shares[0] + shares[1]
        let coefficients = try scaling.folding([model.intercept] + model.weights)
        let scaled = try scaling.apply(to: raw)
        let noisyTwin = try ModelComparison(
            encrypted: coefficients, plan: session.plan, scaled: scaled, test: nil, gradientNoise: total)
        #expect(noisyTwin.maxWeightDifference < 1e-5, "largest |files − noisy twin| \(noisyTwin.maxWeightDifference)")
        let noiseFree = try ModelComparison(encrypted: coefficients, plan: session.plan, scaled: scaled, test: nil)
        #expect(noiseFree.maxWeightDifference > 1e-2, "the noise moved the model by \(noiseFree.maxWeightDifference)")
        // The dataset carries the summed noise: 3 iterations of one ciphertext per feature block.
        let bundle = try PublicBundle(reading: run.scratch["server.hemlpub"], allowInsecure: true)
        let (_, noise, _) = try EncryptedDatasetFile.readShard(
            run.scratch["data.hemlenc"], for: bundle, bundleName: "server.hemlpub")
        #expect(
            noise?.blocks.count == 3
                && noise?.blocks.allSatisfy { $0.count == session.plan.layout.featureBlocks } == true)
    }

    /// A session without privacy writes what it wrote before: no privacy in the session, no noise in the rows
    /// files or the dataset, and a Gram round.
    @Test func sessionWithoutPrivacyIsUnchanged() throws {
        let (run, _) = try SessionExchangeTests.twoBanks.get()
        let session = try MultipartySession(reading: run.session, allowInsecure: true)
        #expect(session.privacy == nil)
        #expect(try session.jointScaling().multipliers != nil)
        for (name, kind) in [
            ("exchange/session.hemlsession", Container.Kind.session), ("exchange/bank-0.rows.hemlmp", .exchange),
            ("data.hemlenc", .encryptedDataset),
        ] {
            let container = try Container.decode(try run.scratch.bytes(name), name: name, expecting: kind)
            let text = String(decoding: container.metadata, as: UTF8.self)
            #expect(!text.contains("noise") && !text.contains("privacy"), "\(name)")
        }
        let bundle = try PublicBundle(reading: run.scratch["server.hemlpub"], allowInsecure: true)
        let (_, noise, _) = try EncryptedDatasetFile.readShard(
            run.scratch["data.hemlenc"], for: bundle, bundleName: "server.hemlpub")
        #expect(noise == nil)
    }

    /// The Gram steps are refused in a private session; the aggregator refuses a rows file without its noise share,
    /// with noise of other iterations, missing a noise section, or with noise that is not a fresh encryption; a
    /// private session with a budget or colluders out of range is refused.
    @Test func refusesMissingOrMismatchedNoiseShares() throws {
        let (run, _) = try Self.noisy.get()
        #expect(message(of: { try run.party(.gram, 0) }).contains("no gram step"))
        #expect(message(of: { try run.party(.gramShare, 1) }).contains("no gram-share step"))
        // A copy of the exchange directory, whose rows files are edited one way at a time.
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let exchange = scratch["exchange"]
        try FileManager.default.copyItem(at: run.exchange, to: exchange)
        let session = exchange.appendingPathComponent("session.hemlsession")
        let rows = exchange.appendingPathComponent("bank-1.rows.hemlmp")
        let original = try Data(contentsOf: rows)
        func dataset() -> String {
            message(of: {
                _ = try SessionAggregator.run(
                    .dataset, session: session, out: scratch["data.hemlenc"], allowInsecure: true)
            })
        }
        let opened = try MultipartySession(reading: session, allowInsecure: true)
        let top = try Ciphertext(
            deserializing: Container.decode(original, name: "r", expecting: .exchange).sections.last!,
            context: opened.context)
        let lower = try Evaluator(context: opened.context).dropLevels(top, to: top.level - 1).serialized()
        let cases: [(String, (inout Container) throws -> Void)] = [
            ("carries no noise share", { try $0.editMetadata { $0["noise_iterations"] = nil } }),
            ("carries noise for 2 iterations", { try $0.editMetadata { $0["noise_iterations"] = 2 } }),
            ("block indices do not match", { $0.sections.removeLast() }),
            ("not fresh encryptions", { $0.sections[$0.sections.count - 1] = lower }),
        ]
        for (reason, edit) in cases {
            var container = try Container.decode(original, name: "r", expecting: .exchange)
            try edit(&container)
            try container.encoded().write(to: rows)
            let error = dataset()
            #expect(error.contains(reason), "\(reason): \(error)")
        }
        var tampered = original
        tampered[tampered.count - 10] ^= 1
        try tampered.write(to: rows)
        #expect(dataset().contains("bank-1.rows.hemlmp"))
        try original.write(to: rows)
        #expect(dataset() == "no error")
        // A private session's request out of range, with a valid checksum.
        let data = try Data(contentsOf: session)
        for (key, value) in [("epsilon", -1.0), ("colluders", 2)] as [(String, Any)] {
            var container = try Container.decode(data, name: "s", expecting: .session)
            try container.editMetadata {
                var privacy = $0["differential_privacy"] as! [String: Any]
                privacy[key] = value
                $0["differential_privacy"] = privacy
            }
            #expect(
                message(of: {
                    _ = try MultipartySession(
                        decoding: container.encoded(), name: "s", directory: exchange, allowInsecure: true)
                }).contains("differential-privacy request is out of range"), "\(key)")
        }
    }

    /// The dataset's noise section, hostile: another iteration count, a flag without the sections (or sections
    /// without the flag), a section short, noise at a lower level; each refused with the file's name, the intact
    /// file read.
    @Test func refusesHostileNoiseInTheDataset() throws {
        let (run, _) = try Self.noisy.get()
        let bundle = try PublicBundle(reading: run.scratch["server.hemlpub"], allowInsecure: true)
        let original = try run.scratch.bytes("data.hemlenc")
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let url = scratch["data.hemlenc"]
        func read() -> String {
            message(of: { _ = try EncryptedDatasetFile.readShard(url, for: bundle, bundleName: "server.hemlpub") })
        }
        let top = try Ciphertext(
            deserializing: Container.decode(original, name: "d", expecting: .encryptedDataset).sections.last!,
            context: bundle.context)
        let lower = try Evaluator(context: bundle.context).dropLevels(top, to: top.level - 1).serialized()
        let cases: [(String, (inout Container) throws -> Void)] = [
            ("carries gradient noise for 2 iterations", { try $0.editMetadata { $0["noise_iterations"] = 2 } }),
            ("carries gradient noise for -1 iterations", { try $0.editMetadata { $0["noise_iterations"] = -1 } }),
            ("found", { try $0.editMetadata { $0["noise_iterations"] = nil } }),
            ("found", { $0.sections.removeLast() }),
            ("not fresh encryptions", { $0.sections[$0.sections.count - 1] = lower }),
        ]
        for (reason, edit) in cases {
            var container = try Container.decode(original, name: "d", expecting: .encryptedDataset)
            try edit(&container)
            try container.encoded().write(to: url)
            let error = read()
            #expect(error.contains(reason) && error.contains("data.hemlenc"), "\(reason): \(error)")
        }
        for cut in [original.count / 2, original.count - 1] {
            try original.prefix(cut).write(to: url)
            #expect(read().contains("data.hemlenc"))
        }
        try original.write(to: url)
        #expect(read() == "no error")
    }
}

extension Container {
    /// Rewrites the JSON metadata through `edit` (the checksums are recomputed on encoding).
    mutating func editMetadata(_ edit: (inout [String: Any]) -> Void) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: metadata) as? [String: Any])
        edit(&object)
        metadata = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
