import CKKS
import Foundation
import HEML

/// The data owner's secret key in a file of its own kind (no other reader accepts it), mode 0600. It carries the
/// CKKS parameters so the owner can decrypt without the public bundle.
struct SecretKeyFile {
    struct Info: Codable, FormatNamed {
        var format = "heml-secret-key"
        var hemlVersion = HEMLVersion.string
        var created = Metadata.now()
        var warning =
            "This file is the secret key: whoever holds it can decrypt everything encrypted for this key set. "
            + "Keep it with the data owner; never send it to the server."

        enum CodingKeys: String, CodingKey { case format, hemlVersion = "heml_version", created, warning }
    }

    let keyID: KeyID
    let context: CKKSContext
    let secretKey: SecretKey
    /// The file's header and metadata (sections dropped once read).
    let container: Container

    /// Writes `secretKey` atomically, mode 0600; `info` is the metadata (a party's share names its own format).
    static func write(
        to url: URL, keyID: KeyID, parameters: CKKSParameters, secretKey: SecretKey, info: Info = Info()
    ) throws(HEMLError) {
        var keyBytes = secretKey.serializedSecretKey()
        defer { keyBytes.wipeSecret() }
        var container = Container(
            kind: .secretKey, fingerprint: parameters.fingerprint, keyID: keyID,
            metadata: Metadata.encode(info), sections: [parameters.serialized(), keyBytes])
        var data: Data
        do { data = try container.encoded() } catch {
            throw .writeFailed(file: url.lastPathComponent, reason: error.description)
        }
        container.sections = []
        defer { data.wipeSecret() }
        try AtomicFile.write(data, to: url)
    }

    /// Reads a secret-key file, checked like every container.
    ///
    /// - Parameters:
    ///   - context: the context of the public bundle read alongside, reused when the parameters agree.
    ///   - format: the metadata's format name: a data owner's key, or a party's share of a multiparty session.
    init(
        reading url: URL, context shared: CKKSContext? = nil, allowInsecure: Bool = false,
        format: String = "heml-secret-key"
    ) throws {
        let name = url.lastPathComponent
        let file = try KeyFile<Info>(
            Container.read(url, expecting: .secretKey), name: name, format: format,
            allowInsecure: allowInsecure)
        container = file.header
        let parameters = file.parameters
        let context =
            try shared.flatMap { $0.parameters == parameters ? $0 : nil } ?? CKKSContext(parameters: parameters)
        self.context = context
        secretKey = try load("the secret key", in: name) { () throws(CKKSError) in
            try SecretKey(deserializing: file.keys, context: context)
        }
        keyID = file.container.keyID
    }
}
