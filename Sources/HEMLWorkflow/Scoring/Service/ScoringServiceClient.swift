import Foundation
import HEML

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The HTTP side of a ``ScoringClient``: talks to `heml serve` (``ScoringServiceAPI``) with Foundation's
/// `URLSession`. It carries only containers: scoring keys (no secret), encrypted rows and encrypted logits.
public struct ScoringServiceClient: Sendable {
    /// The service's address, e.g. `http://127.0.0.1:8080`.
    public let baseURL: URL
    /// Seconds one request may take (uploading keys, scoring a batch), > 0.
    public let timeout: Double

    public init(baseURL: URL, timeout: Double = 300) {
        self.baseURL = baseURL
        self.timeout = timeout
    }

    /// Whether `GET /health` answers 200.
    public func isHealthy() async -> Bool {
        (try? await exchange("GET", ScoringServiceAPI.healthPath, body: nil, expecting: 200)) != nil
    }

    /// Registers scoring keys and opens a session (`POST /v1/sessions`).
    ///
    /// - Throws: ``WorkflowError/serviceRefused(status:message:)`` (e.g. 409 for keys drawn for another model
    ///   width, 413 for keys over the server's limit); ``WorkflowError/serviceUnavailable(_:)``.
    public func register(_ keys: ScoringKeys) async throws(WorkflowError) -> ScoringServiceAPI.SessionCreated {
        let answer = try await exchange("POST", ScoringServiceAPI.sessionsPath, body: keys.encoded(), expecting: 201)
        guard let created = try? JSONDecoder().decode(ScoringServiceAPI.SessionCreated.self, from: answer) else {
            throw .serviceUnavailable("the registration answer is not a session")
        }
        return created
    }

    /// Scores encrypted rows in a session (`POST /v1/sessions/{id}/scores`) and checks the answer against the
    /// request (``ScoringResponse/init(decoding:name:keys:answering:)``).
    ///
    /// - Throws: ``WorkflowError/serviceRefused(status:message:)`` (404 for an expired or evicted session: register
    ///   again); ``WorkflowError/serviceUnavailable(_:)``; ``WorkflowError/invalidFile(file:reason:)`` or
    ///   ``WorkflowError/mismatchedFiles(_:)`` for an answer that fails its checks.
    public func score(_ request: ScoringRequest, session: String, keys: ScoringKeys) async throws(WorkflowError)
        -> ScoringResponse
    {
        let answer = try await exchange(
            "POST", ScoringServiceAPI.scoresPath(session), body: request.encoded(), expecting: 200)
        return try ScoringResponse(decoding: answer, name: "the service's answer", keys: keys, answering: request)
    }

    /// Closes a session (`DELETE /v1/sessions/{id}`); the server drops the keys.
    ///
    /// - Throws: ``WorkflowError/serviceRefused(status:message:)`` (404 for an unknown session);
    ///   ``WorkflowError/serviceUnavailable(_:)``.
    public func close(session: String) async throws(WorkflowError) {
        _ = try await exchange("DELETE", ScoringServiceAPI.sessionPath(session), body: nil, expecting: 204)
    }

    private func exchange(_ method: String, _ path: String, body: Data?, expecting status: Int)
        async throws(WorkflowError) -> Data
    {
        guard let url = URL(string: path, relativeTo: baseURL) else {
            throw .serviceUnavailable("\(path) is not a path under \(baseURL)")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue(ScoringServiceAPI.containerMediaType, forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw .serviceUnavailable("\(method) \(url.absoluteString): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw .serviceUnavailable("\(method) \(url.absoluteString): not an HTTP answer")
        }
        guard http.statusCode == status else {
            let message = (try? JSONDecoder().decode(ScoringServiceAPI.ErrorBody.self, from: data))?.error.message
            throw .serviceRefused(status: http.statusCode, message: message ?? "no error message")
        }
        return data
    }
}

extension ScoringClient {
    /// Scores `rows` on a service end to end: registers ``keys`` (a new session), encrypts the rows
    /// (``encrypt(_:maximumScaledMagnitude:)``), sends them, checks and decrypts the answer, and closes the session.
    ///
    /// - Returns: the logits, one per row in order (``probabilities(_:)`` for σ).
    /// - Throws: as ``encrypt(_:maximumScaledMagnitude:)``, ``ScoringServiceClient/register(_:)``,
    ///   ``ScoringServiceClient/score(_:session:keys:)`` and ``logits(_:)``.
    public func logits(
        for rows: Dataset, on service: ScoringServiceClient,
        maximumScaledMagnitude: Double = ScoringInput.defaultMaximumScaledMagnitude
    ) async throws(WorkflowError) -> [Double] {
        let request = try encrypt(rows, maximumScaledMagnitude: maximumScaledMagnitude)
        let session = try await service.register(keys).session
        let response = try await service.score(request, session: session, keys: keys)
        try? await service.close(session: session)
        return try logits(response)
    }
}
