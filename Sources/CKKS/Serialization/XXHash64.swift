/// XXH64 (Yann Collet's xxHash, 64-bit variant): the checksum of heml files.
///
/// A fast non-cryptographic hash over 64-bit little-endian words (four independent lanes of 32-byte stripes, then
/// the 8-, 4- and 1-byte tail). It detects accidental corruption — truncation, bit rot, a wrong file — with
/// probability 1 − 2⁻⁶⁴; it is **not** authentication: anyone who edits a file can recompute it.
package enum XXHash64 {
    static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    /// XXH64 of `data` with `seed`.
    static func hash(_ data: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var stream = Stream(seed: seed)
        stream.update(data)
        return stream.finish()
    }

    /// XXH64 of data that arrives in pieces (a file written as it is generated): the same value as ``hash(_:seed:)``
    /// of the pieces concatenated, however they are cut.
    struct Stream {
        private let seed: UInt64
        private var v1: UInt64, v2: UInt64, v3: UInt64, v4: UInt64
        private var total = 0
        /// The bytes after the last whole 32-byte stripe (fewer than 32).
        private var pending: [UInt8] = []

        init(seed: UInt64 = 0) {
            self.seed = seed
            v1 = seed &+ prime1 &+ prime2
            v2 = seed &+ prime2
            v3 = seed
            v4 = seed &- prime1
        }

        mutating func update(_ data: UnsafeRawBufferPointer) {
            total += data.count
            var offset = 0
            if !pending.isEmpty {
                offset = min(32 - pending.count, data.count)
                pending += data[0..<offset]
                guard pending.count == 32 else { return }
                pending.withUnsafeBytes { stripe($0, at: 0) }
                pending.removeAll(keepingCapacity: true)
            }
            while offset + 32 <= data.count {
                stripe(data, at: offset)
                offset += 32
            }
            pending += data[offset...]
        }

        mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

        private mutating func stripe(_ data: UnsafeRawBufferPointer, at offset: Int) {
            v1 = round(v1, word(data, offset))
            v2 = round(v2, word(data, offset + 8))
            v3 = round(v3, word(data, offset + 16))
            v4 = round(v4, word(data, offset + 24))
        }

        func finish() -> UInt64 {
            var h: UInt64
            if total >= 32 {
                h = v1.rotatedLeft(1) &+ v2.rotatedLeft(7) &+ v3.rotatedLeft(12) &+ v4.rotatedLeft(18)
                h = merge(h, v1)
                h = merge(h, v2)
                h = merge(h, v3)
                h = merge(h, v4)
            } else {
                h = seed &+ prime5
            }
            h &+= UInt64(total)
            return pending.withUnsafeBytes { tail in
                let count = tail.count
                var offset = 0
                while offset + 8 <= count {
                    h ^= round(0, word(tail, offset))
                    h = h.rotatedLeft(27) &* prime1 &+ prime4
                    offset += 8
                }
                if offset + 4 <= count {
                    h ^=
                        UInt64(UInt32(littleEndian: tail.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                        &* prime1
                    h = h.rotatedLeft(23) &* prime2 &+ prime3
                    offset += 4
                }
                while offset < count {
                    h ^= UInt64(tail[offset]) &* prime5
                    h = h.rotatedLeft(11) &* prime1
                    offset += 1
                }
                h ^= h >> 33
                h &*= prime2
                h ^= h >> 29
                h &*= prime3
                h ^= h >> 32
                return h
            }
        }
    }

    /// XXH64 of a byte array.
    package static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    @inline(__always)
    static func word(_ data: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: data.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        (accumulator &+ input &* prime2).rotatedLeft(31) &* prime1
    }

    @inline(__always)
    static func merge(_ accumulator: UInt64, _ lane: UInt64) -> UInt64 {
        (accumulator ^ round(0, lane)) &* prime1 &+ prime4
    }
}

private extension UInt64 {
    @inline(__always)
    func rotatedLeft(_ count: UInt64) -> UInt64 { (self &<< count) | (self &>> (64 &- count)) }
}
