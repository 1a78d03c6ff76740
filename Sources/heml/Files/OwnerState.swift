import Foundation
import HEML

/// What the data owner keeps after encrypting (never sent to the server): feature names, label and its mapping,
/// the fitted scaling and the source, needed to turn decrypted weights into a model file that scores raw data.
/// JSON, written atomically with mode 0600.
struct OwnerState: Codable {
    struct Scaling: Codable {
        var method: String
        var center: [Double]
        var scale: [Double]
        var clip: Double?
    }

    var format = "heml-owner-state"
    var formatVersion = 1
    var hemlVersion = HEMLVersion.string
    var created = Metadata.now()
    var keySet: String
    var parametersFingerprint: String
    var source: String?
    var rows: Int
    var features: [String]
    var label: String
    var labelMapping: LabelMapping
    var scaling: Scaling
    var imputedCells: Int

    enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", hemlVersion = "heml_version", created, keySet = "key_set"
        case parametersFingerprint = "parameters_fingerprint", source, rows, features, label
        case labelMapping = "label_mapping", scaling, imputedCells = "imputed_cells"
    }

    init(data: Dataset, scaling: FeatureScaling, keyID: KeyID, fingerprint: UInt64) {
        keySet = keyID.description
        parametersFingerprint = String(format: "%016llx", fingerprint)
        source = data.source
        rows = data.rowCount
        features = data.featureNames
        label = data.labelName
        labelMapping = data.labelMapping
        self.scaling = Scaling(method: scaling.methodName, center: scaling.center, scale: scaling.scale, clip: scaling.clip)
        imputedCells = data.imputation?.total ?? 0
    }

    var featureScaling: FeatureScaling {
        get throws(HEMLError) {
            try FeatureScaling(center: scaling.center, scale: scaling.scale, clip: scaling.clip, methodName: scaling.method)
        }
    }

    func write(to url: URL) throws(HEMLError) {
        try AtomicFile.write(Metadata.encode(self), to: url)
    }

    /// Reads and checks the owner state (format, version, consistent lengths).
    static func read(_ url: URL) throws -> OwnerState {
        let name = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw HEMLError.fileUnreadable(file: name, reason: FileManager.default.fileExists(atPath: url.path)
                ? "cannot read (\(error.localizedDescription))" : "no such file")
        }
        if data.starts(with: Container.magic) { throw CLIError("\(name) is a heml binary file, not an owner-state JSON file") }
        let state = try Metadata.decode(OwnerState.self, from: data, file: name)
        guard state.format == "heml-owner-state" else { throw CLIError("\(name): not an owner-state file (format \"\(state.format)\")") }
        guard state.formatVersion == 1 else { throw CLIError("\(name): unsupported format_version \(state.formatVersion)") }
        guard state.scaling.center.count == state.features.count, state.scaling.scale.count == state.features.count else {
            throw CLIError("\(name): the scaling does not have one entry per feature")
        }
        _ = try state.featureScaling
        return state
    }
}
