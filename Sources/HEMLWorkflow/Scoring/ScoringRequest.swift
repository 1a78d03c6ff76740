import CKKS
import Foundation
import HEML

/// Encrypted rows (1, x) for scoring, scaled with the model's scaling before encryption: what the client sends the
/// server. A container of kind ``Container/Kind/encryptedRows`` whose metadata holds only the layout (no names,
/// no scaling).
public struct ScoringRequest: Sendable {
    static let format = "heml-encrypted-rows"

    /// The key set the rows are encrypted under.
    public let keyID: KeyID
    let fingerprint: UInt64
    /// The ciphertexts and their layout.
    public let rows: EncryptedDataset

    /// The file's bytes.
    ///
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` only if the rows exceed the format's bounds.
    public func encoded() throws(WorkflowError) -> Data {
        try ciphertextContainer(
            rows.blocks, kind: .encryptedRows, info: LayoutInfo(format: Self.format, layout: rows.layout), keyID: keyID,
            fingerprint: fingerprint
        ).encoded()
    }

    /// Writes ``encoded()`` atomically to `url`.
    ///
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` as ``encoded()``; ``WorkflowError/heml(_:)`` wrapping
    ///   `HEMLError.writeFailed(file:reason:)`.
    public func write(to url: URL) throws(WorkflowError) {
        let bytes = try encoded()
        try bridged { try AtomicFile.write(bytes, to: url) }
    }

}

extension ScoringRequest {
    /// Reads and checks a request file (see ``init(decoding:name:keys:)``).
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.fileUnreadable(file:reason:)`, or as
    ///   ``init(decoding:name:keys:)``.
    public init(reading url: URL, keys: ScoringKeys) throws(WorkflowError) {
        try self.init(decoding: bridged { try Container.readFile(url) }, name: url.lastPathComponent, keys: keys)
    }
}

extension ScoringRequest {
    /// Checks a request against the scoring keys it claims: the container, the key set, the metadata, the layout
    /// against the keys' widths and slot count, the ciphertext count, and every ciphertext against the parameters.
    ///
    /// - Parameters:
    ///   - data: the container's bytes.
    ///   - name: the file or message name used in errors.
    ///   - keys: the server's scoring keys.
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` naming the first check that failed;
    ///   ``WorkflowError/wrongKind(file:found:expected:)``; ``WorkflowError/mismatchedFiles(_:)`` for rows of
    ///   another key set.
    public init(decoding data: Data, name: String, keys: ScoringKeys) throws(WorkflowError) {
        let (container, info) = try checkedContainer(
            data, name: name, kind: .encryptedRows, info: LayoutInfo.self, keySet: keys.header,
            keySetName: "the scoring keys"
        )
        let layout = info.layout
        guard info.format == Self.format, layout.width == keys.width, layout.blockWidth == keys.blockWidth,
            layout.slotCount == keys.context.slotCount
        else {
            throw .invalidFile(file: name, reason: "its rows are not laid out as the scoring keys expect")
        }
        let blocks = try ciphertexts(
            container, file: name, expected: layout.ciphertextCount, context: keys.context)
        do {
            try self.init(
                keyID: keys.keyID, fingerprint: container.fingerprint,
                rows: EncryptedDataset(layout: layout, blocks: blocks))
        } catch {
            throw .invalidFile(file: name, reason: error.description)
        }
    }
}
