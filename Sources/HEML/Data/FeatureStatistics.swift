/// Per-feature count, sums and sums of squares of a set of rows: additive, so several data owners' statistics sum
/// to the union's, and enough to fit the z-score scaling the single owner fits (``FeatureScaling/fit(_:method:)``
/// with ``FeatureScaling/Method/zScore(clip:)``) without anyone seeing another's rows.
///
/// Min–max and max-abs scalings need the union's extremes, which do not add up; owners who share only sums use
/// the z-score (clipped to ±c, the default), whose range is the union's mean ± c standard deviations.
public struct FeatureStatistics: Sendable, Equatable {
    /// Rows counted.
    public let count: Double
    /// Σ x_j over the rows, per feature (raw units).
    public let sums: [Double]
    /// Σ x_j² over the rows, per feature (raw units squared).
    public let sumsOfSquares: [Double]

    /// The statistics of `dataset`'s features.
    public init(_ dataset: Dataset) {
        let d = dataset.featureCount
        var sums = [Double](repeating: 0, count: d), squares = sums
        for (index, value) in dataset.features.enumerated() {
            sums[index % d] += value
            squares[index % d] += value * value
        }
        self.init(unchecked: Double(dataset.rowCount), sums: sums, squares: squares)
    }

    private init(unchecked count: Double, sums: [Double], squares: [Double]) {
        self.count = count
        self.sums = sums
        sumsOfSquares = squares
    }

    /// Statistics from their flat form ``vector`` (e.g. decrypted from a sum of owners' encryptions).
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` unless `vector` has 1 + 2·`featureCount`
    ///   entries; ``HEMLError/invalidArgument(_:)`` unless every entry is finite and the count at least 1.
    public init(vector: [Double], featureCount d: Int) throws(HEMLError) {
        guard vector.count == 1 + 2 * d else {
            throw .dimensionMismatch(what: "feature statistics", expected: 1 + 2 * d, found: vector.count)
        }
        guard vector.allSatisfy(\.isFinite), vector[0] >= 0.5 else {
            throw .invalidArgument("feature statistics must be finite and count at least one row")
        }
        self.init(unchecked: vector[0].rounded(), sums: Array(vector[1...d]), squares: Array(vector[(d + 1)...]))
    }

    /// Relative size below which Σx²/n − mean² counts as 0 (against Σx²/n): a constant column.
    static let constantTolerance = 1e-9

    /// count, the d sums, the d sums of squares.
    public var vector: [Double] { [count] + sums + sumsOfSquares }

    /// The union of two sets of rows with the same features.
    ///
    /// - Precondition: the same feature count.
    public static func + (lhs: FeatureStatistics, rhs: FeatureStatistics) -> FeatureStatistics {
        precondition(lhs.sums.count == rhs.sums.count, "statistics of the same features")
        return FeatureStatistics(
            unchecked: lhs.count + rhs.count, sums: zip(lhs.sums, rhs.sums).map(+),
            squares: zip(lhs.sumsOfSquares, rhs.sumsOfSquares).map(+))
    }

    /// The z-score scaling of these rows: center = mean, scale = c·std (population variance Σx²/n − mean², taken as 0 when below 10⁻⁹·Σx²/n), clip 1
    /// (no clip and scale = std when `clip` is nil), as ``FeatureScaling/fit(_:method:)`` fits it on the rows.
    ///
    /// - Parameters:
    ///   - clip: the clip c (nil: plain z-score).
    ///   - tolerance: the absolute error of every entry (0 for exact sums; for decrypted sums, the decryption's
    ///     error): a variance within 4·tolerance/count of 0 is taken as 0, so a constant column keeps scale 1.
    /// - Throws: ``HEMLError/invalidArgument(_:)`` if `clip` is not finite and positive or `tolerance` negative.
    public func zScoreScaling(clip c: Double? = 4, tolerance: Double = 0) throws(HEMLError) -> FeatureScaling {
        if let c, !(c.isFinite && c > 0) { throw .invalidArgument("z-score clip must be finite and positive") }
        guard tolerance.isFinite, tolerance >= 0 else { throw .invalidArgument("tolerance must be finite, ≥ 0") }
        var center: [Double] = [], scale: [Double] = []
        for (sum, squares) in zip(sums, sumsOfSquares) {
            let mean = sum / count, meanSquare = squares / count
            let variance = meanSquare - mean * mean
            // A variance within rounding (or decryption noise) of 0 is a constant column, as in the two-pass fit.
            let noise = max(Self.constantTolerance * meanSquare, 4 * tolerance / count)
            let entry = FeatureScaling.zScore(mean: mean, variance: variance > noise ? variance : 0, clip: c)
            center.append(entry.center)
            scale.append(entry.scale)
        }
        return try FeatureScaling(
            center: center, scale: scale, clip: c == nil ? nil : 1,
            methodName: FeatureScaling.Method.zScore(clip: c).name)
    }
}
