import Foundation
import HEML
import HEMLWorkflow
import Hummingbird
import Logging

/// Encrypted scoring over HTTP (`ScoringServiceAPI`): a plaintext model, and one session per client holding that
/// client's evaluation keys. The server never holds a secret key and never sees a plaintext row or score: it turns
/// `ScoringRequest` containers into `ScoringResponse` containers of encrypted logits.
///
/// Every body is read as a stream up to its limit (``ServeLimits``) and checked in full (container, key set,
/// parameters, ciphertexts) before use; homomorphic work runs off the event loops, so `/health` answers while
/// requests are scored.
public struct ScoringService: Sendable {
    /// The model every session scores with.
    public let model: ModelFile
    /// Body sizes, session count and lifetime.
    public let limits: ServeLimits
    /// Accept scoring keys below 128-bit security (tests on small rings only).
    public let allowInsecure: Bool
    let sessions: SessionStore

    /// - Throws: `HEMLError.invalidArgument(_:)` for limits out of range (non-positive sizes, no session, a
    ///   non-positive lifetime).
    public init(model: ModelFile, limits: ServeLimits = ServeLimits(), allowInsecure: Bool = false) throws(HEMLError) {
        guard limits.maximumKeyBytes > 0, limits.maximumRequestBytes > 0, limits.maximumSessions >= 1,
            limits.sessionLifetime > 0
        else {
            throw .invalidArgument("serve limits must be positive (sizes, sessions, lifetime)")
        }
        self.model = model
        self.limits = limits
        self.allowInsecure = allowInsecure
        sessions = SessionStore(limits: limits)
    }

    /// The routes of `ScoringServiceAPI`.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get(RouterPath(ScoringServiceAPI.healthPath)) { _, _ in
            try json(.ok, ScoringServiceAPI.Health(status: "ok", sessions: await sessions.count))
        }
        router.post(RouterPath(ScoringServiceAPI.sessionsPath)) { request, _ in
            try await answering { try await register(request) }
        }
        router.post(RouterPath(ScoringServiceAPI.scoresPath(":session"))) { request, context in
            try await answering { try await score(request, session: context.parameters.require("session")) }
        }
        router.delete(RouterPath(ScoringServiceAPI.sessionPath(":session"))) { _, context in
            try await answering {
                guard await sessions.remove(try context.parameters.require("session")) else {
                    throw ServeError.unknownSession
                }
                return Response(status: .noContent)
            }
        }
        return router
    }

    /// An application serving ``router()`` on `host:port` (port 0: any free port). `onRunning` receives the port
    /// actually bound once the server accepts connections. Run it with `runService()` (stops on SIGINT/SIGTERM).
    public func application(
        host: String = "127.0.0.1", port: Int, logger: Logger = Logger(label: "heml-serve"),
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "heml"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    private func register(_ request: Request) async throws -> Response {
        let bytes = try await body(of: request, limit: limits.maximumKeyBytes, what: "scoring keys")
        let server = try await offload {
            let keys = try ScoringKeys(decoding: bytes, name: "the key upload", allowInsecure: allowInsecure)
            return try ScoringServer(model: model, keys: keys)
        }
        let id = await sessions.add(server)
        let created = ScoringServiceAPI.SessionCreated(session: id, expiresAfterSeconds: limits.sessionLifetime)
        var response = try json(.created, created)
        response.headers[.location] = ScoringServiceAPI.sessionPath(id)
        return response
    }

    private func score(_ request: Request, session: String) async throws -> Response {
        guard let server = await sessions.server(for: session) else { throw ServeError.unknownSession }
        let bytes = try await body(of: request, limit: limits.maximumRequestBytes, what: "encrypted rows")
        let answer = try await offload {
            try server.score(ScoringRequest(decoding: bytes, name: "the row upload", keys: server.keys)).encoded()
        }
        return Response(
            status: .ok, headers: [.contentType: ScoringServiceAPI.containerMediaType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer)))
    }

    /// The whole body, read as a stream and refused (413) as soon as it passes `limit` bytes.
    private func body(of request: Request, limit: Int, what: String) async throws -> Data {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw ServeError.tooLarge(what: what, limit: limit)
        }
        do {
            return Data(try await request.body.collect(upTo: limit).readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw ServeError.tooLarge(what: what, limit: limit)
        }
    }
}

/// Runs the homomorphic work on a Dispatch worker, keeping Swift concurrency's threads and the event loops free.
private func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try work() }) }
    }
}

/// Runs a handler and turns what it throws into a JSON error answer (``ServeError/httpError(for:)``).
private func answering(_ handler: () async throws -> Response) async throws -> Response {
    do { return try await handler() } catch { throw ServeError.httpError(for: error) }
}

func json(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return Response(
        status: status, headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
}
