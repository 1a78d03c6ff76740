/// The noise of a DP-GD run: one vector ξ_t per Nesterov iteration, added to the mean gradient before the step
/// (w_{t+1} = v_t + γ_t·(g(v_t) + ξ_t)), intercept first, one entry per column of z.
///
/// Shares from several parties add up (``+``); the trainer only ever sees their sum, under encryption.
public struct GradientNoise: Sendable, Equatable {
    /// ξ_t for t = 0 ..< T, each of the same length (features + 1).
    public let vectors: [[Double]]

    /// - Throws: ``HEMLError/invalidArgument(_:)`` for no vectors, vectors of different or zero length, or a
    ///   non-finite entry.
    public init(vectors: [[Double]]) throws(HEMLError) {
        guard let width = vectors.first?.count, width > 0 else {
            throw .invalidArgument("gradient noise needs at least one non-empty vector")
        }
        guard vectors.allSatisfy({ $0.count == width }) else {
            throw .invalidArgument("gradient noise vectors must all have the same length")
        }
        guard vectors.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw .invalidArgument("gradient noise must be finite")
        }
        self.vectors = vectors
    }

    /// Number of iterations it covers.
    public var iterations: Int { vectors.count }
    /// Entries per vector (features + 1).
    public var width: Int { vectors[0].count }

    /// The sum of two shares of the same shape.
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` when the shapes differ.
    public static func + (a: GradientNoise, b: GradientNoise) throws(HEMLError) -> GradientNoise {
        guard a.iterations == b.iterations, a.width == b.width else {
            throw .dimensionMismatch(
                what: "gradient noise entries", expected: a.iterations * a.width, found: b.iterations * b.width)
        }
        return try GradientNoise(vectors: zip(a.vectors, b.vectors).map { zip($0, $1).map(+) })
    }

    /// ξ_t·γ_t, what is added to the weights w_{t+1} (the encrypted trainer adds these, encrypted).
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` unless there is one step per vector.
    public func scaled(bySteps steps: [Double]) throws(HEMLError) -> [[Double]] {
        guard steps.count == iterations else {
            throw .dimensionMismatch(what: "noise steps (one per iteration)", expected: iterations, found: steps.count)
        }
        return zip(vectors, steps).map { vector, step in vector.map { $0 * step } }
    }
}
