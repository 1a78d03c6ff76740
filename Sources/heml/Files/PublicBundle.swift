import CKKS
import Foundation
import HEML

/// What the data owner gives the server: CKKS parameters, evaluation keys (relinearization and the plan's
/// rotations) and the training plan's settings. Never a secret key.
struct PublicBundle {
    struct Info: Codable, FormatNamed {
        var format = "heml-public-bundle"
        var hemlVersion = HEMLVersion.string
        var created = Metadata.now()
        var plan: PlanSettings
        /// ``ColumnsDigest`` of the CSV header keygen read (label and feature names), so `encrypt` can tell a
        /// different file or label choice of the same shape; a digest, so the server does not read the names.
        var columnsDigest: String?

        enum CodingKeys: String, CodingKey {
            case format, hemlVersion = "heml_version", created, plan, columnsDigest = "columns_digest"
        }
    }

    let keyID: KeyID
    let plan: TrainingPlan
    let context: CKKSContext
    /// Nil when read without them.
    let evaluationKeys: EvaluationKeys?
    /// The file's header and metadata (sections dropped once read).
    let container: Container
    /// The digest of the columns keygen read, if recorded.
    let columnsDigest: String?

    /// Writes a bundle (sections: parameters, evaluation keys).
    static func write(to url: URL, keyID: KeyID, plan: TrainingPlan, evaluationKeys: EvaluationKeys,
                      columnsDigest: String) throws(HEMLError) {
        let info = Info(plan: PlanSettings(plan), columnsDigest: columnsDigest)
        let container = Container(kind: .publicBundle, fingerprint: plan.parameters.fingerprint, keyID: keyID,
                                  metadata: Metadata.encode(info),
                                  sections: [plan.parameters.serialized(), evaluationKeys.serialized()])
        try container.write(to: url)
    }

    /// Reads and checks a bundle: container, parameters against the header fingerprint, the plan rebuilt from its
    /// settings against the parameters, the evaluation keys against the parameters (the trainer then checks that
    /// every rotation the plan needs has a key).
    /// - Parameter evaluationKeys: false to skip reading the evaluation keys (the owner's commands do not need them).
    init(reading url: URL, evaluationKeys loadKeys: Bool = true) throws {
        let file = try KeyFile<Info>(reading: url, kind: .publicBundle, format: "heml-public-bundle")
        container = file.header
        plan = try file.info.plan.plan(matching: file.parameters, file: file.name)
        let context = try CKKSContext(parameters: file.parameters)
        self.context = context
        evaluationKeys = loadKeys ? try load("the evaluation keys", in: file.name) { () throws(CKKSError) in
            try EvaluationKeys(deserializing: file.keys, context: context)
        } : nil
        keyID = file.container.keyID
        columnsDigest = file.info.columnsDigest
    }
}

/// A 64-bit FNV-1a digest of a dataset's label and feature names, in order.
enum ColumnsDigest {
    static func of(_ data: Dataset) -> String {
        let text = ([data.labelName] + data.featureNames).joined(separator: "\u{0}")
        let hash = text.utf8.reduce(into: 0xcbf2_9ce4_8422_2325 as UInt64) { $0 = ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01b3 }
        return String(format: "%016llx", hash)
    }
}
