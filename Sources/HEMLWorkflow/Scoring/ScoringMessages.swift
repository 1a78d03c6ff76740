import CKKS
import Foundation
import HEML

/// Encrypted rows (1, x) for scoring, scaled with the model's scaling before encryption: what the client sends the
/// server. A container of kind ``Container/Kind/encryptedRows`` whose metadata holds only the layout (no names,
/// no scaling).
public struct ScoringRequest: Sendable {
    struct Info: Codable {
        var format = "heml-encrypted-rows"
        var hemlVersion = HEMLVersion.string
        var created = Metadata.now()
        var layout: SlotLayout

        enum CodingKeys: String, CodingKey { case format, hemlVersion = "heml_version", created, layout }
    }

    /// The key set the rows are encrypted under.
    public let keyID: KeyID
    /// The ciphertexts and their layout.
    public let rows: EncryptedDataset
    let fingerprint: UInt64

    init(keyID: KeyID, fingerprint: UInt64, rows: EncryptedDataset) {
        self.keyID = keyID
        self.fingerprint = fingerprint
        self.rows = rows
    }

    /// The file's bytes.
    ///
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` only if the rows exceed the format's bounds.
    public func encoded() throws(WorkflowError) -> Data {
        try ciphertextContainer(
            rows.blocks, kind: .encryptedRows, info: Info(layout: rows.layout), keyID: keyID, fingerprint: fingerprint
        ).encoded()
    }

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
            data, name: name, kind: .encryptedRows, info: Info.self, keySet: keys.header, keySetName: "the scoring keys"
        )
        let layout = info.layout
        guard info.format == "heml-encrypted-rows", layout.width == keys.width, layout.blockWidth == keys.blockWidth,
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

/// Encrypted logits, one per row of a ``ScoringRequest``: what the server returns. A container of kind
/// ``Container/Kind/encryptedScores``.
public struct ScoringResponse: Sendable {
    struct Info: Codable {
        var format = "heml-encrypted-scores"
        var hemlVersion = HEMLVersion.string
        var created = Metadata.now()
        var layout: SlotLayout
        var kind: EncryptedScores.Kind

        enum CodingKeys: String, CodingKey { case format, hemlVersion = "heml_version", created, layout, kind }
    }

    /// The key set the scores are encrypted under.
    public let keyID: KeyID
    /// The ciphertexts, their layout and what they hold.
    public let scores: EncryptedScores
    let fingerprint: UInt64

    init(keyID: KeyID, fingerprint: UInt64, scores: EncryptedScores) {
        self.keyID = keyID
        self.fingerprint = fingerprint
        self.scores = scores
    }

    /// The file's bytes.
    ///
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` only if the scores exceed the format's bounds.
    public func encoded() throws(WorkflowError) -> Data {
        try ciphertextContainer(
            scores.blocks, kind: .encryptedScores, info: Info(layout: scores.layout, kind: scores.kind),
            keyID: keyID, fingerprint: fingerprint
        ).encoded()
    }

    /// Checks a response against the request it answers: the container, the key set, the metadata, the layout
    /// (exactly the request's), the kind (logits), the ciphertext count, and every ciphertext against the parameters.
    ///
    /// - Parameters:
    ///   - name: the file or message name used in errors.
    ///   - keys: the client's scoring keys.
    ///   - request: the request this answers.
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` naming the first check that failed;
    ///   ``WorkflowError/wrongKind(file:found:expected:)``; ``WorkflowError/mismatchedFiles(_:)`` for scores of
    ///   another key set or another request's layout.
    public init(decoding data: Data, name: String, keys: ScoringKeys, answering request: ScoringRequest)
        throws(WorkflowError)
    {
        let (container, info) = try checkedContainer(
            data, name: name, kind: .encryptedScores, info: Info.self, keySet: keys.header,
            keySetName: "the scoring keys")
        guard info.format == "heml-encrypted-scores", info.kind == .logits else {
            throw .invalidFile(file: name, reason: "it does not hold encrypted logits")
        }
        guard info.layout == request.rows.layout else {
            throw .mismatchedFiles("\(name) does not answer the request: its rows are laid out differently")
        }
        let blocks = try ciphertexts(
            container, file: name, expected: info.layout.rowBlocks, context: keys.context)
        do {
            try self.init(
                keyID: keys.keyID, fingerprint: container.fingerprint,
                scores: EncryptedScores(layout: info.layout, blocks: blocks, kind: info.kind))
        } catch {
            throw .invalidFile(file: name, reason: error.description)
        }
    }
}
