internal import CKernels

/// The operating system's CSPRNG (`getrandom(2)`): the only source for secret material.
public struct SystemRandomSource: RandomSource, Sendable {
    public init() {}

    /// Fills `buffer` from `getrandom(2)`.
    ///
    /// - Throws: ``HERingError/randomSourceFailed(errno:)`` when the system call fails.
    public mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(HERingError) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let error = ck_system_random(base.assumingMemoryBound(to: UInt8.self), buffer.count)
        if error != 0 { throw .randomSourceFailed(errno: error) }
    }
}
