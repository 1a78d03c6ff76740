import CKKS
import Foundation
import HEML

/// A multiparty session, fixed once before any key exists and read by every role: the parties' names and row
/// counts, the training plan (hence the CKKS parameters), the columns, the joint scaling's clip, the flooding, the
/// differential-privacy request (optional) and the common reference string. Every file derived from it carries its
/// identifier and its digest, so a file of another session, or of an edited one, is refused.
///
/// The file is a container of kind 9 with two sections, the CKKS parameters and the 32-byte CRS seed. It holds no
/// rows and no key: the parties, the aggregator and anyone combining a model read it; the server never needs it.
/// The exchange directory, where every role puts the files it sends, is the session file's directory.
public struct MultipartySession: Sendable {
    struct Info: Codable, FormatNamed {
        var format = MultipartySession.format
        var hemlVersion = HEMLVersion.string
        var created = Metadata.now()
        var parties: [String]
        var rows: [Int]
        var plan: TrainingPlan
        var columnsDigest: String
        var features: [String]
        var label: String
        var labelMapping: LabelMapping
        var clip: Double
        var statisticalSecurity: Int
        var floodRelease: Bool
        /// Differentially private training (absent: none).
        var privacy: Privacy?

        enum CodingKeys: String, CodingKey {
            case format, hemlVersion = "heml_version", created, parties, rows, plan
            case columnsDigest = "columns_digest", features, label, labelMapping = "label_mapping", clip
            case statisticalSecurity = "statistical_security", floodRelease = "flood_release"
            case privacy = "differential_privacy"
        }
    }

    /// The stored privacy request: the budget (ε, δ) and the colluders t of ``NoiseSharing``.
    struct Privacy: Codable, Equatable {
        var epsilon: Double
        var delta: Double
        var colluders: Int
    }

    static let format = "heml-multiparty-session"

    /// The session's identifier: the key set of the public bundle, the dataset and the model it leads to.
    public let id: KeyID
    /// XXH64 of the session file's bytes (16 hex digits); every exchange file names it.
    public let digest: String
    /// The parties, in the order of their rows in the union.
    public var parties: [String] { info.parties }
    /// Each party's row count.
    public var rows: [Int] { info.rows }
    /// The training plan.
    public var plan: TrainingPlan { info.plan }
    /// The differential-privacy budget and how the parties share the noise; nil for a session without. With it the
    /// joint scaling has no preconditioner (no Gram round) and every party encrypts a noise share with its rows.
    public let privacy: (budget: DPRelease, sharing: NoiseSharing)?
    /// The directory the roles exchange files in (the session file's).
    public let directory: URL
    /// The session file's name, for messages.
    public let name: String
    let info: Info
    let context: CKKSContext
    let combiner: MultipartyCombiner
    /// The session file's header (sections dropped): what exchange files are checked against.
    let container: Container

    /// The index of the party named `party`.
    ///
    /// - Throws: ``WorkflowError/mismatchedFiles(_:)`` for a name the session does not list.
    func index(of party: String) throws(WorkflowError) -> Int {
        guard let index = parties.firstIndex(of: party) else {
            throw .mismatchedFiles(
                "\(name) has no party \"\(party)\" (its parties: \(parties.joined(separator: ", ")))")
        }
        return index
    }

    /// The union's row index of party `index`'s first row.
    func firstRow(of index: Int) -> Int { rows.prefix(index).reduce(0, +) }

    /// How a party's CSV is read: the session's label column, no imputation (each party's means would differ from
    /// the union's).
    var readOptions: CSVReadOptions { CSVReadOptions(labelColumn: info.label) }

    // MARK: Writing

    /// Writes a new session for `parties` holding `rows` rows each (atomically, mode 0600; a fresh identifier and
    /// CRS). The CSV (any party's) gives the columns and the label's classes.
    static func write(
        to url: URL, columnsOf data: Dataset, parties: [String], rows: [Int], plan: TrainingPlan, clip: Double,
        statisticalSecurity: Int, floodRelease: Bool, privacy: Privacy?
    ) throws(WorkflowError) -> KeyID {
        let id = KeyID.random()
        let crs = try bridged { try CommonReferenceString.fresh() }
        let info = Info(
            parties: parties, rows: rows, plan: plan, columnsDigest: ColumnsDigest.of(data),
            features: data.featureNames, label: data.labelName, labelMapping: data.labelMapping, clip: clip,
            statisticalSecurity: statisticalSecurity, floodRelease: floodRelease, privacy: privacy)
        _ = try check(info, name: url.lastPathComponent)
        try bridged {
            try Container(
                kind: .session, fingerprint: plan.parameters.fingerprint, keyID: id, metadata: Metadata.encode(info),
                sections: [plan.parameters.serialized(), crs.seed]
            ).write(to: url)
        }
        return id
    }

    // MARK: Reading

    /// Reads and checks a session file (see ``init(decoding:name:directory:allowInsecure:)``).
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.fileUnreadable(file:reason:)`, or as
    ///   ``init(decoding:name:directory:allowInsecure:)``.
    public init(reading url: URL, allowInsecure: Bool = false) throws(WorkflowError) {
        try self.init(
            decoding: bridged { try Container.readFile(url) }, name: url.lastPathComponent,
            directory: url.deletingLastPathComponent(), allowInsecure: allowInsecure)
    }

    /// Checks a session: the container, the parameters (against the header and the security policy), the CRS seed,
    /// the parties (2 … 64 distinct names), their rows against the plan's, the plan against the parameters, and
    /// the options' ranges (the privacy budget's and colluders' included).
    ///
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` naming the first check that failed;
    ///   ``WorkflowError/insecureParameters(file:)`` for a test ring without `allowInsecure`.
    public init(decoding data: Data, name: String, directory: URL, allowInsecure: Bool = false)
        throws(WorkflowError)
    {
        let file = try KeyFile<Info>(
            Container.decode(data, name: name, expecting: .session), name: name, format: Self.format,
            allowInsecure: allowInsecure)
        privacy = try Self.check(file.info, name: name)
        guard file.info.plan.parameters == file.parameters else {
            throw .invalidFile(file: name, reason: "the stored plan does not reproduce the stored CKKS parameters")
        }
        let crs: CommonReferenceString
        do { crs = try CommonReferenceString(seed: file.keys) } catch {
            throw .invalidFile(file: name, reason: "the common reference string is not 32 bytes")
        }
        let context = try load("the CKKS parameters", in: name) { () throws(CKKSError) in
            try CKKSContext(parameters: file.parameters)
        }
        combiner = try bridged {
            try MultipartyCombiner(context: context, crs: crs, partyCount: file.info.parties.count)
        }
        self.context = context
        info = file.info
        id = file.container.keyID
        container = file.header
        digest = String(ByteCodec.checksum([UInt8](data)), radix: 16).leftPadded(to: 16)
        self.directory = directory
        self.name = name
    }

    /// The checks of the session's metadata that do not need the parameters; the privacy request they accept.
    private static func check(_ info: Info, name: String) throws(WorkflowError) -> (
        budget: DPRelease, sharing: NoiseSharing
    )? {
        func bad(_ reason: String) -> WorkflowError { .invalidFile(file: name, reason: reason) }
        let parties = info.parties
        guard (2...MultipartyCombiner.maximumParties).contains(parties.count) else {
            throw bad("a session has 2 … \(MultipartyCombiner.maximumParties) parties")
        }
        guard parties.allSatisfy(isPartyName), Set(parties).count == parties.count else {
            throw bad("party names must be distinct, 1 … 32 letters, digits, '-' or '_'")
        }
        guard info.rows.count == parties.count, info.rows.allSatisfy({ $0 >= 1 }),
            info.rows.reduce(0, +) == info.plan.layout.rowCount
        else {
            throw bad("the parties' row counts do not add up to the plan's \(info.plan.layout.rowCount) rows")
        }
        guard info.features.count + 1 == info.plan.layout.width, !info.features.isEmpty else {
            throw bad("the plan is not for \(info.features.count) features")
        }
        guard info.plan.bootstrapping == nil else { throw bad("multiparty plans do not bootstrap") }
        guard info.clip.isFinite, info.clip > 0, (1...100).contains(info.statisticalSecurity) else {
            throw bad("the clip must be positive and the statistical security 1 … 100 bits")
        }
        guard let privacy = info.privacy else { return nil }
        do {
            return (
                try DPRelease(epsilon: privacy.epsilon, delta: privacy.delta),
                try NoiseSharing(parties: parties.count, colluders: privacy.colluders)
            )
        } catch {
            throw bad("its differential-privacy request is out of range: \(error)")
        }
    }

    /// Whether `name` can name a party (and so a file in the exchange directory).
    static func isPartyName(_ name: String) -> Bool {
        (1...32).contains(name.count)
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_".unicodeScalars.contains($0))
            }
    }
}
