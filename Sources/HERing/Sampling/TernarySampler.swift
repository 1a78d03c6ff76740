/// Small-coefficient distributions for secrets and errors, sampled without secret-dependent branches or
/// table look-ups. Each sampler wipes its intermediate buffers; the caller wipes the result when it is secret.
public enum SmallSampler {
    /// N coefficients uniform in {-1, 0, 1}.
    ///
    /// Each coefficient comes from one byte b < 255 as (b mod 3) − 1; bytes equal to 255 are redrawn, which
    /// reveals nothing about the accepted values.
    ///
    /// - Throws: ``HERingError/randomSourceFailed(errno:)`` from the source.
    public static func ternary<R: RandomSource>(count: Int, using random: inout R) throws(HERingError) -> [Int64] {
        var out = [Int64](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            var bytes = try random.bytes(count - filled + 16)
            for b in bytes where b != 255 && filled < count {
                out[filled] = Int64(b % 3) - 1
                filled += 1
            }
            bytes.wipe()
        }
        return out
    }

    /// N coefficients with exactly `hammingWeight` entries in {-1, 1} (random signs) and the rest 0, at
    /// uniformly random positions.
    ///
    /// Positions come from an oblivious shuffle (a bitonic sorting network on random keys), so the memory
    /// access pattern does not depend on the secret.
    ///
    /// - Parameters:
    ///   - count: a power of two (the ring degree).
    ///   - hammingWeight: number of nonzero coefficients, 1 … count.
    ///   - random: the source of the sort keys and signs.
    /// - Throws: ``HERingError/invalidArgument(_:)`` unless 0 < hammingWeight ≤ count;
    ///   ``HERingError/randomSourceFailed(errno:)`` from the source.
    public static func sparseTernary<R: RandomSource>(
        count: Int, hammingWeight: Int, using random: inout R
    ) throws(HERingError) -> [Int64] {
        guard count > 0, count & (count - 1) == 0 else { throw .invalidArgument("length must be a power of two") }
        guard (1...count).contains(hammingWeight) else {
            throw .invalidArgument("Hamming weight \(hammingWeight) outside 1...\(count)")
        }
        var keys = try random.words(count)
        var signs = try random.bytes(hammingWeight)
        // Low 2 bits hold the value code (0: zero, 1: +1, 2: -1); the rest is the random sort key.
        var tagged = [UInt64](repeating: 0, count: count)
        for i in 0..<count {
            let nonzero = UInt64(i < hammingWeight ? 1 : 0)
            let code = nonzero * (1 + UInt64(i < hammingWeight ? signs[i] & 1 : 0))
            tagged[i] = (keys[i] << 2) | code
        }
        keys.wipe()
        signs.wipe()
        bitonicSort(&tagged)
        defer { tagged.wipe() }
        return tagged.map { word in
            let code = word & 3
            return Int64(code & 1) - Int64(code >> 1)
        }
    }

    /// Sorts a power-of-two count of words with a data-independent sequence of compare-exchanges.
    static func bitonicSort(_ a: inout [UInt64]) {
        let n = a.count
        a.withUnsafeMutableBufferPointer { v in
            var k = 2
            while k <= n {
                var j = k >> 1
                while j > 0 {
                    for i in 0..<n {
                        let l = i ^ j
                        guard l > i else { continue }
                        let x = v[i], y = v[l]
                        let lo = Swift.min(x, y), hi = Swift.max(x, y)
                        let ascending = i & k == 0
                        v[i] = ascending ? lo : hi
                        v[l] = ascending ? hi : lo
                    }
                    j >>= 1
                }
                k <<= 1
            }
        }
    }
}
