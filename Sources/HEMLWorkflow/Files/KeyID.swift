import Foundation

/// A random 128-bit identifier drawn by `heml keygen`, carried by every file of that key set so files from
/// different runs (same parameters, different keys) are told apart before anything is decrypted.
public struct KeyID: Equatable, Sendable, CustomStringConvertible {
    let bytes: [UInt8]

    /// Nil unless `bytes` has 16 bytes.
    init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// A fresh identifier from the system random number generator.
    static func random() -> KeyID {
        var generator = SystemRandomNumberGenerator()
        return KeyID(bytes: (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })!
    }

    /// 32 lowercase hex digits.
    public var description: String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// The first 8 hex digits, for messages.
    public var short: String { String(description.prefix(8)) }
}
