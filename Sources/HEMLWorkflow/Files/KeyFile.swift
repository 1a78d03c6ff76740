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
    /// Section 0, checked against the header's fingerprint and the security policy.
    let parameters: CKKSParameters

    /// The container without its sections (what the readers keep once the keys are read).
    var header: Container {
        var header = container
        header.sections = []
        return header
    }

    /// Section 1, the keys.
    var keys: [UInt8] { container.sections[1] }

    /// Checks a container of `kind`: its section count, its metadata's `format`, the parameters (refused when
    /// marked unchecked, unless `allowInsecure`; checked ones are always held to the 128-bit table) and them
    /// against the header's fingerprint.
    init(_ container: Container, name: String, format: String, allowInsecure: Bool) throws(WorkflowError) {
        guard container.sections.count == 2 else {
            throw .invalidFile(file: name, reason: "expected 2 sections, found \(container.sections.count)")
        }
        let info = try Metadata.decode(Info.self, from: container.metadata, file: name)
        guard info.format == format else {
            throw .invalidFile(file: name, reason: "not \(container.kind.noun) (format \"\(info.format)\")")
        }
        let parameters: CKKSParameters
        do {
            parameters = try CKKSParameters(
                deserializing: container.sections[0],
                accepting: allowInsecure ? .unchecked : .classical128)
        } catch .uncheckedParametersRefused {
            throw .insecureParameters(file: name)
        } catch {
            throw .invalidFile(file: name, reason: "the CKKS parameters: \(error.description)")
        }
        guard parameters.fingerprint == container.fingerprint else {
            throw .invalidFile(
                file: name, reason: "the header's parameter fingerprint does not match the stored parameters")
        }
        self.name = name
        self.container = container
        self.info = info
        self.parameters = parameters
    }
}
