import Foundation
import HEML
import HEMLServe
import HEMLWorkflow
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A two-feature model (features a, b; z-scores clipped to ±1) and rows near its training center.
enum Fixture {
    static func model(features: [String] = ["a", "b"]) throws -> ModelFile {
        let d = features.count
        let json: [String: Any] = [
            "format": "heml-logistic-regression", "format_version": 1, "label": "y", "features": features,
            "label_mapping": ["positive_value": 1, "negative_value": 0],
            "center": (0..<d).map { Double($0 + 1) }, "scale": (0..<d).map { Double($0 + 3) }, "clip": 1,
            "weights": (0..<d).map { 0.5 - Double($0) }, "intercept": 0.1,
            "training": [
                "iterations": 7, "scaling": "zscore-clip4", "heml_version": "0.1.0", "learning_rate": 10,
                "timestamp": "2026-01-01T00:00:00Z", "method": "nesterov-plaintext", "initial_alpha": 0.01,
                "training_rows": 100, "sigmoid": "exact",
            ],
        ]
        return try ModelFile.decode(JSONSerialization.data(withJSONObject: json), name: "model.json")
    }

    /// `count` rows of columns b, a (reversed order), values within one scale unit of the center.
    static func rows(_ count: Int) throws -> Dataset {
        var text = "b,a,y\n"
        for i in 0..<count {
            let u = Double(i) / Double(max(1, count - 1))
            text += "\(2 + 3.5 * (u - 0.5)),\(1 - 2.5 * (u - 0.5)),\(i % 2)\n"
        }
        return try CSVReader.readForScoring(
            bytes: Array(text.utf8), name: "rows.csv", options: CSVReadOptions(labelColumn: "y")
        ).dataset(labelName: "y")
    }

    /// Test-only ring N = 2^12 (not secure), so keys are about 0.3 MiB.
    static func client(_ model: ModelFile) throws -> ScoringClient {
        try ScoringClient(model: model, parameters: ScoringClient.insecureTestParameters(logDegree: 12))
    }
}

/// Runs `body` against `service` listening on a free loopback port; stops the server afterwards.
func withRunningService<T: Sendable>(
    _ service: ScoringService, _ body: @Sendable (ScoringServiceClient) async throws -> T
) async throws -> T {
    let (ports, announce) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "heml-serve-test")
    logger.logLevel = .critical
    let application = service.application(port: 0, logger: logger) { announce.yield($0) }
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await application.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        defer { group.cancelAll() }
        return try await body(ScoringServiceClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!))
    }
}

/// A raw exchange (for bodies the typed client would never send): the status and the error message if any.
func post(_ body: Data, to path: String, on service: ScoringServiceClient) async throws -> (Int, String?) {
    var request = URLRequest(url: URL(string: path, relativeTo: service.baseURL)!)
    request.httpMethod = "POST"
    request.httpBody = body
    let (data, response) = try await URLSession.shared.data(for: request)
    let message = try? JSONDecoder().decode(ScoringServiceAPI.ErrorBody.self, from: data).error.message
    return ((response as! HTTPURLResponse).statusCode, message)
}
