import Foundation
import HEML

/// What the data owner keeps after encrypting (never sent to the server): feature names, label and its mapping,
/// the fitted scaling and the source, needed to turn decrypted weights into a model file that scores raw data.
/// JSON, written atomically with mode 0600.
public struct OwnerState: Codable, Sendable {
    var format = "heml-owner-state"
    var formatVersion = OwnerState.currentFormatVersion
    var hemlVersion = HEMLVersion.string
    var created = Metadata.now()
    /// The key set (``KeyID`` as hex) the data was encrypted under.
    public var keySet: String
    var parametersFingerprint: String
    /// The CSV file name the rows came from.
    public var source: String?
    /// Training rows.
    public var rows: Int
    /// Feature names, in the order of the encrypted columns.
    public var features: [String]
    /// The label column's name.
    public var label: String
    var labelMapping: LabelMapping
    /// The scaling fitted on the training rows.
    public var scaling: FeatureScaling
    var imputedCells: Int

    /// Version 3 added the scaling's preconditioning multipliers; version 2 files (none) are still read.
    static let currentFormatVersion = 3
    static let readableFormatVersions = 2...3

    /// Largest row count an owner-state file may claim (the planner's bound on rows is far lower).
    static let maximumRows = 1 << 40

    enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", hemlVersion = "heml_version", created, keySet = "key_set"
        case parametersFingerprint = "parameters_fingerprint", source, rows, features, label
        case labelMapping = "label_mapping", scaling, imputedCells = "imputed_cells"
    }

    init(data: Dataset, scaling: FeatureScaling, keyID: KeyID, fingerprint: UInt64) {
        keySet = keyID.description
        parametersFingerprint = String(fingerprint, radix: 16).leftPadded(to: 16)
        source = data.source
        rows = data.rowCount
        features = data.featureNames
        label = data.labelName
        labelMapping = data.labelMapping
        self.scaling = scaling
        imputedCells = data.imputation?.total ?? 0
    }

    func write(to url: URL) throws(HEMLError) {
        try AtomicFile.write(Metadata.encode(self), to: url)
    }

    /// Reads and checks the owner state (see ``init(decoding:name:)``).
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.fileUnreadable(file:reason:)`, or as
    ///   ``init(decoding:name:)``.
    public static func read(_ url: URL) throws(WorkflowError) -> OwnerState {
        let name = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .heml(
                .fileUnreadable(
                    file: name,
                    reason: FileManager.default.fileExists(atPath: url.path)
                        ? "cannot read (\(error.localizedDescription))" : "no such file"))
        }
        return try OwnerState(decoding: data, name: name)
    }

    /// Checks format, version, counts and that the scaling has one entry per feature.
    ///
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` naming the first check that failed.
    public init(decoding data: Data, name: String) throws(WorkflowError) {
        if data.starts(with: Container.magic) {
            throw .invalidFile(file: name, reason: "it is a heml binary file, not an owner-state JSON file")
        }
        self = try Metadata.decode(OwnerState.self, from: data, file: name)
        guard format == "heml-owner-state" else {
            throw .invalidFile(file: name, reason: "not an owner-state file (format \"\(format)\")")
        }
        guard Self.readableFormatVersions.contains(formatVersion) else {
            throw .invalidFile(file: name, reason: "unsupported format_version \(formatVersion)")
        }
        guard (1...Self.maximumRows).contains(rows), !features.isEmpty, imputedCells >= 0,
            imputedCells / features.count <= rows
        else {
            throw .invalidFile(file: name, reason: "its row, feature or imputed-cell counts are out of range")
        }
        guard scaling.featureCount == features.count else {
            throw .invalidFile(file: name, reason: "the scaling does not have one entry per feature")
        }
        guard formatVersion >= 3 || scaling.multipliers == nil else {
            throw .invalidFile(file: name, reason: "format_version 2 has no scaling multipliers")
        }
    }
}
