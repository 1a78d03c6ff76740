import CKKS
import HEML

/// A 64-bit digest (XXH64) of a dataset's label and feature names, in order: lets `encrypt` tell that a file has
/// other columns (or another label choice) than the one keygen read, without the server reading the names.
enum ColumnsDigest {
    static func of(_ data: Dataset) -> String {
        let text = ([data.labelName] + data.featureNames).joined(separator: "\u{0}")
        return String(ByteCodec.checksum(Array(text.utf8)), radix: 16).leftPadded(to: 16)
    }
}

extension String {
    /// The string preceded by zeros up to `width` characters.
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
