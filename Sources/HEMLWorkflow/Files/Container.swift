import CKKS
import Foundation
import HEML

/// The file format of everything heml exchanges between roles: a checked header, a JSON metadata block, and
/// sections holding CKKS objects in the CKKS layer's own serialization (which carries its own version, kind,
/// parameter fingerprint and checksum, and is checked again when read).
///
/// | offset | size | field                                                                              |
/// |-------:|-----:|------------------------------------------------------------------------------------|
/// |      0 |    8 | magic `89 68 65 6D 6C 0D 0A 1A` (`\x89heml\r\n\x1A`: catches text-mode transfers)  |
/// |      8 |    2 | container version (2), little-endian                                               |
/// |     10 |    1 | kind: 1 public bundle, 2 secret key, 3 encrypted dataset, 4 encrypted model,       |
/// |        |      | 5 scoring keys, 6 encrypted rows, 7 encrypted scores, 8 training checkpoint,       |
/// |        |      | 9 multiparty session, 10 multiparty exchange file                                  |
/// |     11 |    1 | reserved, 0                                                                        |
/// |     12 |    4 | section count S (at most ``maximumSections``)                                      |
/// |     16 |    8 | CKKS parameters fingerprint                                                        |
/// |     24 |   16 | key-set identifier (random, from keygen or a ScoringClient; ties a run's files)   |
/// |     40 |    8 | metadata length M (at most ``maximumMetadataBytes``)                               |
/// |     48 |    8 | total file length                                                                  |
/// |     56 |    8 | checksum: XXH64 of bytes 0..<56, then the metadata, then the section table, chained |
/// |     64 |    M | metadata, UTF-8 JSON                                                               |
/// |        |  8·S | section lengths                                                                    |
/// |        |      | the sections, back to back                                                         |
///
/// Integers are little-endian (`ByteCodec`, shared with the CKKS serialization, as is the checksum). The
/// checksum detects corruption and truncation, not tampering (it is not a MAC): readers therefore bound every
/// length against the bytes at hand before they allocate, and check every object inside again.
public struct Container: Sendable {
    /// What a container holds (header byte 10).
    public enum Kind: UInt8, CaseIterable, Sendable {
        case publicBundle = 1
        case secretKey = 2
        case encryptedDataset = 3
        case encryptedModel = 4
        case scoringKeys = 5
        case encryptedRows = 6
        case encryptedScores = 7
        case trainingCheckpoint = 8
        case session = 9
        case exchange = 10

        /// For messages: "a public bundle".
        public var noun: String {
            switch self {
            case .publicBundle: "a public bundle"
            case .secretKey: "a secret key"
            case .encryptedDataset: "an encrypted dataset"
            case .encryptedModel: "an encrypted model"
            case .scoringKeys: "scoring keys"
            case .encryptedRows: "encrypted rows"
            case .encryptedScores: "encrypted scores"
            case .trainingCheckpoint: "a training checkpoint"
            case .session: "a multiparty session"
            case .exchange: "a multiparty exchange file"
            }
        }
    }

    static let magic: [UInt8] = [0x89, 0x68, 0x65, 0x6D, 0x6C, 0x0D, 0x0A, 0x1A]
    static let version: UInt16 = 2
    static let headerSize = 64
    /// More sections than this are refused before anything is allocated.
    public static let maximumSections = 1 << 20
    /// A larger metadata block is refused before it is parsed (heml writes a few KiB).
    public static let maximumMetadataBytes = 1 << 20

    /// What the file holds.
    public var kind: Kind
    /// The CKKS parameters' fingerprint.
    public var fingerprint: UInt64
    /// The key set the file belongs to.
    public var keyID: KeyID
    /// UTF-8 JSON describing the sections.
    public var metadata: Data
    /// The CKKS objects, each in the CKKS serialization.
    public var sections: [[UInt8]]

    // MARK: Writing

    /// The file's bytes.
    func encoded() throws(WorkflowError) -> Data {
        var data = try prefix(sectionLengths: sections.map(\.count))
        for section in sections { data.append(contentsOf: section) }
        return data
    }

    /// The bytes before the first section (header, metadata, section table) of this container with sections of
    /// `sectionLengths` bytes, so that sections too large to hold can be streamed after it; the capacity is the
    /// whole file's.
    func prefix(sectionLengths: [Int]) throws(WorkflowError) -> Data {
        let total = try Self.fileSize(metadataLength: metadata.count, sectionLengths: sectionLengths)
        var header = [UInt8]()
        header.reserveCapacity(Self.headerSize)
        header += Self.magic
        ByteCodec.append(Self.version, to: &header)
        header.append(kind.rawValue)
        header.append(0)
        ByteCodec.append(UInt32(sectionLengths.count), to: &header)
        ByteCodec.append(fingerprint, to: &header)
        header += keyID.bytes
        ByteCodec.append(UInt64(metadata.count), to: &header)
        ByteCodec.append(UInt64(total), to: &header)
        let table = sectionLengths.reduce(into: [UInt8]()) { ByteCodec.append(UInt64($1), to: &$0) }
        ByteCodec.append(ByteCodec.checksum(header, [UInt8](metadata), table), to: &header)
        var data = Data(capacity: total)
        data.append(contentsOf: header)
        data.append(metadata)
        data.append(contentsOf: table)
        return data
    }

    /// Writes the file atomically (temporary file in the same directory, then rename; nothing is left behind on
    /// failure). Mode 0600.
    func write(to url: URL) throws(HEMLError) {
        let data: Data
        do { data = try encoded() } catch { throw .writeFailed(file: url.lastPathComponent, reason: error.description) }
        try AtomicFile.write(data, to: url)
    }

    /// The size of a container with these lengths, the one size rule of writer and reader.
    ///
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` when the counts exceed the format's bounds or the sum
    ///   overflows.
    static func fileSize(metadataLength: Int, sectionLengths: [Int]) throws(WorkflowError) -> Int {
        guard sectionLengths.count <= maximumSections, (0...maximumMetadataBytes).contains(metadataLength) else {
            throw .invalidFile(file: "container", reason: "more sections or metadata than the format holds")
        }
        var total = headerSize + metadataLength + 8 * sectionLengths.count
        for length in sectionLengths {
            let (sum, overflow) = total.addingReportingOverflow(length)
            guard length >= 0, !overflow else {
                throw .invalidFile(file: "container", reason: "section sizes overflow")
            }
            total = sum
        }
        return total
    }

    // MARK: Reading

    /// Reads and checks a container of the `expected` kind (see ``decode(_:name:expecting:)``).
    ///
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.fileUnreadable(file:reason:)` when the file
    ///   cannot be read; otherwise as ``decode(_:name:expecting:)``.
    public static func read(_ url: URL, expecting expected: Kind) throws(WorkflowError) -> Container {
        try decode(bridged { try readFile(url) }, name: url.lastPathComponent, expecting: expected)
    }

    /// Checks, in this order, before allocating anything the header does not vouch for: magic, header size,
    /// version, total length against the bytes at hand (truncation, trailing bytes), reserved byte, section count
    /// and metadata length against their bounds and the file, checksum, kind, every section length.
    ///
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` naming the first check that failed;
    ///   ``WorkflowError/wrongKind(file:found:expected:)`` for a valid container of another kind.
    public static func decode(_ data: Data, name: String, expecting expected: Kind) throws(WorkflowError) -> Container {
        var (container, ranges) = try layout(size: data.count, name: name, expecting: expected) { data.subdata(in: $0) }
        container.sections = ranges.map { [UInt8](data.subdata(in: $0)) }
        return container
    }

    /// The checks of ``decode(_:name:expecting:)`` on a file of `size` bytes of which only the header, metadata and
    /// section table are read (through `read`, given ranges within the file): the container without its sections,
    /// and the byte range of each section, for sections too large to read whole.
    static func layout(
        size: Int, name: String, expecting expected: Kind, read: (Range<Int>) throws(WorkflowError) -> Data
    ) throws(WorkflowError) -> (Container, [Range<Int>]) {
        func bad(_ reason: String) -> WorkflowError { .invalidFile(file: name, reason: reason) }
        guard size > 0 else { throw bad("the file is empty") }
        let header = [UInt8](try read(0..<min(size, headerSize)))
        guard header.count >= magic.count, Array(header.prefix(magic.count)) == magic else {
            if magic.starts(with: header) {
                throw bad("truncated: the header needs \(headerSize) bytes, found \(size)")
            }
            if header.starts(with: Array("HEML".utf8)) {
                throw bad("it holds a bare CKKS object, not a file written by the heml command")
            }
            if header.first == UInt8(ascii: "{") { throw bad("it is a JSON file, not \(expected.noun) file") }
            throw bad("bad magic bytes (expected \(expected.noun) file written by heml)")
        }
        guard header.count == headerSize else {
            throw bad("truncated: the header needs \(headerSize) bytes, found \(size)")
        }
        let version = ByteCodec.read(UInt16.self, from: header, at: 8)
        guard version == Self.version else {
            throw bad("unsupported version \(version) (this heml reads version \(Self.version))")
        }
        let total = ByteCodec.read(UInt64.self, from: header, at: 48)
        guard total == UInt64(size) else {
            if total > UInt64(size) { throw bad("truncated: expected \(total) bytes, found \(size)") }
            throw bad("trailing data: expected \(total) bytes, found \(size)")
        }
        guard header[11] == 0 else { throw bad("reserved header byte is not 0") }
        let sectionCount = UInt64(ByteCodec.read(UInt32.self, from: header, at: 12))
        let metadataLength = ByteCodec.read(UInt64.self, from: header, at: 40)
        guard sectionCount <= UInt64(maximumSections), metadataLength <= UInt64(maximumMetadataBytes),
            UInt64(headerSize) + metadataLength + 8 * sectionCount <= total
        else {
            throw bad("corrupted header (sizes do not fit the file)")
        }
        let metadataEnd = headerSize + Int(metadataLength), tableEnd = metadataEnd + 8 * Int(sectionCount)
        let metadata = try read(headerSize..<metadataEnd)
        let table = [UInt8](try read(metadataEnd..<tableEnd))
        guard
            ByteCodec.checksum(Array(header.prefix(56)), [UInt8](metadata), table)
                == ByteCodec.read(UInt64.self, from: header, at: 56)
        else {
            throw bad("checksum mismatch: the file is corrupted or was modified")
        }
        guard let kind = Kind(rawValue: header[10]) else { throw bad("unknown file kind \(header[10])") }
        guard kind == expected else { throw .wrongKind(file: name, found: kind.noun, expected: expected.noun) }
        let lengths = (0..<Int(sectionCount)).map { ByteCodec.read(UInt64.self, from: table, at: 8 * $0) }
        guard lengths.allSatisfy({ $0 <= total }),
            (try? fileSize(metadataLength: Int(metadataLength), sectionLengths: lengths.map { Int($0) })) == size
        else {
            throw bad("corrupted section table")
        }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(lengths.count)
        var offset = tableEnd
        for length in lengths {
            ranges.append(offset..<(offset + Int(length)))
            offset += Int(length)
        }
        let container = Container(
            kind: kind, fingerprint: ByteCodec.read(UInt64.self, from: header, at: 16),
            keyID: KeyID(bytes: Array(header[24..<40]))!, metadata: metadata, sections: [])
        return (container, ranges)
    }

    /// The bytes of a regular file.
    ///
    /// - Throws: `HEMLError.fileUnreadable(file:reason:)` when it is missing, a directory or unreadable.
    static func readFile(_ url: URL) throws(HEMLError) -> Data {
        let name = url.lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .fileUnreadable(file: name, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .fileUnreadable(file: name, reason: "it is a directory") }
        do { return try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw .fileUnreadable(file: name, reason: "cannot read (\(error.localizedDescription))")
        }
    }
}
