import CKKS
import Foundation
import HEML

/// Container metadata that names the file's format (`"format": "heml-…"`).
protocol FormatNamed: Decodable {
    var format: String { get }
}

/// What the two key files (public bundle, secret key) share: a container of two sections, the CKKS parameters
/// and then the keys, with metadata naming the format; read and checked up to the parameters.
struct KeyFile<Info: FormatNamed> {
    let name: String
    /// The container as read, sections included.
    let container: Container
    let info: Info
    /// Section 0, checked against the header's fingerprint.
    let parameters: CKKSParameters

    /// The container without its sections (what the readers keep once the keys are read).
    var header: Container {
        var header = container
        header.sections = []
        return header
    }

    /// Section 1, the keys.
    var keys: [UInt8] { container.sections[1] }

    /// Reads a container of `kind` and checks its section count, its metadata's `format` and the parameters.
    init(reading url: URL, kind: Container.Kind, format: String) throws {
        let name = url.lastPathComponent
        let container = try Container.read(url, expecting: kind)
        guard container.sections.count == 2 else { throw CLIError("\(name): expected 2 sections, found \(container.sections.count)") }
        let info = try Metadata.decode(Info.self, from: container.metadata, file: name)
        guard info.format == format else { throw CLIError("\(name): not \(kind.noun) (format \"\(info.format)\")") }
        let parameters = try load("the CKKS parameters", in: name) { () throws(CKKSError) in
            try CKKSParameters(deserializing: container.sections[0])
        }
        guard parameters.fingerprint == container.fingerprint else {
            throw CLIError("\(name): the header's parameter fingerprint does not match the stored parameters")
        }
        self.name = name
        self.container = container
        self.info = info
        self.parameters = parameters
    }
}
