import Foundation
import HEML

/// The file format of everything heml exchanges between roles: a checked header, a JSON metadata block, and
/// sections holding CKKS objects in the CKKS layer's own serialization (which carries its own version, kind,
/// parameter fingerprint and checksum, and is checked again when read).
///
/// | offset | size | field                                                                              |
/// |-------:|-----:|------------------------------------------------------------------------------------|
/// |      0 |    8 | magic `89 68 65 6D 6C 0D 0A 1A` (`\x89heml\r\n\x1A`: catches text-mode transfers)     |
/// |      8 |    2 | container version (1), little-endian                                               |
/// |     10 |    1 | kind: 1 public bundle, 2 secret key, 3 encrypted dataset, 4 encrypted model          |
/// |     11 |    1 | reserved, 0                                                                        |
/// |     12 |    4 | section count S                                                                    |
/// |     16 |    8 | CKKS parameters fingerprint                                                        |
/// |     24 |   16 | key-set identifier (random, drawn by `heml keygen`; ties all files of one run)     |
/// |     40 |    8 | metadata length M                                                                  |
/// |     48 |    8 | total file length                                                                  |
/// |     56 |    8 | checksum: FNV-1a 64 of bytes 0..<56, the metadata and the section table            |
/// |     64 |    M | metadata, UTF-8 JSON                                                               |
/// |        |  8·S | section lengths                                                                    |
/// |        |      | the sections, back to back                                                         |
///
/// The checksum detects corruption and truncation, not tampering (it is not a MAC). The CKKS objects inside
/// have their own XXH64 checksums.
struct Container {
    enum Kind: UInt8, CaseIterable {
        case publicBundle = 1
        case secretKey = 2
        case encryptedDataset = 3
        case encryptedModel = 4

        var noun: String {
            switch self {
            case .publicBundle: "a public bundle"
            case .secretKey: "a secret key"
            case .encryptedDataset: "an encrypted dataset"
            case .encryptedModel: "an encrypted model"
            }
        }
    }

    static let magic: [UInt8] = [0x89, 0x68, 0x65, 0x6D, 0x6C, 0x0D, 0x0A, 0x1A]
    static let version: UInt16 = 1
    static let headerSize = 64
    /// More sections than this are refused before anything is allocated.
    static let maximumSections = 1 << 20

    var kind: Kind
    var fingerprint: UInt64
    var keyID: KeyID
    var metadata: Data
    var sections: [[UInt8]]

    // MARK: Writing

    /// The file's bytes.
    func encoded() -> Data {
        var header = [UInt8]()
        header.reserveCapacity(Self.headerSize)
        header += Self.magic
        append(Self.version, to: &header)
        header.append(kind.rawValue)
        header.append(0)
        append(UInt32(sections.count), to: &header)
        append(fingerprint, to: &header)
        header += keyID.bytes
        append(UInt64(metadata.count), to: &header)
        let table = sections.reduce(into: [UInt8]()) { append(UInt64($1.count), to: &$0) }
        let total = Self.headerSize + metadata.count + table.count + sections.reduce(0) { $0 + $1.count }
        append(UInt64(total), to: &header)
        append(Self.checksum(header, metadata, table), to: &header)
        var data = Data(capacity: total)
        data.append(contentsOf: header)
        data.append(metadata)
        data.append(contentsOf: table)
        for section in sections { data.append(contentsOf: section) }
        return data
    }

    /// Writes the file atomically (temporary file in the same directory, then rename; nothing is left behind on
    /// failure). Mode 0600.
    func write(to url: URL) throws(HEMLError) {
        try AtomicFile.write(encoded(), to: url)
    }

    // MARK: Reading

    /// Reads and checks a container of the `expected` kind: magic, version, length (truncation, trailing bytes),
    /// checksum, kind, section table.
    static func read(_ url: URL, expecting expected: Kind) throws -> Container {
        let name = url.lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw HEMLError.fileUnreadable(file: name, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw HEMLError.fileUnreadable(file: name, reason: "it is a directory") }
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw HEMLError.fileUnreadable(file: name, reason: "cannot read (\(error.localizedDescription))")
        }
        return try decode(data, name: name, expecting: expected)
    }

    static func decode(_ data: Data, name: String, expecting expected: Kind) throws -> Container {
        func bad(_ reason: String) -> CLIError { CLIError("\(name) is not a valid heml file: \(reason)") }
        guard !data.isEmpty else { throw bad("the file is empty") }
        let bytes = [UInt8](data.prefix(headerSize))
        if bytes.count < magic.count, magic.starts(with: bytes) {
            throw bad("truncated: the header needs \(headerSize) bytes, found \(data.count)")
        }
        guard bytes.count >= magic.count, Array(bytes.prefix(magic.count)) == magic else {
            if bytes.starts(with: Array("HEML".utf8)) {
                throw bad("it holds a bare CKKS object, not a file written by the heml command")
            }
            if bytes.first == UInt8(ascii: "{") { throw bad("it is a JSON file, not \(expected.noun) file") }
            throw bad("bad magic bytes (expected \(expected.noun) file written by heml)")
        }
        guard bytes.count == headerSize else { throw bad("truncated: the header needs \(headerSize) bytes, found \(data.count)") }
        let version = UInt16(bytes[8]) | UInt16(bytes[9]) << 8
        guard version == Self.version else {
            throw bad("unsupported version \(version) (this heml reads version \(Self.version))")
        }
        let total = word(bytes, 48)
        guard total == UInt64(data.count) else {
            if total > UInt64(data.count) { throw bad("truncated: expected \(total) bytes, found \(data.count)") }
            throw bad("trailing data: expected \(total) bytes, found \(data.count)")
        }
        guard let kind = Kind(rawValue: bytes[10]) else { throw bad("unknown file kind \(bytes[10])") }
        guard bytes[11] == 0 else { throw bad("reserved header byte is not 0") }
        let sectionCount = Int(UInt32(bytes[12]) | UInt32(bytes[13]) << 8 | UInt32(bytes[14]) << 16 | UInt32(bytes[15]) << 24)
        let metadataLength = word(bytes, 40)
        guard sectionCount <= maximumSections, metadataLength <= total,
              UInt64(headerSize) + metadataLength + UInt64(8 * sectionCount) <= total else {
            throw bad("corrupted header (sizes do not fit the file)")
        }
        let tableEnd = UInt64(headerSize) + metadataLength + UInt64(8 * sectionCount)
        let metadata = data.subdata(in: headerSize..<(headerSize + Int(metadataLength)))
        let table = [UInt8](data.subdata(in: (headerSize + Int(metadataLength))..<Int(tableEnd)))
        guard checksum(Array(bytes.prefix(56)), metadata, table) == word(bytes, 56) else {
            throw bad("checksum mismatch: the file is corrupted or was modified")
        }
        guard kind == expected else {
            throw CLIError("\(name) holds \(kind.noun), not \(expected.noun)")
        }
        var sections: [[UInt8]] = []
        var offset = Int(tableEnd)
        for i in 0..<sectionCount {
            let length = word(table, 8 * i)
            guard length <= UInt64(data.count - offset) else { throw bad("corrupted section table") }
            sections.append([UInt8](data.subdata(in: offset..<(offset + Int(length)))))
            offset += Int(length)
        }
        guard offset == data.count else { throw bad("corrupted section table") }
        return Container(kind: kind, fingerprint: word(bytes, 16), keyID: KeyID(bytes: Array(bytes[24..<40])),
                         metadata: metadata, sections: sections)
    }

    // MARK: Helpers

    private static func word(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
    }

    /// FNV-1a 64 over the header's first 56 bytes, the metadata and the section table.
    static func checksum(_ header: [UInt8], _ metadata: Data, _ table: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        for byte in header.prefix(56) { mix(byte) }
        for byte in metadata { mix(byte) }
        for byte in table { mix(byte) }
        return hash
    }
}

private func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
    for i in 0..<(T.bitWidth / 8) { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
}

/// A random 128-bit identifier drawn by `heml keygen`, carried by every file of that key set so files from
/// different runs (same parameters, different keys) are told apart before anything is decrypted.
struct KeyID: Equatable, CustomStringConvertible {
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        precondition(bytes.count == 16)
        self.bytes = bytes
    }

    /// A fresh identifier from the system random number generator.
    static func random() -> KeyID {
        var generator = SystemRandomNumberGenerator()
        return KeyID(bytes: (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    init?(hex: String) {
        let characters = Array(hex.utf8)
        guard characters.count == 32 else { return nil }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: 32, by: 2) {
            guard let byte = UInt8(String(decoding: characters[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.init(bytes: bytes)
    }

    var description: String { bytes.map { String(format: "%02x", $0) }.joined() }
}
