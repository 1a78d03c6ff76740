/// Which sigmoid the plaintext trainer uses: the exact logistic function, or the polynomial the encrypted trainer
/// evaluates (the "polynomial twin").
public enum Sigmoid: Sendable, Equatable {
    /// σ(x) = 1 / (1 + e^(−x)).
    case exact
    /// A polynomial approximation; meaningful only while |x| ≤ its radius.
    case polynomial(SigmoidApproximation)

    /// σ(x) under this choice.
    @inline(__always)
    public func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .exact: logistic(x)
        case .polynomial(let p): p.evaluate(x)
        }
    }

    /// `exact`, or the approximation's name.
    public var name: String {
        switch self {
        case .exact: "exact"
        case .polynomial(let p): p.name
        }
    }
}
