import CKKS
import Foundation
import HEML

@testable import HEMLWorkflow

/// One role-separated scoring exchange on the smallest test ring (N = 2^10, one level), made in the fuzzing process
/// from the workflow key set's model: the scoring keys the request and response are checked against, a request
/// and its response, and their encoded bytes as the seeds of the scoring container targets.
final class ScoringFiles: Sendable {
    static let shared = try! ScoringFiles()
    /// The targets that read these files.
    static let targets: Set<FuzzTarget> = [.scoringKeys, .encryptedRows, .encryptedScores]

    let keys: ScoringKeys
    let request: ScoringRequest
    /// The files' bytes by target.
    let seeds: [FuzzTarget: Data]

    private init() throws {
        let files = WorkflowFiles.shared
        let model = try DataOwner.decrypt(
            model: files.directory.appendingPathComponent("model.hemlenc"),
            secretKey: files.directory.appendingPathComponent("owner.hemlsk"),
            publicBundle: files.directory.appendingPathComponent("server.hemlpub"),
            ownerState: files.directory.appendingPathComponent("data.owner.json"),
            modelOut: files.directory.appendingPathComponent("model.json"), allowInsecure: true
        ).model
        let parameters = try CKKSParameters(
            logDegree: 10, levels: 1, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 50,
            specialModulusCount: 1, security: .unchecked)
        let client = try ScoringClient(model: model, parameters: parameters)
        let rows = try Dataset(
            featureNames: model.features, labelName: model.label, features: [0.5, -1, 0.25, 0.75],
            labels: [0, 1])
        keys = client.keys
        request = try client.encrypt(rows)
        let response = try ScoringServer(model: model, keys: keys).score(request)
        seeds = [
            .scoringKeys: try keys.encoded(), .encryptedRows: try request.encoded(),
            .encryptedScores: try response.encoded(),
        ]
    }
}
