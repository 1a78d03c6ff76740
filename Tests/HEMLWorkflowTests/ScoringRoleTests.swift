import CKKS
import Foundation
import HEML
import Testing

@testable import HEMLWorkflow

/// Role-separated encrypted scoring on the small insecure ring N = 2^12: client keys and rows, server evaluation
/// keys and ciphertexts only, client decryption; every message through its container, and lying ones refused.
@Suite struct ScoringRoleTests {
    static let parameters = try! CKKSParameters(
        logDegree: 12, levels: 1, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 50,
        specialModulusCount: 1, security: .unchecked)
    static let model = try! ModelFile.read(from: roleFiles["model.json"])
    static let client = try! ScoringClient(model: model, parameters: parameters)
    /// The training rows, columns reordered and an extra column added.
    static let reorderedCSV: String = {
        let lines = tinyCSV(rows: 60).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        return lines.enumerated().map { i, f in
            [f[3], f[2], i == 0 ? "note" : "7", f[0], f[1]].joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }()

    static func rows(_ csv: String) throws -> Dataset {
        try CSVReader.readForScoring(bytes: Array(csv.utf8), name: "rows.csv", options: readOptions)
            .dataset(labelName: "y")
    }

    /// The server's view: keys and request only as bytes.
    static func serve(_ keyBytes: Data, _ requestBytes: Data) throws -> Data {
        let keys = try ScoringKeys(decoding: keyBytes, name: "keys", allowInsecure: true)
        let request = try ScoringRequest(decoding: requestBytes, name: "rows", keys: keys)
        return try ScoringServer(model: model, keys: keys).score(request).encoded()
    }

    @Test func reorderedRowsScoreAsThePlaintextModelAcrossRoles() throws {
        let request = try Self.client.encrypt(Self.rows(Self.reorderedCSV))
        let responseBytes = try Self.serve(Self.client.keys.encoded(), request.encoded())
        let response = try ScoringResponse(
            decoding: responseBytes, name: "scores", keys: Self.client.keys, answering: request)
        let expected = try Self.model.logits(for: Self.rows(tinyCSV(rows: 60)))
        let logits = try Self.client.logits(response)
        #expect(logits.count == 60)
        // The bound leaves two orders of magnitude above the CKKS error at a 2^40 scale.
        #expect(zip(logits, expected).map { abs($0 - $1) }.max()! < 1e-6)
        let probabilities = try Self.client.probabilities(response)
        #expect(zip(probabilities, expected.map(logistic)).map { abs($0 - $1) }.max()! < 1e-6)
    }

    @Test func aClientRestoredFromItsFilesDecryptsItsResponses() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try Self.client.keys.write(to: scratch["client.hemlscore"])
        try Self.client.writeSecretKey(to: scratch["client.hemlsk"])
        let keys = try ScoringKeys(reading: scratch["client.hemlscore"], allowInsecure: true)
        let restored = try ScoringClient(
            model: Self.model, keys: keys, secretKey: scratch["client.hemlsk"], allowInsecure: true)
        let request = try Self.client.encrypt(Self.rows(tinyCSV(rows: 10)))
        let response = try ScoringServer(model: Self.model, keys: keys).score(request)
        #expect(try restored.logits(response) == Self.client.logits(response))

        let other = try ScoringClient(model: Self.model, parameters: Self.parameters)
        try other.writeSecretKey(to: scratch["other.hemlsk"])
        #expect(throws: WorkflowError.self) {
            try ScoringClient(model: Self.model, keys: keys, secretKey: scratch["other.hemlsk"], allowInsecure: true)
        }
        #expect(
            throws: WorkflowError.wrongKind(file: "client.hemlscore", found: "scoring keys", expected: "a secret key")
        ) {
            try ScoringClient(
                model: Self.model, keys: keys, secretKey: scratch["client.hemlscore"], allowInsecure: true)
        }
    }

    @Test func missingColumnsAndFarOutValuesAreRefused() throws {
        let withoutDebt = "age,income,y\n0.5,0.1,1\n"
        #expect(throws: WorkflowError.heml(.missingFeature(name: "debt"))) {
            try Self.client.encrypt(Self.rows(withoutDebt))
        }
        // Income in other units: 1000 times the training values.
        let scaledUp = "age,income,debt,y\n0.5,0.1,0.2,1\n0.5,1500,0.2,0\n"
        #expect(throws: WorkflowError.self) { try Self.client.encrypt(Self.rows(scaledUp)) }
        do {
            _ = try Self.client.encrypt(Self.rows(scaledUp))
        } catch let WorkflowError.unscorableValue(row, feature, _) {
            #expect(row == 2 && feature == "income")
        }
        #expect(throws: Never.self) {
            try Self.client.encrypt(Self.rows(scaledUp), maximumScaledMagnitude: .infinity)
        }
    }

    @Test func messagesOfAnotherKeySetOrRequestAreRefused() throws {
        let other = try ScoringClient(model: Self.model, parameters: Self.parameters)
        let request = try Self.client.encrypt(Self.rows(tinyCSV(rows: 10)))
        let otherKeys = try ScoringKeys(decoding: other.keys.encoded(), name: "keys", allowInsecure: true)
        #expect(throws: WorkflowError.self) {
            try ScoringRequest(decoding: request.encoded(), name: "rows", keys: otherKeys)
        }
        #expect(throws: WorkflowError.insecureParameters(file: "keys")) {
            try ScoringKeys(decoding: Self.client.keys.encoded(), name: "keys")
        }
        let responseBytes = try Self.serve(Self.client.keys.encoded(), request.encoded())
        let longer = try Self.client.encrypt(Self.rows(tinyCSV(rows: 11)))
        #expect(
            throws: WorkflowError.mismatchedFiles(
                "scores does not answer the request: its rows are laid out differently")
        ) {
            try ScoringResponse(decoding: responseBytes, name: "scores", keys: Self.client.keys, answering: longer)
        }
        #expect(throws: WorkflowError.wrongKind(file: "scores", found: "encrypted rows", expected: "encrypted scores"))
        {
            try ScoringResponse(decoding: request.encoded(), name: "scores", keys: Self.client.keys, answering: request)
        }
        let otherResponse = try ScoringResponse(
            decoding: responseBytes, name: "scores", keys: Self.client.keys, answering: request)
        #expect(throws: WorkflowError.self) { try other.logits(otherResponse) }
    }

    @Test func lyingContainersAreRefused() throws {
        let keys = Self.client.keys
        let request = try Self.client.encrypt(Self.rows(tinyCSV(rows: 10)))
        let container = try Container.decode(request.encoded(), name: "rows", expecting: .encryptedRows)
        func refused(_ forged: Container) throws -> Bool {
            let data = try forged.encoded()
            do { _ = try ScoringRequest(decoding: data, name: "rows", keys: keys) } catch {
                return true
            }
            return false
        }
        var fewer = container
        fewer.sections.removeLast()
        #expect(try refused(fewer))
        var garbage = container
        garbage.sections[0] = [UInt8](repeating: 7, count: garbage.sections[0].count)
        #expect(try refused(garbage))
        var wider = container
        wider.metadata = Metadata.encode(
            LayoutInfo(
                format: ScoringRequest.format,
                layout: try SlotLayout(rowCount: 10, width: 5, slotCount: keys.context.slotCount)))
        #expect(try refused(wider))
        var flipped = [UInt8](try request.encoded())
        flipped[70] ^= 1
        #expect(throws: WorkflowError.self) { try ScoringRequest(decoding: Data(flipped), name: "rows", keys: keys) }

        let response = try ScoringServer(model: Self.model, keys: keys).score(request)
        var approximate = try Container.decode(response.encoded(), name: "s", expecting: .encryptedScores)
        approximate.metadata = Metadata.encode(
            ScoringResponse.Info(layout: request.rows.layout, kind: .approximateProbabilities))
        #expect(throws: WorkflowError.invalidFile(file: "s", reason: "it does not hold encrypted logits")) {
            try ScoringResponse(decoding: approximate.encoded(), name: "s", keys: keys, answering: request)
        }
    }

    @Test func keysWithoutTheRotationsScoringNeedsAreRefused() throws {
        let context = Self.client.keys.context
        let generator = KeyGenerator(context: context)
        let bare = try generator.evaluationKeys(
            for: generator.secretKey(), request: EvaluationKeyRequest(rotations: [], relinearization: false))
        let keys = ScoringKeys(
            keyID: .random(), context: context, evaluationKeys: bare, width: 4, blockWidth: 4)
        #expect(
            throws: WorkflowError.invalidFile(file: "keys", reason: "a rotation key scoring needs is missing")
        ) {
            try ScoringKeys(decoding: keys.encoded(), name: "keys", allowInsecure: true)
        }
        let wrongWidth = ScoringKeys(
            keyID: .random(), context: context, evaluationKeys: bare, width: 4, blockWidth: 3)
        #expect(throws: WorkflowError.self) {
            try ScoringKeys(decoding: wrongWidth.encoded(), name: "keys", allowInsecure: true)
        }
        #expect(throws: WorkflowError.self) {
            try ScoringServer(
                model: Self.model,
                keys: ScoringKeys(keyID: .random(), context: context, evaluationKeys: bare, width: 6, blockWidth: 8))
        }
    }
}
