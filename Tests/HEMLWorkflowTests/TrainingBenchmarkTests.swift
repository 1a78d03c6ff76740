import Foundation
import FoundationXML
import HEML
import Testing

@testable import HEMLWorkflow

/// `heml-bench train`'s library side: one set through the four roles, the Pareto marking, the table and the chart.
@Suite struct TrainingBenchmarkTests {
    static let set = SweepSet(name: "small", iterations: 3, logDegree: 12, insecure: true, threads: 1)

    @Test func aSetRunsThroughTheFourRoles() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("data.csv", tinyCSV(rows: 60))
        let runs = try TrainingBenchmark.Role.allCases.map { role in
            var run = try TrainingBenchmark.run(
                role, of: Self.set, csv: scratch["data.csv"], read: readOptions, directory: scratch.url)
            run.peakBytes = 1000
            return run
        }
        #expect(runs.allSatisfy { $0.computeSeconds > 0 && $0.totalSeconds >= $0.computeSeconds })
        let result = try TrainingBenchmark.result(
            of: Self.set, runs: runs, csv: scratch["data.csv"], read: readOptions, directory: scratch.url)
        #expect(result.logDegree == 12 && result.securityBits == 0 && result.levelsUsed == 9)
        #expect(result.trainSeconds == runs[2].computeSeconds)
        #expect(result.peakBytes == ["keygen": 1000, "encrypt": 1000, "train": 1000, "decrypt": 1000])
        #expect(result.publicBundleBytes > result.encryptedDataBytes && result.encryptedDataBytes > 0)
        #expect(result.publicBundleBytes == OutputPath.size(scratch["server.hemlpub"]))
        #expect(result.maxWeightDifference < 1e-4)
        #expect(abs(result.encryptedAUC - result.polynomialTwinAUC) < 0.01)
        #expect(throws: WorkflowError.self) {
            try TrainingBenchmark.result(
                of: Self.set, runs: Array(runs.dropLast()), csv: scratch["data.csv"], read: readOptions,
                directory: scratch.url)
        }
    }

    @Test func tableAndChartShowEverySetAndTheFront() throws {
        let results = TrainingBenchmark.markingParetoFront(
            [(2.0, 0.80), (1.0, 0.78), (3.0, 0.79), (4.0, 0.81)].enumerated().map { index, point in
                Self.result(name: "set\(index)", seconds: point.0, auc: point.1)
            })
        #expect(results.map(\.pareto) == [true, true, false, true])
        let table = SweepTable.markdown(results)
        #expect(table.split(separator: "\n").count == 2 + 4)
        #expect(table.contains("| set0 ★ |") && table.contains("| set2 |"))
        let svg = SweepChart.svg(results, title: "sweep <1>")
        let root = try #require(try XMLDocument(xmlString: svg, options: []).rootElement())
        let front = try #require(
            try root.nodes(forXPath: "//*[local-name()='g'][@class='series']").first as? XMLElement)
        #expect(
            try front.nodes(forXPath: "*[local-name()='text']").compactMap(\.stringValue) == ["set1", "set0", "set3"])
        #expect(try front.nodes(forXPath: "*[local-name()='polyline']").count == 1)
    }

    @Test func theStandardSweepHasSevenSecureDistinctSets() throws {
        for cores in [1, 2] {
            let sets = TrainingSweep.standard(cores: cores)
            #expect(sets.count == 7 && Set(sets.map(\.name)).count == 7)
            #expect(sets.filter(\.expandedKeys).count == 1, "the default set once with expanded keys")
            #expect(sets.allSatisfy { !$0.insecure })
            for set in sets { _ = try set.request() }
            let full = TrainingSweep.full(cores: cores)
            #expect(full.count > sets.count && Set(full.map(\.name)).count == full.count)
            let boot = try #require(full.first { $0.bootstrap })
            #expect(try boot.request().bootstrapping?.parameters.logDegree == 16)
            #expect(try boot.request().plan(rows: 1000, features: 61).bootstrapping.map { $0.count > 0 } == true)
        }
        #expect(TrainingSweep.standard(cores: 2).contains { $0.threads == 1 })
    }

    @Test func aForcedRingStaysSecure() throws {
        let plan = try PlanRequest(iterations: 7, logDegree: 17).plan(rows: 1000, features: 61)
        #expect(plan.parameterSummary.logDegree == 17 && plan.parameterSummary.securityBits == 128)
        #expect(throws: HEMLError.self) { try PlanRequest(iterations: 7, logDegree: 14).plan(rows: 1000, features: 61) }
    }

    static func result(name: String, seconds: Double, auc: Double) -> SweepResult {
        SweepResult(
            set: SweepSet(name: name, iterations: 3), cpus: 1, logDegree: 15, logQP: 660, levels: 9, levelsUsed: 9,
            scaleBits: 40, specialPrimes: 5, digits: 2, securityBits: 128, rotationKeys: 20, ciphertexts: 2,
            bootstraps: 0,
            sigmoidName: "kim3", keygenSeconds: 1, encryptSeconds: 0.1, trainSeconds: seconds, decryptSeconds: 0.01,
            roleSeconds: [:], peakBytes: ["keygen": 1 << 29], secretKeyBytes: 1, publicBundleBytes: 1 << 27,
            encryptedDataBytes: 1 << 23, encryptedModelBytes: 1 << 20, encryptedAUC: auc, polynomialTwinAUC: auc,
            exactTwinAUC: auc, maxWeightDifference: 1e-6, pareto: false)
    }
}
