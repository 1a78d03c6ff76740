import HERing

/// One party's contribution to a collective key or decryption, or the sum of several parties' contributions.
///
/// Shares are public (they reveal nothing about a party's secret beyond an RLWE sample), are combined by anyone
/// with ``MultipartyCombiner``, and carry what the combiner needs to refuse a share that does not belong: the
/// parameter set, the CRS, the number of parties, which parties contributed, and for decryption shares the
/// ciphertext they decrypt.
public struct MultipartyShare: Sendable, Equatable {
    /// What a share is for; the number and ring of its polynomials follow from it.
    public enum Kind: Sendable, Hashable {
        /// b_i = −a·s_i + e_i over q_0 … q_L and P (one polynomial).
        case publicKey
        /// First round of the relinearization key: per digit (−u_i·a_j + g_j·s_i + e, s_i·a_j + e) over QP.
        case relinearizationRound1
        /// Second round: per digit (s_i·h0_j + e, (u_i − s_i)·h1_j + e) over QP, from the first round's sum.
        case relinearizationRound2
        /// Galois key for exponent k: per digit −a_j·φ⁻¹(s_i) + e + g_j·s_i over QP.
        case galois(exponent: UInt64)
        /// Decryption share s_i·c_1 + e_flood over q_0 … q_level.
        case decryption(level: Int)
        /// Re-encryption share (s_i·c_1 + u_i·b' + e_flood, u_i·a' + e) over q_0 … q_level, towards a
        /// recipient's public key (b', a').
        case keySwitch(level: Int)

        /// For messages.
        var noun: String {
            switch self {
            case .publicKey: "public-key share"
            case .relinearizationRound1: "relinearization share (round 1)"
            case .relinearizationRound2: "relinearization share (round 2)"
            case .galois(let k): "Galois-key share (exponent \(k))"
            case .decryption(let level): "decryption share (level \(level))"
            case .keySwitch(let level): "re-encryption share (level \(level))"
            }
        }
    }

    /// What the share is for.
    public let kind: Kind
    /// Parties of the session, 2 … ``MultipartyCombiner/maximumParties``.
    public let partyCount: Int
    /// The parties whose contributions are summed here (indices 0 ..< partyCount, strictly increasing).
    public let contributors: [Int]
    /// ``CommonReferenceString/fingerprint`` of the session's CRS.
    public let crsFingerprint: UInt64
    /// For decryption and re-encryption shares: ``Ciphertext/digest`` of the ciphertext decrypted; else 0.
    public let ciphertextDigest: UInt64
    /// Fingerprint of the parameters.
    public let parametersFingerprint: UInt64
    /// The polynomials, NTT form, in the order the kind states (digit by digit for keys).
    package internal(set) var polynomials: [RNSPolynomial<Evaluation>]

    /// Whether every party of the session has contributed.
    public var isComplete: Bool { contributors == Array(0..<partyCount) }

    /// The number of polynomials and their ring for `kind` under `context`.
    static func shape(of kind: Kind, context: CKKSContext) -> (count: Int, ring: RingContext) {
        let digits = context.keySwitching.digitCount
        return switch kind {
        case .publicKey: (1, context.keyRing)
        case .relinearizationRound1, .relinearizationRound2: (2 * digits, context.keyRing)
        case .galois: (digits, context.keyRing)
        case .decryption(let level): (1, context.ring(level: level))
        case .keySwitch(let level): (2, context.ring(level: level))
        }
    }
}

extension Ciphertext {
    /// XXH64 of the ciphertext's level, scale and c_1 residues: what decryption shares are bound to, so a share
    /// for another ciphertext is refused. Not a MAC.
    public var digest: UInt64 {
        var header: [UInt8] = []
        ByteCodec.append(UInt64(level), to: &header)
        ByteCodec.append(scale.bitPattern, to: &header)
        ByteCodec.append(UInt64(size), to: &header)
        return components[1].residues.withUnsafeBytes { XXHash64.hash($0, seed: XXHash64.hash(header)) }
    }
}
