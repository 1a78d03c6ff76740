import Foundation

@testable import CKKS
@testable import HEMLWorkflow

/// Re-seals a file after an edit, as a forger would: lengths and checksums are recomputed (see each format's
/// header table), so a reader must catch the edit with its structural and range checks alone. Inputs are a mode
/// byte (bit 0: re-seal) followed by the file.
enum Resealing {
    /// The CKKS object file of `input`: bytes 16..<24 set to the payload length and 24..<32 to the checksum.
    static func object(_ input: [UInt8]) -> [UInt8] {
        var bytes = Array(input.dropFirst())
        let headerSize = SerializationFormat.headerSize
        guard input.first.map({ $0 & 1 == 1 }) == true, bytes.count >= headerSize else { return bytes }
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt64(raw.count - headerSize).littleEndian, toByteOffset: 16, as: UInt64.self)
            let checksum = SerializationFormat.checksum(of: UnsafeRawBufferPointer(raw))
            raw.storeBytes(of: checksum.littleEndian, toByteOffset: 24, as: UInt64.self)
        }
        return bytes
    }

    /// The container of `input`: the total length (bytes 48..<56) set to the file's, and the checksum (56..<64)
    /// recomputed when the metadata length and section count fit the file.
    static func container(_ input: [UInt8]) -> Data {
        var bytes = Array(input.dropFirst())
        let headerSize = Container.headerSize
        guard input.first.map({ $0 & 1 == 1 }) == true, bytes.count >= headerSize else { return Data(bytes) }
        store(UInt64(bytes.count), in: &bytes, at: 48)
        let metadataLength = ByteCodec.read(UInt64.self, from: bytes, at: 40)
        let sections = UInt64(ByteCodec.read(UInt32.self, from: bytes, at: 12))
        guard metadataLength <= UInt64(bytes.count), sections <= UInt64(bytes.count),
            UInt64(headerSize) + metadataLength + 8 * sections <= UInt64(bytes.count)
        else { return Data(bytes) }
        let metadataEnd = headerSize + Int(metadataLength), tableEnd = metadataEnd + 8 * Int(sections)
        store(
            ByteCodec.checksum(
                Array(bytes[..<56]), Array(bytes[headerSize..<metadataEnd]), Array(bytes[metadataEnd..<tableEnd])),
            in: &bytes, at: 56)
        return Data(bytes)
    }

    private static func store(_ value: UInt64, in bytes: inout [UInt8], at offset: Int) {
        var field: [UInt8] = []
        ByteCodec.append(value, to: &field)
        bytes.replaceSubrange(offset..<(offset + 8), with: field)
    }
}
