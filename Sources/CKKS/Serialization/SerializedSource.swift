/// The bytes of one serialized object, read in pieces: an array, or a file too large to hold in memory whole
/// (a reader then fetches each part as it parses it, so the bytes and the object never coexist in full).
package protocol SerializedSource {
    /// Bytes in all.
    var count: Int { get }

    /// The bytes in `range`, which lies within `0..<count`.
    ///
    /// - Throws: ``CKKSError/malformedData(_:)`` when they cannot be read.
    func bytes(in range: Range<Int>) throws(CKKSError) -> [UInt8]
}

extension Array: SerializedSource where Element == UInt8 {
    package func bytes(in range: Range<Int>) -> [UInt8] { Array(self[range]) }
}
