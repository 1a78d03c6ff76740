import CKKS
import Foundation
import HEML

/// JSON metadata blocks of containers and the owner-state file: snake_case keys, sorted, so files are stable.
enum Metadata {
    static func encode<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try! encoder.encode(value)
    }

    /// Decodes a metadata block; errors name the file and the key, never values.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: data) } catch let error as DecodingError {
            let path: ([any CodingKey]) -> String = { $0.map(\.stringValue).joined(separator: ".") }
            let reason: String = switch error {
            case .keyNotFound(let key, let context):
                "missing key \"\((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))\""
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                "wrong type at \"\(path(context.codingPath))\""
            case .dataCorrupted(let context): context.codingPath.isEmpty ? "not valid JSON" : "bad value at \"\(path(context.codingPath))\""
            @unknown default: "unreadable metadata"
            }
            throw CLIError("\(file): invalid metadata: \(reason)")
        } catch {
            throw CLIError("\(file): invalid metadata")
        }
    }

    /// The current time for `created` fields.
    static func now() -> String { ModelFile.timestamp(Date()) }
}

/// Runs a CKKS deserializer, turning its error into a message that names the file and the object.
func load<T>(_ what: String, in file: String, _ body: () throws(CKKSError) -> T) throws -> T {
    do { return try body() } catch {
        switch error {
        case .parameterMismatch:
            throw CLIError("\(file): \(what) belongs to other CKKS parameters than the public bundle " +
                           "(the files come from different keygen runs)")
        default:
            throw CLIError("\(file): \(what): \(error.description)")
        }
    }
}

/// Checks that two containers belong to one key set (same parameters, same keygen run).
func requireSameKeySet(_ a: Container, _ aName: String, _ b: Container, _ bName: String) throws {
    guard a.fingerprint == b.fingerprint else {
        throw CLIError("\(aName) and \(bName) were made under different CKKS parameters; they do not belong together")
    }
    guard a.keyID == b.keyID else {
        throw CLIError("\(aName) and \(bName) come from different keygen runs (key set \(a.keyID.short) vs " +
                       "\(b.keyID.short)); they do not belong together")
    }
}

extension KeyID {
    /// The first 8 hex digits, for messages.
    var short: String { String(description.prefix(8)) }
}
