/// Named parameter sets. Each name says what it is: ring degree N, levels L and scale bits (`n16384_l7_s40` is
/// N = 2^14, L = 7, a 40-bit scale). All have a 50-bit q_0 and 40-bit scaling primes. Test-only sets, beyond the
/// 128-bit bound, carry `insecure` in their name.
public enum CKKSPreset: String, CaseIterable, Sendable, Codable {
    /// N = 2^13, L = 2, 1 special prime of 50 bits (log QP ≈ 180), 128-bit secure.
    case n8192_l2_s40
    /// N = 2^14, L = 7, 2 special primes of 50 bits (log QP ≈ 430), 128-bit secure.
    case n16384_l7_s40
    /// N = 2^15, L = 17, 3 special primes of 49 bits (log QP ≈ 877), 128-bit secure.
    case n32768_l17_s40
    /// N = 2^16, L = 37, 4 special primes of 50 bits (log QP ≈ 1730), 128-bit secure.
    case n65536_l37_s40
    /// Test-only: N = 2^12, L = 6, 2 special primes of 50 bits. Far beyond the 128-bit bound for N = 2^12
    /// (log QP ≈ 390).
    case insecure_n4096_l6_s40
}

extension CKKSParameters {
    /// The parameters of a preset.
    ///
    /// - Throws: ``CKKSError/ring(_:)`` only if prime generation fails (it does not for these sets).
    public init(preset: CKKSPreset) throws(CKKSError) {
        // (log2 N, levels, special-prime bits, special primes, security); every preset: 50-bit q0, 40-bit scale.
        let (logDegree, levels, specialBits, specialCount, security): (Int, Int, Int, Int, SecurityPolicy) =
            switch preset {
            case .n8192_l2_s40: (13, 2, 50, 1, .classical128)
            case .n16384_l7_s40: (14, 7, 50, 2, .classical128)
            case .n32768_l17_s40: (15, 17, 49, 3, .classical128)
            case .n65536_l37_s40: (16, 37, 50, 4, .classical128)
            case .insecure_n4096_l6_s40: (12, 6, 50, 2, .unchecked)
            }
        try self.init(
            logDegree: logDegree, levels: levels, scaleBits: 40, firstModulusBits: 50, specialModulusBits: specialBits,
            specialModulusCount: specialCount, security: security)
    }
}
