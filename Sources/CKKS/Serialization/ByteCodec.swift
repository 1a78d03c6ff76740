/// Little-endian fixed-width integers in byte arrays: the one byte codec of every heml file format (the CKKS
/// objects' serialization and the workflow's containers).
package enum ByteCodec {
    /// Appends `value` to `bytes`, least significant byte first.
    package static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        for i in 0..<(T.bitWidth / 8) { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }

    /// The `T` stored little-endian at `offset`. The caller has checked that `offset + T.bitWidth / 8` bytes exist.
    package static func read<T: FixedWidthInteger>(_: T.Type, from bytes: [UInt8], at offset: Int) -> T {
        (0..<(T.bitWidth / 8)).reduce(into: T.zero) { $0 |= T(truncatingIfNeeded: bytes[offset + $1]) << (8 * $1) }
    }

    /// XXH64 of the concatenation `parts[0] ++ parts[1] ++ …`, chained (each part seeds the next), so no
    /// concatenated copy is made: the one checksum of every heml file format.
    package static func checksum(_ parts: [UInt8]...) -> UInt64 {
        parts.reduce(0) { seed, part in XXHash64.hash(part, seed: seed) }
    }
}
