/// A deterministic generator: the ChaCha20 keystream (RFC 8439) keyed by a 32-byte seed.
///
/// Expands public randomness (e.g. the uniform part of a key or ciphertext) from a seed that can be sent
/// instead of the polynomial, and makes tests reproducible. Never use it for secrets unless its seed comes from
/// ``SystemRandomSource`` and stays secret.
public struct SeededRandomSource: RandomSource, Sendable {
    /// The 32-byte key of the keystream.
    public let seed: [UInt8]
    private var blockIndex: UInt64 = 0
    private var pending: [UInt8] = []

    /// - Throws: ``HERingError/invalidArgument(_:)`` unless the seed has 32 bytes.
    public init(seed: [UInt8]) throws(HERingError) {
        guard seed.count == 32 else { throw .invalidArgument("a seed has 32 bytes, got \(seed.count)") }
        self.seed = seed
    }

    /// A generator whose seed is derived from a small integer, for tests and examples.
    public init(testSeed: UInt64) {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: testSeed >> (8 * UInt64(i))) }
        seed = bytes
    }

    /// A generator with a fresh secret seed from the system CSPRNG.
    ///
    /// - Throws: ``HERingError/randomSourceFailed(errno:)`` when the system generator fails.
    public static func fresh() throws(HERingError) -> SeededRandomSource {
        var system = SystemRandomSource()
        return try SeededRandomSource(seed: system.bytes(32))
    }

    /// Fills `buffer` with the next bytes of the keystream.
    ///
    /// - Throws: Nothing in practice; the signature is the protocol's.
    public mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(HERingError) {
        guard let base = buffer.baseAddress else { return }
        let out = base.assumingMemoryBound(to: UInt8.self)
        var done = min(pending.count, buffer.count)
        for i in 0..<done { out[i] = pending[i] }
        pending.removeFirst(done)
        let wholeBlocks = (buffer.count - done) / 64
        if wholeBlocks > 0 {
            keystream(into: out + done, blocks: wholeBlocks)
            done += wholeBlocks * 64
        }
        if done < buffer.count {
            var block = [UInt8](repeating: 0, count: 64)
            block.withUnsafeMutableBufferPointer { keystream(into: $0.baseAddress!, blocks: 1) }
            let rest = buffer.count - done
            for i in 0..<rest { out[done + i] = block[i] }
            pending = Array(block[rest...])
        }
    }

    /// Writes `blocks` keystream blocks; the 96-bit nonce carries the high bits of the block index so the
    /// stream never repeats within 2^64 blocks.
    private mutating func keystream(into out: UnsafeMutablePointer<UInt8>, blocks: Int) {
        var remaining = blocks, written = 0
        while remaining > 0 {
            let counter = UInt32(truncatingIfNeeded: blockIndex)
            let run = min(remaining, Int(UInt64(UInt32.max) - UInt64(counter) + 1))
            var nonce = [UInt8](repeating: 0, count: 12)
            let high = blockIndex >> 32
            for i in 0..<8 { nonce[4 + i] = UInt8(truncatingIfNeeded: high >> (8 * UInt64(i))) }
            ChaCha20.keystream(
                key: seed, nonce: nonce, counter: counter, into: out + written * 64, blocks: run,
                path: .default)
            blockIndex &+= UInt64(run)
            remaining -= run
            written += run
        }
    }
}
