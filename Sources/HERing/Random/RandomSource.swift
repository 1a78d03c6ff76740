/// A source of uniformly random bytes for the samplers.
///
/// Secrets (keys, encryption randomness, noise) must come from ``SystemRandomSource``.
/// ``SeededRandomSource`` is for public randomness expanded from a seed and for reproducible tests.
public protocol RandomSource {
    /// Fills `buffer` with uniformly random bytes.
    ///
    /// - Throws: ``HERingError/randomSourceFailed(errno:)`` when the underlying generator fails.
    mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(HERingError)
}

extension RandomSource {
    /// `count` uniformly random 64-bit words.
    ///
    /// - Throws: ``HERingError/randomSourceFailed(errno:)`` when the source fails.
    public mutating func words(_ count: Int) throws(HERingError) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: count)
        try fill(&out)
        return out
    }

    /// `count` uniformly random bytes.
    ///
    /// - Throws: ``HERingError/randomSourceFailed(errno:)`` when the source fails.
    public mutating func bytes(_ count: Int) throws(HERingError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        try fill(&out)
        return out
    }

    /// Overwrites every element of `array` with random bytes (for fixed-width integer element types).
    ///
    /// - Throws: ``HERingError/randomSourceFailed(errno:)`` when the source fails.
    public mutating func fill<T: FixedWidthInteger>(_ array: inout [T]) throws(HERingError) {
        var failure: HERingError?
        array.withUnsafeMutableBytes { bytes in
            do throws(HERingError) { try fill(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
