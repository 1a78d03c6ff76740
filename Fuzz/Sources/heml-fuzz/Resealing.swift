@testable import CKKS

/// Re-seals a heml CKKS file after an edit: the header's payload length and XXH64 checksum are recomputed (see
/// the format's header table), so a reader must catch the edit with its structural and range checks alone.
enum Resealing {
    /// `file` with bytes 16..<24 set to the payload length and 24..<32 to the checksum; shorter files unchanged.
    static func resealed(_ file: [UInt8]) -> [UInt8] {
        let headerSize = SerializationFormat.headerSize
        guard file.count >= headerSize else { return file }
        var bytes = file
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt64(raw.count - headerSize).littleEndian, toByteOffset: 16, as: UInt64.self)
            let checksum = SerializationFormat.checksum(of: UnsafeRawBufferPointer(raw))
            raw.storeBytes(of: checksum.littleEndian, toByteOffset: 24, as: UInt64.self)
        }
        return bytes
    }
}
