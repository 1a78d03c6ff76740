internal import CKernels

/// An odd modulus 2 < q < 2^61 with its precomputed Barrett constant.
///
/// Arithmetic helpers here are scalar and constant time; polynomial arithmetic goes through whole-limb
/// kernels instead.
public struct Modulus: Sendable, Hashable, CustomStringConvertible {
    /// The modulus q.
    public let value: UInt64
    let barrettHigh: UInt64
    let barrettLow: UInt64

    /// Largest supported modulus size in bits.
    public static let maxBits = Int(CK_MAX_MODULUS_BITS)

    /// - Throws: ``HERingError/invalidArgument(_:)`` unless q is odd and 2 < q < 2^61.
    public init(_ value: UInt64) throws(HERingError) {
        var m = ck_modulus()
        try check(ck_modulus_init(&m, value), "modulus must be odd and below 2^61")
        self.value = value
        barrettHigh = m.barrett_hi
        barrettLow = m.barrett_lo
    }

    /// Bit length of q.
    public var bitWidth: Int { 64 - value.leadingZeroBitCount }

    public var description: String { "\(value)" }

    var c: ck_modulus { ck_modulus(value: value, barrett_hi: barrettHigh, barrett_lo: barrettLow) }

    /// a · b mod q for a, b < q.
    public func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        withUnsafePointer(to: c) { ck_mul_mod(a, b, $0) }
    }

    /// x mod q for any 64-bit x.
    public func reduce(_ x: UInt64) -> UInt64 {
        withUnsafePointer(to: c) { ck_reduce(x, $0) }
    }

    /// base^exponent mod q.
    public func power(_ base: UInt64, _ exponent: UInt64) -> UInt64 {
        withUnsafePointer(to: c) { ck_pow_mod(base, exponent, $0) }
    }

    /// a^-1 mod q for prime q; 0 when a ≡ 0.
    public func inverse(_ a: UInt64) -> UInt64 {
        withUnsafePointer(to: c) { ck_inv_mod(a, $0) }
    }

    /// The integer nearest to x, reduced mod q exactly, for any finite x (above 2^53 a double is an integer:
    /// its significand times a power of two).
    public func reduce(rounding x: Double) -> UInt64 {
        let rounded = x.rounded()
        precondition(rounded.isFinite, "only finite values reduce")
        if rounded.magnitude < 0x1p62 { return reduce(signed: Int64(rounded)) }
        let magnitude = multiply(
            reduce(rounded.significandBitPattern | (1 << 52)), power(2, UInt64(rounded.exponent) - 52))
        return rounded < 0 ? (value - magnitude) % value : magnitude
    }

    /// x reduced from a signed value into [0, q), without branching on x.
    public func reduce(signed x: Int64) -> UInt64 {
        let magnitude = reduce(x.magnitude)
        let negative = UInt64(bitPattern: x >> 63)
        let chosen = (magnitude & ~negative) | ((value &- magnitude) & negative)
        return Swift.min(chosen, chosen &- value)
    }
}

extension Modulus {
    /// Distinct primes q ≡ 1 (mod 2N) of exactly `bits` bits, N = 2^logDegree, in descending order from the
    /// largest, skipping `excluding`. Deterministic: the same arguments always give the same primes.
    ///
    /// - Parameters:
    ///   - bits: 20...61.
    ///   - logDegree: 1...17.
    ///   - count: how many primes, ≥ 0.
    ///   - excluding: primes to skip (e.g. those of another basis).
    /// - Throws: ``HERingError/notEnoughPrimes(bits:logDegree:requested:)`` when the range holds too few.
    public static func nttPrimes(
        bits: Int, logDegree: Int, count: Int, excluding: [UInt64] = []
    ) throws(HERingError) -> [UInt64] {
        guard (20...Modulus.maxBits).contains(bits), (1...17).contains(logDegree), count >= 0 else {
            throw .invalidArgument("prime size \(bits) bits or ring degree 2^\(logDegree) out of range")
        }
        var primes = [UInt64](repeating: 0, count: count)
        let status = primes.withUnsafeMutableBufferPointer { out in
            excluding.withUnsafeBufferPointer { skip in
                ck_find_ntt_primes(
                    UInt32(bits), UInt32(logDegree), count, skip.baseAddress, skip.count,
                    out.baseAddress)
            }
        }
        if status == CK_NOT_FOUND { throw .notEnoughPrimes(bits: bits, logDegree: logDegree, requested: count) }
        try check(status, "prime search")
        return primes
    }

    /// Whether q is prime (GMP's BPSW test, deterministic below 2^64).
    public static func isPrime(_ q: UInt64) -> Bool { ck_is_prime(q) != 0 }
}
