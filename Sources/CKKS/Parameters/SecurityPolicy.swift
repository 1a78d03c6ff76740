/// Whether parameters are checked against the HomomorphicEncryption.org security tables.
public enum SecurityPolicy: Sendable, Hashable {
    /// Refuse parameters weaker than 128-bit classical security for uniform ternary secrets.
    case classical128
    /// No check. For tests and experiments only; presets that use it carry `insecure` in their name.
    case unchecked

    /// Largest log2(QP) with 128-bit classical security for a uniform ternary secret, by log2 N
    /// (HomomorphicEncryption.org standard, 2018).
    public static let maximumLogQP: [Int: Int] = [
        10: 27, 11: 54, 12: 109, 13: 218, 14: 438, 15: 881, 16: 1747, 17: 3523,
    ]

    /// Estimated classical security in bits (128 when checked and within the table, else 0 = unknown).
    func securityBits(logDegree: Int, logQP: Double, secret: SecretDistribution) -> Int {
        guard self == .classical128, secret == .ternary,
            let maximum = Self.maximumLogQP[logDegree], logQP <= Double(maximum)
        else { return 0 }
        return 128
    }
}
