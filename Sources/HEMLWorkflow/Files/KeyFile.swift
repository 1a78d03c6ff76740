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

    /// Section 1, the keys: in memory, or still in the file (read as they are parsed).
    let keySource: any SerializedSource

    /// Section 1 of a container read whole.
    var keys: [UInt8] { container.sections[1] }

    /// Checks a container of `kind`: its section count, its metadata's `format`, the parameters (refused when
    /// marked unchecked, unless `allowInsecure`; checked ones are always held to the 128-bit table) and them
    /// against the header's fingerprint.
    init(_ container: Container, name: String, format: String, allowInsecure: Bool) throws(WorkflowError) {
        try self.init(
            container, sectionCount: container.sections.count, name: name, format: format,
            allowInsecure: allowInsecure, parameters: { container.sections[0] }, keys: { container.sections[1] })
    }

    /// The same checks on a file of `kind` read in place: only its header, metadata, section table and parameters
    /// are read now; the keys stay in the file until a reader parses them.
    init(reading file: OpenFile, kind: Container.Kind, format: String, allowInsecure: Bool) throws(WorkflowError) {
        let (container, ranges) = try Container.layout(size: file.size, name: file.name, expecting: kind) {
            range throws(WorkflowError) in Data(try file.read(range))
        }
        try self.init(
            container, sectionCount: ranges.count, name: file.name, format: format, allowInsecure: allowInsecure,
            parameters: { () throws(WorkflowError) in try file.read(ranges[0]) }, keys: { file.section(ranges[1]) })
    }

    private init(
        _ container: Container, sectionCount: Int, name: String, format: String, allowInsecure: Bool,
        parameters readParameters: () throws(WorkflowError) -> [UInt8], keys: () -> any SerializedSource
    ) throws(WorkflowError) {
        guard sectionCount == 2 else {
            throw .invalidFile(file: name, reason: "expected 2 sections, found \(sectionCount)")
        }
        let info = try Metadata.decode(Info.self, from: container.metadata, file: name)
        guard info.format == format else {
            throw .invalidFile(file: name, reason: "not \(container.kind.noun) (format \"\(info.format)\")")
        }
        let parameterBytes = try readParameters()
        let parameters: CKKSParameters
        do {
            parameters = try CKKSParameters(
                deserializing: parameterBytes,
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
        keySource = keys()
    }
}
