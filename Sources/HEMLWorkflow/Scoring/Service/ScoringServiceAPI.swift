import Foundation

/// The HTTP interface of `heml serve`, shared by the server (HEMLServe) and ``ScoringServiceClient``.
///
/// | Method and path | Body | Answer |
/// | --- | --- | --- |
/// | `GET /health` | — | 200, ``Health`` |
/// | `POST /v1/sessions` | ``ScoringKeys`` container | 201, ``SessionCreated`` |
/// | `POST /v1/sessions/{id}/scores` | ``ScoringRequest`` container | 200, ``ScoringResponse`` container |
/// | `DELETE /v1/sessions/{id}` | — | 204 |
///
/// Errors answer `{"error":{"message":"…"}}` with 400 (malformed, truncated or tampered container, insecure
/// parameters), 404 (unknown or expired session), 409 (keys for another model width, rows of another key set),
/// 413 (body over the server's limit).
public enum ScoringServiceAPI {
    /// `GET`: liveness.
    public static let healthPath = "/health"
    /// `POST` scoring keys here to open a session.
    public static let sessionsPath = "/v1/sessions"
    /// Media type of every container body.
    public static let containerMediaType = "application/octet-stream"

    /// `DELETE` here to close a session.
    public static func sessionPath(_ session: String) -> String { "\(sessionsPath)/\(session)" }

    /// `POST` encrypted rows here.
    public static func scoresPath(_ session: String) -> String { "\(sessionPath(session))/scores" }

    /// The answer to `GET /health`.
    public struct Health: Codable, Sendable, Equatable {
        /// `ok`.
        public var status: String
        /// Sessions held now.
        public var sessions: Int

        public init(status: String, sessions: Int) {
            self.status = status
            self.sessions = sessions
        }
    }

    /// The answer to a registration.
    public struct SessionCreated: Codable, Sendable, Equatable {
        /// The session's identifier (32 hex digits).
        public var session: String
        /// Seconds the session lives after its last use.
        public var expiresAfterSeconds: Double

        public init(session: String, expiresAfterSeconds: Double) {
            self.session = session
            self.expiresAfterSeconds = expiresAfterSeconds
        }

        enum CodingKeys: String, CodingKey { case session, expiresAfterSeconds = "expires_after_seconds" }
    }

    /// The body of every error answer.
    public struct ErrorBody: Codable, Sendable, Equatable {
        /// What went wrong (names checks and sizes, never data).
        public struct Details: Codable, Sendable, Equatable {
            public var message: String
        }

        public var error: Details
    }
}
