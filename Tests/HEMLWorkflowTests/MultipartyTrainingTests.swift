import CKKS
import Foundation
import HEML
import Testing

@testable import HEMLWorkflow

/// Several banks train one model: the rows split into 2 and 3 banks by rows, keys, scaling, data and release all
/// joint, against the single owner of the union with the same plan.
@Suite struct MultipartyTrainingTests {
    static let single = Result {
        try AllInOne.train(
            csv: multipartyFiles["data.csv"], test: nil, modelOut: nil, read: readOptions, scaling: .default,
            plan: PlanRequest(iterations: 3, insecureLogDegree: 12))
    }

    @Test(arguments: [2, 3])
    func banksTrainTheSingleOwnersModel(parties: Int) throws {
        let single = try Self.single.get()
        let joint = try MultipartyAllInOne.train(
            csv: multipartyFiles["data.csv"], parties: parties, read: readOptions,
            plan: PlanRequest(iterations: 3, insecureLogDegree: 12))
        #expect(joint.partyRows.reduce(0, +) == 150 && joint.partyRows.count == parties)
        let scaling = single.data.scaling
        #expect(joint.scaling.scale[3] == 1 && scaling.scale[3] == 1, "the constant column keeps scale 1")
        for (a, b) in zip(joint.scaling.center + joint.scaling.scale, scaling.center + scaling.scale) {
            #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "scaling \(a) vs \(b)")
        }
        for (a, b) in zip(try #require(joint.scaling.multipliers), try #require(scaling.multipliers)) {
            #expect(abs(a - b) <= 1e-9 * b, "multiplier \(a) vs \(b)")
        }
        let difference = zip(joint.comparison.encrypted, single.comparison.encrypted).map { abs($0 - $1) }.max()!
        #expect(difference < 1e-3, "largest weight difference \(difference)")
        let auc = abs(joint.comparison.training[0].auc - single.comparison.training[0].auc)
        #expect(auc <= 0.002, "AUC difference \(auc)")
        #expect(joint.partyTimings.allSatisfy { $0.map(\.0) == ["keys", "scaling", "encrypt", "release"] })
        #expect(joint.aggregatorTimings.map(\.0) == ["keys", "scaling", "merge", "release"])
        #expect(joint.releasePrecisionBits == nil)
    }

    /// The release hook: every bank adds an encrypted noise vector to the model before the decryption shares, and
    /// the released weights move by exactly the sum of the noise.
    @Test func banksNoiseIsAddedBeforeRelease() throws {
        let joint = try MultipartyAllInOne.train(
            csv: multipartyFiles["data.csv"], parties: 2, read: readOptions,
            plan: PlanRequest(iterations: 3, insecureLogDegree: 12))
        let model = joint.encryptedModel, keys = joint.keys, layout = model.layout
        let encoder = CKKSEncoder(context: keys.context)
        let encryptor = try Encryptor(context: keys.context, publicKey: keys.publicKey)
        let noise: [[Double]] = (1...2).map { (p: Int) -> [Double] in
            (0..<layout.width).map { (i: Int) -> Double in 0.01 * Double(p * (i % 3 - 1)) }
        }
        let encrypted = try noise.map { vector in
            try (0..<layout.featureBlocks).map { k in
                try encryptor.encrypt(
                    encoder.encode(
                        layout.packWeights(vector, featureBlock: k), level: model.weights[k].level,
                        scale: model.weights[k].scale))
            }
        }
        let noisy = try ModelRelease.addingNoise(encrypted, to: model, context: keys.context)
        let shares = try keys.parties.map { try ModelRelease.shares(of: noisy, party: $0, flooding: nil) }
        let released = try ModelRelease.weights(of: noisy, shares: shares, combiner: keys.combiner)
        let expected = zip(joint.comparison.encrypted, zip(noise[0], noise[1]).map(+)).map(+)
        #expect(largest(released, expected) < 1e-6, "released weights off by \(largest(released, expected))")
        #expect(throws: WorkflowError.self) {
            try ModelRelease.weights(of: noisy, shares: [shares[0]], combiner: keys.combiner)
        }
        let flooding = try model.flooding(context: keys.context, statisticalSecurity: 8)
        let floodedShares = try keys.parties.map { try ModelRelease.shares(of: model, party: $0, flooding: flooding) }
        let flooded = try ModelRelease.weights(of: model, shares: floodedShares, combiner: keys.combiner)
        let rms =
            (zip(flooded, joint.comparison.encrypted).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
            / Double(flooded.count)).squareRoot()
        let stated = model.precisionBits(after: flooding) - 0.5
        #expect(abs(-log2(rms) - stated) < 1.5, "flooded release: \(-log2(rms)) bits, stated \(stated)")
    }

    func largest(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { abs($0 - $1) }.max()! }
}

/// 150 rows: at N = 2^12 the banks' ranges cut through row blocks, so the merge adds ciphertexts of two banks. A
/// constant column `flag` (all 0) must keep scale 1 although its decrypted sums are not exactly 0.
let multipartyFiles: Scratch = {
    let scratch = try! Scratch()
    let lines = tinyCSV(rows: 150, seed: 5).split(separator: "\n").enumerated().map { i, line in
        var fields = line.split(separator: ",").map(String.init)
        fields.insert(i == 0 ? "flag" : "0", at: fields.count - 1)
        return fields.joined(separator: ",")
    }
    try! scratch.write("data.csv", lines.joined(separator: "\n") + "\n")
    return scratch
}()
