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
}

extension ScoringRequest {
    /// Checks a request against the scoring keys it claims: the container, the key set, the metadata, the layout
    /// against the keys' widths and slot count, the ciphertext count, and every ciphertext against the parameters.
    ///
    /// - Parameters:
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
