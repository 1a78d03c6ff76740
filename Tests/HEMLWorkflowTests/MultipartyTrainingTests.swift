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
    }
}

/// 150 rows: at N = 2^12 the banks' ranges cut through row blocks, so the merge adds ciphertexts of two banks.
let multipartyFiles: Scratch = {
    let scratch = try! Scratch()
    try! scratch.write("data.csv", tinyCSV(rows: 150, seed: 5))
    return scratch
}()
