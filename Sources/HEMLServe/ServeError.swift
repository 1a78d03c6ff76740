import HEML
import HEMLWorkflow
import Hummingbird

/// What the service refuses on its own account, and how every refusal maps to an HTTP status.
enum ServeError: Error {
    case unknownSession
    case tooLarge(what: String, limit: Int)

    /// The status and message a client gets: 400 for bodies that fail a check, 404 for unknown or expired
    /// sessions, 409 for files that do not belong together (keys for another model width, rows of another key set),
    /// 413 for bodies over the limit, 500 (no details) for anything else.
    static func httpError(for error: any Error) -> HTTPError {
        switch error {
        case let error as HTTPError: error
        case ServeError.unknownSession:
            HTTPError(.notFound, message: "no such session (unknown, expired or evicted); register the keys again")
        case ServeError.tooLarge(let what, let limit):
            HTTPError(.contentTooLarge, message: "the \(what) exceed the server's limit of \(limit) bytes")
        case WorkflowError.mismatchedFiles(let reason): HTTPError(.conflict, message: reason)
        case WorkflowError.heml(let error): httpError(for: error)
        case let error as WorkflowError: HTTPError(.badRequest, message: error.description)
        case let error as HEMLError: HTTPError(.badRequest, message: error.description)
        default: HTTPError(.internalServerError, message: "internal error")
        }
    }
}
