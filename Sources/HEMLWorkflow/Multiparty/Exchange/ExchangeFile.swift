import CKKS
import Foundation
import HEML

/// A file one role of a multiparty session sends the others through the exchange directory: a container of kind
/// 10 whose metadata names the session (identifier in the header, digest in the metadata), the step and the party
/// that wrote it, and whose sections are shares and ciphertexts in the CKKS serialization.
///
/// Its name is fixed by the step and the party, `<party>.<step>.hemlmp` (or `<step>.hemlmp` for the aggregator);
/// the reader checks that the metadata says the same, so a renamed or misplaced file is refused, and checks every
/// share against the session (CRS, parties, kind, contributor) before it is used.
struct ExchangeFile {
    /// What a file holds.
    enum Step: String, Codable, CaseIterable {
        /// A party's public-key share, relinearization round-1 share and Galois-key shares.
        case keys
        /// The aggregator's sums of the public-key and round-1 shares.
        case collective
        /// The aggregator's sums of the Galois-key shares.
        case galois
        /// A party's relinearization round-2 share and its encrypted statistics.
        case round2
        /// A party's decryption share of the sum of the encrypted statistics.
        case statisticsShare = "statistics-share"
        /// A party's encrypted Gram matrix.
        case gram
        /// A party's decryption share of the sum of the encrypted Gram matrices.
        case gramShare = "gram-share"
        /// A party's encrypted rows (its row blocks of the union's layout), then, in a differentially private
        /// session, its encrypted share of the gradient noise.
        case rows
        /// A party's decryption shares of the encrypted model.
        case modelShare = "model-share"
    }

    struct Info: Codable {
        var format = ExchangeFile.format
        var hemlVersion = HEMLVersion.string
        var created = Metadata.now()
        var session: String
        var step: Step
        var party: String?
        /// For ``Step/rows``: the union's block index of each of the first sections.
        var blocks: [Int]?
        /// For ``Step/rows`` in a differentially private session: iterations of the noise share after the blocks
        /// (one ciphertext per feature block each).
        var noiseIterations: Int?

        enum CodingKeys: String, CodingKey {
            case format, hemlVersion = "heml_version", created, session, step, party, blocks
            case noiseIterations = "noise_iterations"
        }
    }

    static let format = "heml-multiparty-exchange"

    let info: Info
    let sections: [[UInt8]]
    /// The file name, for messages.
    let name: String

    /// Where `party` (nil: the aggregator) puts the file of `step`.
    static func url(_ step: Step, party: String?, in session: MultipartySession) -> URL {
        session.directory.appendingPathComponent((party.map { "\($0)." } ?? "") + step.rawValue + ".hemlmp")
    }

    /// Writes the file of `step` for `party` atomically and returns where.
    @discardableResult
    static func write(
        _ step: Step, party: String?, sections: [[UInt8]], blocks: [Int]? = nil, noiseIterations: Int? = nil,
        session: MultipartySession
    ) throws(WorkflowError) -> URL {
        let url = Self.url(step, party: party, in: session)
        try bridged {
            try Container(
                kind: .exchange, fingerprint: session.container.fingerprint, keyID: session.id,
                metadata: Metadata.encode(
                    Info(
                        session: session.digest, step: step, party: party, blocks: blocks,
                        noiseIterations: noiseIterations)),
                sections: sections
            ).write(to: url)
        }
        return url
    }

    /// Reads the file of `step` from `party` (nil: the aggregator) in the exchange directory.
    ///
    /// - Throws: ``WorkflowError/unusablePath(_:)`` when it is not there yet (naming who must run what);
    ///   otherwise as ``init(decoding:name:step:party:session:)``.
    init(_ step: Step, party: String?, session: MultipartySession) throws(WorkflowError) {
        let url = Self.url(step, party: party, in: session)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .unusablePath(
                "\(url.lastPathComponent) is not in \(session.directory.path) yet: "
                    + (party.map { "party \($0) has not run its \(step.rawValue) step" }
                        ?? "the aggregator has not run its \(step.rawValue) step"))
        }
        try self.init(
            decoding: bridged { try Container.readFile(url) }, name: url.lastPathComponent, step: step,
            party: party, session: session)
    }

    /// Checks the container, that it belongs to `session` (parameters, identifier, digest), and that it is the
    /// file of `step` from `party`.
    ///
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` for a malformed file;
    ///   ``WorkflowError/mismatchedFiles(_:)`` for a file of another session, step or party.
    init(decoding data: Data, name: String, step: Step, party: String?, session: MultipartySession)
        throws(WorkflowError)
    {
        let (container, info) = try checkedContainer(
            data, name: name, kind: .exchange, info: Info.self, keySet: session.container, keySetName: session.name)
        guard info.format == Self.format else {
            throw .invalidFile(file: name, reason: "not a multiparty exchange file (format \"\(info.format)\")")
        }
        guard info.session == session.digest else {
            throw .mismatchedFiles(
                "\(name) was made for another version of \(session.name) (the session file differs); "
                    + "every role must use the same session file")
        }
        guard info.step == step, info.party == party else {
            throw .mismatchedFiles(
                "\(name) holds the \(info.step.rawValue) file of \(info.party.map { "party \($0)" } ?? "the aggregator"), "
                    + "not the \(step.rawValue) file of \(party.map { "party \($0)" } ?? "the aggregator")")
        }
        self.info = info
        sections = container.sections
        self.name = name
    }

    /// Throws unless the file has `count` sections (at least `count` when `atLeast`).
    func requireSections(_ count: Int, atLeast: Bool = false) throws(WorkflowError) {
        guard atLeast ? sections.count >= count : sections.count == count else {
            throw .invalidFile(
                file: name, reason: "expected \(atLeast ? "at least " : "")\(count) sections, found \(sections.count)")
        }
    }

    /// Section `index` as a share of `session`, of `kind` (when given), contributed by `contributors` (when given).
    func share(
        _ index: Int, session: MultipartySession, kind: MultipartyShare.Kind? = nil, contributors: [Int]? = nil
    ) throws(WorkflowError) -> MultipartyShare {
        let share = try load("share \(index + 1)", in: name) { () throws(CKKSError) in
            try MultipartyShare(deserializing: sections[index], combiner: session.combiner)
        }
        if let kind, share.kind != kind {
            throw .invalidFile(file: name, reason: "share \(index + 1) is not of the kind this step makes")
        }
        if let contributors, share.contributors != contributors {
            throw .mismatchedFiles("\(name): share \(index + 1) is not from the party the file names")
        }
        return share
    }

    /// Section `index` as a ciphertext of the session's parameters.
    func ciphertext(_ index: Int, session: MultipartySession) throws(WorkflowError) -> Ciphertext {
        try load("ciphertext \(index + 1)", in: name) { () throws(CKKSError) in
            try Ciphertext(deserializing: sections[index], context: session.context)
        }
    }
}
