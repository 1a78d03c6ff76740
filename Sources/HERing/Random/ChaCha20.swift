internal import CKernels

/// The ChaCha20 keystream of RFC 8439 (20 rounds), computed by the C kernels on a chosen path.
///
/// ``KernelPath/scalar`` computes 8 blocks at a time in portable C, the AVX-512 paths 16; all give the same
/// bytes. ``SeededRandomSource`` uses the default path; tests compare the paths.
enum ChaCha20 {
    /// Writes `blocks` 64-byte blocks for a 32-byte `key`, a 12-byte `nonce` and a starting block counter that wraps
    /// modulo 2^32 across the blocks.
    ///
    /// - Precondition: `path.isAvailable`.
    static func keystream(
        key: UnsafePointer<UInt8>, nonce: UnsafePointer<UInt8>, counter: UInt32,
        into out: UnsafeMutablePointer<UInt8>, blocks: Int, path: KernelPath
    ) {
        precondition(path.isAvailable, "kernel path \(path) is not available on this CPU")
        ck_chacha20_keystream(path.cValue, key, nonce, counter, out, blocks)
    }

    /// `blocks` 64-byte blocks as an array.
    ///
    /// - Precondition: `key.count == 32`, `nonce.count == 12`, `path.isAvailable`.
    static func keystream(key: [UInt8], nonce: [UInt8], counter: UInt32, blocks: Int, path: KernelPath) -> [UInt8] {
        precondition(key.count == 32 && nonce.count == 12, "ChaCha20 takes a 32-byte key and a 12-byte nonce")
        var out = [UInt8](repeating: 0, count: 64 * blocks)
        out.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            keystream(key: key, nonce: nonce, counter: counter, into: base, blocks: blocks, path: path)
        }
        return out
    }
}
