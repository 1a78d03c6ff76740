import CKKS
import Foundation
import HEML

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
    let fingerprint: UInt64
    /// The ciphertexts, their layout and what they hold.
    public let scores: EncryptedScores

    /// The file's bytes.
    ///
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` only if the scores exceed the format's bounds.
    public func encoded() throws(WorkflowError) -> Data {
        try ciphertextContainer(
            scores.blocks, kind: .encryptedScores, info: Info(layout: scores.layout, kind: scores.kind),
            keyID: keyID, fingerprint: fingerprint
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

extension ScoringResponse {
    /// Reads and checks a response file (see ``init(decoding:name:keys:answering:)``).
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.fileUnreadable(file:reason:)`, or as
    ///   ``init(decoding:name:keys:answering:)``.
    public init(reading url: URL, keys: ScoringKeys, answering request: ScoringRequest) throws(WorkflowError) {
        try self.init(
            decoding: bridged { try Container.readFile(url) }, name: url.lastPathComponent, keys: keys,
            answering: request)
    }
}

extension ScoringResponse {
    /// Checks a response against the request it answers: the container, the key set, the metadata, the layout
    /// (exactly the request's), the kind (logits), the ciphertext count, and every ciphertext against the parameters.
    ///
    /// - Parameters:
    ///   - data: the container's bytes.
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
