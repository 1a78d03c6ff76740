import CKKS
import Foundation
import HEML

/// JSON metadata blocks of containers and the owner-state file: snake_case keys, sorted, so files are stable.
enum Metadata {
    static func encode<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(value) } catch { preconditionFailure("metadata types always encode: \(error)") }
    }

    /// Decodes a metadata block; errors name the file and the key, never values. Errors the types' own checks
    /// throw (a plan or sigmoid that does not rebuild) keep their message.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws(WorkflowError) -> T {
        do { return try JSONDecoder().decode(type, from: data) } catch let error as DecodingError {
            let path: ([any CodingKey]) -> String = { $0.map(\.stringValue).joined(separator: ".") }
            let reason: String =
                switch error {
                case .keyNotFound(let key, let context):
                    "missing key \"\((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))\""
                case .typeMismatch(_, let context), .valueNotFound(_, let context):
                    "wrong type at \"\(path(context.codingPath))\""
                case .dataCorrupted(let context):
                    context.codingPath.isEmpty ? "not valid JSON" : "bad value at \"\(path(context.codingPath))\""
                @unknown default: "unreadable metadata"
                }
            throw .invalidFile(file: file, reason: "invalid metadata: \(reason)")
        } catch let error as HEMLError {
            throw .invalidFile(file: file, reason: "invalid metadata: \(error.description)")
        } catch {
            throw .invalidFile(file: file, reason: "invalid metadata")
        }
    }

    /// The current time for `created` fields.
    static func now() -> String { ModelFile.timestamp(Date()) }
}

/// Runs a CKKS deserializer, turning its error into a message that names the file and the object.
func load<T>(_ what: String, in file: String, _ body: () throws(CKKSError) -> T) throws(WorkflowError) -> T {
    do { return try body() } catch {
        switch error {
        case .parameterMismatch:
            throw .mismatchedFiles(
                "\(file): \(what) belongs to other CKKS parameters than the public bundle "
                    + "(the files come from different keygen runs)")
        default:
            throw .invalidFile(file: file, reason: "\(what): \(error.description)")
        }
    }
}

/// Checks that two containers belong to one key set (same parameters, same keygen run).
func requireSameKeySet(_ a: Container, _ aName: String, _ b: Container, _ bName: String) throws(WorkflowError) {
    guard a.fingerprint == b.fingerprint else {
        throw .mismatchedFiles(
            "\(aName) and \(bName) were made under different CKKS parameters; they do not belong together")
    }
    guard a.keyID == b.keyID else {
        throw .mismatchedFiles(
            "\(aName) and \(bName) come from different keygen runs (key set \(a.keyID.short) vs "
                + "\(b.keyID.short)); they do not belong together")
    }
}
