/// intercept + Σ wⱼ xⱼ on scaled features: the one logit function of heml (model files, plaintext twins and the
/// evaluation of decrypted weights all call it).
public struct LinearModel: Sendable, Equatable {
    /// The intercept (scaled units).
    public let intercept: Double
    /// One weight per feature (scaled units).
    public let weights: [Double]

    public init(intercept: Double, weights: [Double]) {
        self.intercept = intercept
        self.weights = weights
    }

    /// From intercept-first coefficients (c₀ = intercept, c₁… = weights), as training returns them.
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` when `coefficients` is empty.
    public init(coefficients: [Double]) throws(HEMLError) {
        guard let intercept = coefficients.first else { throw .invalidArgument("a model needs an intercept") }
        self.init(intercept: intercept, weights: Array(coefficients.dropFirst()))
    }

    /// The logit of one row of scaled features (as many values as weights; the caller checks the length).
    @inline(__always)
    public func logit(_ row: some Sequence<Double>) -> Double {
        zip(weights, row).reduce(intercept) { $0 + $1.0 * $1.1 }
    }

    /// Logits for every row of a dataset with *scaled* features.
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` if the feature count differs.
    public func logits(for scaled: Dataset) throws(HEMLError) -> [Double] {
        guard scaled.featureCount == weights.count else {
            throw .dimensionMismatch(what: "dataset features", expected: weights.count, found: scaled.featureCount)
        }
        return (0..<scaled.rowCount).map { logit(scaled.row($0)) }
    }
}
