/// How secret-key coefficients are drawn.
public enum SecretDistribution: Sendable, Hashable, CustomStringConvertible {
    /// Uniform in {−1, 0, 1}: the distribution the HomomorphicEncryption.org tables assume.
    case ternary
    /// Exactly `hammingWeight` coefficients in {−1, 1}, the rest 0. Smaller noise growth but weaker than the
    /// standard tables assume for small weights, so it needs ``SecurityPolicy/unchecked``.
    case sparseTernary(hammingWeight: Int)

    public var description: String {
        switch self {
        case .ternary: "uniform ternary"
        case .sparseTernary(let h): "sparse ternary (h = \(h))"
        }
    }
}
