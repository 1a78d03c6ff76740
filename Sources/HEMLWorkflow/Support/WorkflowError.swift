import CKKS
import Foundation
import HEML

/// Errors of the workflow: files that are not what they claim, files that do not belong together, unusable
/// output paths. Like every heml error, messages name files and reasons, never data values or key material.
public enum WorkflowError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// A file is not a valid heml file of its kind (`reason` names the first check that failed).
    case invalidFile(file: String, reason: String)
    /// A valid heml container of another kind than the command reads.
    case wrongKind(file: String, found: String, expected: String)
    /// Two or more files that must come from one key set, one dataset or one plan do not (`reason` says how).
    case mismatchedFiles(String)
    /// A path given for output cannot be written, or an input path is not a regular file.
    case unusablePath(String)
    /// A file uses parameters below 128-bit security (or marked unchecked) and the caller did not opt in.
    case insecureParameters(file: String)
    /// Flooding the decrypted weights for the statistical security asked would leave less than one bit of
    /// precision (`precisionBits`, from the `unfloodedBits` the weights have).
    case floodingLeavesNoPrecision(statisticalSecurity: Int, precisionBits: Double, unfloodedBits: Double)
    /// A row to score holds a value the model cannot score (`row` 1-based, in the rows given; `reason` says why;
    /// see ``ScoringInput`` for the range policy).
    case unscorableValue(row: Int, feature: String, reason: String)
    /// A scoring service answered with an error status (`status`, its message; see ``ScoringServiceAPI``).
    case serviceRefused(status: Int, message: String)
    /// A scoring service could not be reached, or its answer is not what the interface promises.
    case serviceUnavailable(String)
    /// A training run across processes could not start or lost a process (`reason` says which and what to do).
    case distributedFailure(String)
    /// A failure in the ML layer (CSV, model, planning, training) or, wrapped in `HEMLError.encryption(_:)`,
    /// in the CKKS layer, with its own message.
    case heml(HEMLError)

    public var description: String {
        switch self {
        case .invalidFile(let file, let reason): "\(file) is not a valid heml file: \(reason)"
        case .wrongKind(let file, let found, let expected): "\(file) holds \(found), not \(expected)"
        case .mismatchedFiles(let reason): reason
        case .unusablePath(let reason): reason
        case .insecureParameters(let file):
            "\(file) uses an insecure test ring (below 128-bit security); refusing it without an explicit opt-in "
                + "(--allow-insecure, tests only)"
        case .floodingLeavesNoPrecision(let security, let precision, let unflooded):
            "flooding for \(security) bits of statistical security would leave \(String(format: "%.1f", precision)) "
                + "bits of precision in the weights (they have about \(String(format: "%.1f", unflooded)) before "
                + "flooding); nothing useful would be published"
        case .unscorableValue(let row, let feature, let reason):
            "row \(row), feature \"\(feature)\" cannot be scored: \(reason)"
        case .serviceRefused(let status, let message): "the scoring service answered \(status): \(message)"
        case .serviceUnavailable(let reason): "the scoring service is unavailable: \(reason)"
        case .distributedFailure(let reason): "distributed training failed: \(reason)"
        case .heml(let error): error.description
        }
    }

    public var errorDescription: String? { description }
}

extension WorkflowError {
    /// One error type at the workflow's API: every public throwing call of HEMLWorkflow throws `WorkflowError`,
    /// and this initializer is how the layers below are bridged into it — a ``WorkflowError`` as is, an
    /// `HEMLError` as ``heml(_:)``, a `CKKSError` as ``heml(_:)`` of `HEMLError.encryption(_:)`.
    /// Use it to fold errors of HEML calls (reading a model or a CSV file) into the same `catch`.
    ///
    /// Any other error becomes ``heml(_:)`` of `HEMLError.invalidArgument(_:)` with the error's type name
    /// only (never its text, which might carry data).
    public init(_ error: any Error) {
        switch error {
        case let error as WorkflowError: self = error
        case let error as HEMLError: self = .heml(error)
        case let error as CKKSError: self = .heml(.encryption(error))
        default: self = .heml(.invalidArgument("unexpected \(type(of: error))"))
        }
    }
}

/// Runs `body`, bridging what it throws into ``WorkflowError`` (``WorkflowError/init(_:)``).
func bridged<T>(_ body: () throws -> T) throws(WorkflowError) -> T {
    do { return try body() } catch { throw WorkflowError(error) }
}
