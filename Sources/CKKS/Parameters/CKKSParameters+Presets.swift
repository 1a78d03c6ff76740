extension CKKSParameters {
    /// N = 2^13, L = 2, 40-bit scale, 50-bit q_0, 1 special prime of 50 bits (log QP ≈ 180), 128-bit secure.
    public static var n8192_l2_s40: CKKSParameters {
        get throws(CKKSError) {
            try CKKSParameters(logDegree: 13, levels: 2, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 50,
                               specialModulusCount: 1)
        }
    }

    /// N = 2^14, L = 7, 40-bit scale, 50-bit q_0, 2 special primes of 50 bits (log QP ≈ 430), 128-bit secure.
    public static var n16384_l7_s40: CKKSParameters {
        get throws(CKKSError) {
            try CKKSParameters(logDegree: 14, levels: 7, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 50,
                               specialModulusCount: 2)
        }
    }

    /// N = 2^15, L = 17, 40-bit scale, 50-bit q_0, 3 special primes of 49 bits (log QP ≈ 877), 128-bit secure.
    public static var n32768_l17_s40: CKKSParameters {
        get throws(CKKSError) {
            try CKKSParameters(logDegree: 15, levels: 17, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 49,
                               specialModulusCount: 3)
        }
    }

    /// N = 2^16, L = 37, 40-bit scale, 50-bit q_0, 4 special primes of 50 bits (log QP ≈ 1730), 128-bit secure.
    public static var n65536_l37_s40: CKKSParameters {
        get throws(CKKSError) {
            try CKKSParameters(logDegree: 16, levels: 37, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 50,
                               specialModulusCount: 4)
        }
    }

    /// Test-only: N = 2^12, L = 6, 40-bit scale. Far beyond the 128-bit bound for N = 2^12 (log QP ≈ 390).
    public static var insecure_n4096_l6_s40: CKKSParameters {
        get throws(CKKSError) {
            try CKKSParameters(logDegree: 12, levels: 6, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 50,
                               specialModulusCount: 2, security: .unchecked)
        }
    }
}
