import Foundation
import HERing

/// Validated CKKS parameters: ring degree, modulus chain, special primes for hybrid key switching, scale, secret
/// distribution and the security policy they were checked under.
///
/// Levels count down: a fresh ciphertext is at level L = `maxLevel` over q_0 … q_L; each rescale divides by the
/// last prime and drops one level; level 0 keeps only q_0. Decryption at level 0 needs |value| · scale < q_0 / 2.
public struct CKKSParameters: Sendable, Hashable, CustomStringConvertible {
    /// log2 N, 10…17.
    public let logDegree: Int
    /// q_0, q_1, …, q_L: distinct NTT primes (≡ 1 mod 2N, below 2^61).
    public let ciphertextModuli: [UInt64]
    /// The special primes P used only inside key switching (at least one).
    public let specialModuli: [UInt64]
    /// Scale of a fresh encoding at the top level, 2^20 … 2^60.
    public let scale: Double
    /// Distribution of secret-key coefficients.
    public let secret: SecretDistribution
    /// Consecutive primes of Q per key-switching digit (α); the number of digits is ⌈(L+1)/α⌉.
    public let primesPerDigit: Int
    /// The security policy the parameters were validated under.
    public let security: SecurityPolicy

    /// Most primes (ciphertext and special together) a parameter set may have: more than any 128-bit-secure chain
    /// up to N = 2^17 can use (log QP ≤ 3523 bits), and a bound on what a stored parameter set can make a reader
    /// build (NTT tables, CRT tables, one ring per level).
    public static let maximumPrimeCount = 256

    /// - Parameters:
    ///   - logDegree: log2 N, 10 … 17.
    ///   - ciphertextModuli: q_0 … q_L, distinct primes below 2^61 with q ≡ 1 mod 2N.
    ///   - specialModuli: the special primes P, at least one, distinct from the chain.
    ///   - scale: the top level's scale, 2^20 … 2^60.
    ///   - secret: the secret-key distribution (sparse secrets need `security: .unchecked`).
    ///   - primesPerDigit: α; defaults to the number of special primes (so P is about one digit wide).
    ///   - security: `.classical128` checks the 128-bit bound; `.unchecked` is for tests only.
    /// - Throws: ``CKKSError/invalidParameters(_:)`` for out-of-range or inconsistent values (including more than
    ///   ``maximumPrimeCount`` primes);
    ///   ``CKKSError/insecureParameters(logDegree:logQP:maximum:)`` when `security` is `.classical128` and the
    ///   chain is too long for the ring degree, or the secret is sparse.
    public init(
        logDegree: Int, ciphertextModuli: [UInt64], specialModuli: [UInt64], scale: Double,
        secret: SecretDistribution = .ternary, primesPerDigit: Int? = nil, security: SecurityPolicy = .classical128
    ) throws(CKKSError) {
        guard (10...17).contains(logDegree) else { throw .invalidParameters("ring degree must be 2^10 … 2^17") }
        guard !ciphertextModuli.isEmpty, !specialModuli.isEmpty else {
            throw .invalidParameters("need at least one ciphertext prime and one special prime")
        }
        guard ciphertextModuli.count + specialModuli.count <= Self.maximumPrimeCount else {
            throw .invalidParameters("at most \(Self.maximumPrimeCount) primes (ciphertext and special together)")
        }
        let all = ciphertextModuli + specialModuli
        guard Set(all).count == all.count else { throw .invalidParameters("primes must be distinct") }
        let twoN = UInt64(2) << logDegree
        for q in all where q >= 1 << 61 || q % twoN != 1 || !Modulus.isPrime(q) {
            throw .invalidParameters("\(q) is not a prime below 2^61 congruent to 1 mod 2N")
        }
        guard scale >= 0x1p20, scale <= 0x1p60 else { throw .invalidParameters("scale must be 2^20 … 2^60") }
        // The scale of level 0 (``CKKSContext/levelScales``), which holds the final result.
        let bottomScale = ciphertextModuli.dropFirst().reversed().reduce(scale) { $0 * $0 / Double($1) }
        guard bottomScale >= 1, bottomScale < Double(ciphertextModuli[0]) else {
            throw .invalidParameters("the scale at level 0 must be below the first prime q_0, which holds the result")
        }
        let alpha = primesPerDigit ?? min(specialModuli.count, ciphertextModuli.count)
        guard (1...ciphertextModuli.count).contains(alpha) else {
            throw .invalidParameters("primes per digit must be 1 … \(ciphertextModuli.count)")
        }
        if case .sparseTernary(let h) = secret, !(1...(1 << logDegree)).contains(h) {
            throw .invalidParameters("Hamming weight must be 1 … N")
        }
        self.logDegree = logDegree
        self.ciphertextModuli = ciphertextModuli
        self.specialModuli = specialModuli
        self.scale = scale
        self.secret = secret
        self.primesPerDigit = alpha
        self.security = security
        let widestDigit =
            stride(from: 0, to: ciphertextModuli.count, by: alpha).map { start in
                ciphertextModuli[start..<min(start + alpha, ciphertextModuli.count)].reduce(0.0) {
                    $0 + Foundation.log2(Double($1))
                }
            }.max() ?? 0
        guard logP >= widestDigit - 2 else {
            throw .invalidParameters(
                "the special primes (\(Int(logP)) bits) must be about as wide as a digit "
                    + "(\(Int(widestDigit.rounded(.up))) bits); add special primes or lower primes per digit")
        }
        if security == .classical128 {
            guard secret == .ternary else {
                throw .insecureParameters(logDegree: logDegree, logQP: logQP, maximum: 0)
            }
            let maximum = SecurityPolicy.maximumLogQP[logDegree]!
            guard logQP <= Double(maximum) else {
                throw .insecureParameters(logDegree: logDegree, logQP: logQP, maximum: maximum)
            }
        }
    }

    /// Ring degree N.
    public var degree: Int { 1 << logDegree }
    /// Number of complex slots, N/2.
    public var slotCount: Int { degree / 2 }
    /// Highest level L (the number of rescalings a fresh ciphertext allows).
    public var maxLevel: Int { ciphertextModuli.count - 1 }
    /// log2 of Q = q_0 ⋯ q_L.
    public var logQ: Double { ciphertextModuli.reduce(0) { $0 + Foundation.log2(Double($1)) } }
    /// log2 of P.
    public var logP: Double { specialModuli.reduce(0) { $0 + Foundation.log2(Double($1)) } }
    /// log2 of QP, the quantity the security tables bound.
    public var logQP: Double { logQ + logP }
    /// Number of key-switching digits at the top level.
    public var digitCount: Int { (ciphertextModuli.count + primesPerDigit - 1) / primesPerDigit }
    /// 128 when validated against the 128-bit table, 0 when unchecked.
    public var securityBits: Int { security.securityBits(logDegree: logDegree, logQP: logQP, secret: secret) }

    /// A 64-bit fingerprint of everything that makes objects compatible (XXH64 over a canonical little-endian
    /// encoding). It identifies a parameter set; it does not authenticate anything.
    public var fingerprint: UInt64 {
        var words: [UInt64] = [UInt64(logDegree), UInt64(ciphertextModuli.count)] + ciphertextModuli
        words += [UInt64(specialModuli.count)] + specialModuli
        words += [scale.bitPattern, UInt64(primesPerDigit)]
        switch secret {
        case .ternary: words.append(0)
        case .sparseTernary(let h): words += [1, UInt64(h)]
        }
        var bytes: [UInt8] = []
        for word in words { ByteCodec.append(word, to: &bytes) }
        return ByteCodec.checksum(bytes)
    }

    public var description: String {
        "N = 2^\(logDegree), L = \(maxLevel), log QP = \(Int(logQP.rounded(.up))), scale 2^\(log2String(scale)), "
            + "\(specialModuli.count) special primes, \(digitCount) digits, \(secret), "
            + (securityBits >= 128 ? "128-bit secure" : "INSECURE (unchecked)")
    }
}
