import Foundation
import HEML
import Testing

@testable import HEMLWorkflow

/// keygen → encrypt → server training → decrypt, in process, against the all-in-one run and the plaintext twin.
@Suite struct RoleWorkflowTests {
    @Test func separatedRolesGiveTheAllInOneModel() throws {
        let files = roleFiles
        let separated = try ModelFile.read(from: files["model.json"])
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let direct = try AllInOne.train(
            csv: files["data.csv"], test: nil, modelOut: scratch["direct.json"],
            read: readOptions, scaling: .default,
            plan: PlanRequest(iterations: 3, insecureLogDegree: 12))
        #expect(separated.features == ["age", "income", "debt"])
        #expect(separated.center == direct.model.center && separated.scale == direct.model.scale)
        // The model files hold weights unfolded from the preconditioned units (w_k·m_k); compare in those units.
        let multipliers = try #require(direct.data.scaling.multipliers)
        let twin = direct.comparison.polynomialTwin.coefficients
        let folded = [separated.intercept] + zip(separated.weights, multipliers).map { $0 / $1 }
        let difference = zip(folded, twin).map { abs($0 - $1) }.max()!
        #expect(difference < 1e-4, "largest difference from the plaintext twin \(difference)")
        #expect(direct.comparison.maxWeightDifference < 1e-4)
        #expect(direct.timings.map(\.0) == ["read", "keygen", "encrypt", "train", "decrypt", "twins", "total"])
        #expect(try scratch.contents() == ["direct.json"])
    }

    @Test func insecureKeyFilesNeedAnExplicitOptIn() throws {
        let files = roleFiles
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        #expect(throws: WorkflowError.insecureParameters(file: "server.hemlpub")) {
            try Server.train(
                dataset: files["data.hemlenc"], publicBundle: files["server.hemlpub"], out: scratch["m.hemlenc"])
        }
        #expect(throws: WorkflowError.insecureParameters(file: "server.hemlpub")) {
            try DataOwner.decrypt(
                model: files["model.hemlenc"], secretKey: files["owner.hemlsk"],
                publicBundle: files["server.hemlpub"], ownerState: files["data.hemlenc.owner.json"],
                modelOut: scratch["m.json"])
        }
        #expect(try scratch.contents().isEmpty, "nothing written")
    }

    @Test func theBundleCarriesThePlanAndNoSecret() throws {
        let files = roleFiles
        let bundle = try PublicBundle(reading: files["server.hemlpub"], allowInsecure: true)
        let decoded = try PublicBundle(
            decoding: files.bytes("server.hemlpub"), name: "server.hemlpub", allowInsecure: true)
        #expect(
            bundle.evaluationKeys != nil && bundle.evaluationKeys == decoded.evaluationKeys,
            "read in place = read whole")
        #expect(bundle.plan.iterations == 3 && bundle.plan.layout.rowCount == 60 && bundle.plan.layout.width == 4)
        #expect(bundle.plan.parameterSummary.logDegree == 12 && !bundle.plan.parameterSummary.isSecure)
        #expect(
            throws: WorkflowError.wrongKind(file: "server.hemlpub", found: "a public bundle", expected: "a secret key")
        ) {
            try SecretKeyFile(reading: files["server.hemlpub"], allowInsecure: true)
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: files["owner.hemlsk"].path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func ownerStateRoundTripsAndRefusesLies() throws {
        let files = roleFiles
        let data = try files.bytes("data.hemlenc.owner.json")
        let state = try OwnerState(decoding: data, name: "state.json")
        #expect(state.features == ["age", "income", "debt"] && state.rows == 60 && state.label == "y")
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for (key, value) in [("rows", -1), ("rows", Int.max), ("imputed_cells", Int.max), ("format_version", 1)]
            as [(String, Any)]
        {
            var lying = object
            lying[key] = value
            let bytes = try JSONSerialization.data(withJSONObject: lying)
            #expect(throws: WorkflowError.self, "\(key) = \(value)") {
                try OwnerState(decoding: bytes, name: "state.json")
            }
        }
        var scaling = try #require(object["scaling"] as? [String: Any])
        scaling["scale"] = [1.0, 0.0, 1.0]
        object["scaling"] = scaling
        let zeroScale = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: WorkflowError.self) { try OwnerState(decoding: zeroScale, name: "state.json") }
    }

    @Test func ownerStateCarriesTheMultipliersAndChecksThem() throws {
        let data = try roleFiles.bytes("data.hemlenc.owner.json")
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["format_version"] as? Int == 3)
        let scaling = try #require(object["scaling"] as? [String: Any])
        let multipliers = try #require(scaling["multipliers"] as? [Double])
        let decoded = try #require(try OwnerState(decoding: data, name: "s.json").scaling.multipliers)
        #expect(decoded.count == 3 && zip(decoded, multipliers).allSatisfy { abs($0 - $1) <= 1e-12 * $1 })
        #expect(decoded.allSatisfy { $0 != 1 }, "the preconditioner moved every column")
        func decoding(_ edit: (inout [String: Any], inout [String: Any]) -> Void) throws -> OwnerState {
            var state = object, edited = scaling
            edit(&state, &edited)
            state["scaling"] = edited
            return try OwnerState(decoding: JSONSerialization.data(withJSONObject: state), name: "s.json")
        }
        let version2 = try decoding { state, scaling in
            state["format_version"] = 2
            scaling["multipliers"] = nil
        }
        #expect(version2.scaling.multipliers == nil)
        let lies: [(inout [String: Any], inout [String: Any]) -> Void] = [
            { state, _ in state["format_version"] = 2 },
            { state, _ in state["format_version"] = 4 },
            { _, scaling in scaling["multipliers"] = [1.0, 1.0] },
            { _, scaling in scaling["multipliers"] = [1.0, 0.0, 1.0] },
            { _, scaling in scaling["multipliers"] = [1.0, -2.0, 1.0] },
            { _, scaling in scaling["multipliers"] = [1.0, 1e30, 1.0] },
            { _, scaling in scaling["multipliers"] = [1.0, 1e-30, 1.0] },
            { _, scaling in scaling["multipliers"] = "1" },
        ]
        for (index, lie) in lies.enumerated() {
            #expect(throws: WorkflowError.self, "lie \(index)") { try decoding(lie) }
        }
    }

    @Test func floodedWeightsAreRoundedToThePrecisionLeft() throws {
        let files = roleFiles
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        func decrypt(_ flooding: DataOwner.FloodingRequest?, to name: String) throws -> DataOwner.DecryptReport {
            try DataOwner.decrypt(
                model: files["model.hemlenc"], secretKey: files["owner.hemlsk"],
                publicBundle: files["server.hemlpub"], ownerState: files["data.hemlenc.owner.json"],
                modelOut: scratch[name], flooding: flooding, allowInsecure: true)
        }
        #expect(throws: WorkflowError.self) { try decrypt(.init(statisticalSecurity: 30), to: "refused.json") }
        #expect(!FileManager.default.fileExists(atPath: scratch["refused.json"].path))

        let exact = try decrypt(nil, to: "exact.json").model
        let flooded = try decrypt(.init(statisticalSecurity: 6), to: "flooded.json")
        let report = try #require(flooded.flooding)
        #expect(report.precisionBits >= 1 && report.precisionBits < report.unfloodedBits)
        let quantum = pow(2, -Double(report.roundedFractionalBits))
        let published = [flooded.model.intercept] + flooded.model.weights
        #expect(published.allSatisfy { ($0 / quantum).rounded() == $0 / quantum }, "rounded to the stated bits")
        let difference = zip(published, [exact.intercept] + exact.weights).map { abs($0 - $1) }.max()!
        #expect(difference <= 6 * pow(2, -report.precisionBits) + quantum, "flooded within 6σ of the exact weights")
        #expect(difference > 0, "noise was added")
    }
}
