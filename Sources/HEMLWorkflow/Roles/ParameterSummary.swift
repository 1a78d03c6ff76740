import CKKS
import Foundation
import HEML

/// The CKKS parameters of a run as plain numbers, for reports (callers need not import the CKKS layer).
public struct ParameterSummary: Sendable, Equatable {
    /// N.
    public let ringDegree: Int
    /// log2 N.
    public let logDegree: Int
    /// log2 of QP rounded up, the quantity the security tables bound (bits).
    public let logQP: Int
    /// Levels of the chain (rescalings available).
    public let levels: Int
    /// log2 of the scale (bits).
    public let scaleBits: Int
    /// 128 when checked against the table, 0 for an unchecked test ring.
    public let securityBits: Int
    /// Special primes P of the key-switching modulus.
    public let specialPrimes: Int
    /// Key-switching digits at the top level.
    public let digits: Int

    init(_ p: CKKSParameters) {
        ringDegree = p.degree
        logDegree = p.logDegree
        logQP = Int(p.logQP.rounded(.up))
        levels = p.maxLevel
        scaleBits = Int(log2(p.scale).rounded())
        securityBits = p.securityBits
        specialPrimes = p.specialModuli.count
        digits = p.digitCount
    }

    /// Whether the parameters meet 128-bit security.
    public var isSecure: Bool { securityBits >= 128 }
}

extension TrainingPlan {
    /// The plan's CKKS parameters as plain numbers.
    public var parameterSummary: ParameterSummary { ParameterSummary(parameters) }
}
