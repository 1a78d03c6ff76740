import CKKS
import Foundation
import HEML

/// What every role computes alike from the files in the exchange directory: the collective public key, the sums of
/// the parties' encrypted aggregates, their joint decryption, and the joint scaling. Sums and decryptions are of
/// public files and deterministic, so whoever computes them (each party, the aggregator) gets the same values.
extension MultipartySession {
    /// The collective public key, from the aggregator's ``ExchangeFile/Step/collective`` file.
    func publicKey() throws(WorkflowError) -> PublicKey {
        let file = try ExchangeFile(.collective, party: nil, session: self)
        try file.requireSections(2)
        let sum = try file.share(0, session: self, kind: .publicKey)
        return try load("the public key", in: file.name) { () throws(CKKSError) in
            try combiner.publicKey(from: [sum])
        }
    }

    /// The sum of every party's ciphertext in section `section` of its `step` file.
    func sum(_ step: ExchangeFile.Step, section: Int) throws(WorkflowError) -> Ciphertext {
        var ciphertexts: [Ciphertext] = []
        for party in parties {
            let file = try ExchangeFile(step, party: party, session: self)
            try file.requireSections(section + 1)
            ciphertexts.append(try file.ciphertext(section, session: self))
        }
        return try JointAggregate(context: context).sum(ciphertexts)
    }

    /// The flooding of every party's decryption share of an aggregate (two are decrypted: the statistics and the
    /// Gram matrices).
    func aggregateFlooding() throws(WorkflowError) -> NoiseFlooding {
        try JointAggregate(context: context).flooding(
            parties: parties.count, decryptions: JointScaling.rounds, statisticalSecurity: info.statisticalSecurity)
    }

    /// The decoded sum of section `section` of the parties' `step` files, from every party's `shares` file.
    func opened(_ step: ExchangeFile.Step, section: Int, shares: ExchangeFile.Step) throws(WorkflowError)
        -> [Double]
    {
        let sum = try sum(step, section: section)
        var decryptionShares: [MultipartyShare] = []
        for (p, party) in parties.enumerated() {
            let file = try ExchangeFile(shares, party: party, session: self)
            try file.requireSections(1)
            decryptionShares.append(
                try file.share(0, session: self, kind: .decryption(level: sum.level), contributors: [p]))
        }
        let plaintext = try load("the decryption shares", in: "\(shares.rawValue) files") {
            () throws(CKKSError) in try combiner.decrypt(sum, shares: decryptionShares)
        }
        return try JointAggregate(context: context).decode(plaintext, count: context.slotCount)
    }

    /// Round 1 of the joint scaling (no multipliers yet), from the statistics and their shares; and the opened
    /// statistics.
    func firstScaling() throws(WorkflowError) -> (FeatureScaling, [Double]) {
        let statistics = try opened(.round2, section: 1, shares: .statisticsShare)
        let scaling = try bridged {
            try JointScaling.scaling(opened: statistics, featureCount: info.features.count, clip: info.clip)
        }
        return (scaling, statistics)
    }

    /// The joint scaling: preconditioned from both rounds' files, or the first round's alone in a differentially
    /// private session (as ``MultipartyAllInOne`` with `preconditioned: false`).
    func jointScaling() throws(WorkflowError) -> FeatureScaling {
        let (scaling, statistics) = try firstScaling()
        guard privacy == nil else { return scaling }
        let gram = try opened(.gram, section: 0, shares: .gramShare)
        return try bridged { try JointScaling.preconditioned(scaling, opened: gram, statistics: statistics) }
    }

    /// The noise widths of a differentially private session (from public values: the plan and the joint scaling
    /// `scaling`), and how the parties share the noise; nil for a session without privacy.
    func noiseCalibration(scaling: FeatureScaling) throws(WorkflowError) -> (
        calibration: DPCalibration, sharing: NoiseSharing
    )? {
        guard let privacy else { return nil }
        return (try PartyNoise.calibration(privacy.budget, plan: plan, scaling: scaling), privacy.sharing)
    }
}
