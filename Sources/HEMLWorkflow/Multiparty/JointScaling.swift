import HEML

/// The feature scaling of the union of several parties' rows, from aggregates only, equal (to rounding) to the
/// scaling a single owner of the union fits: the z-score clipped to ±c, then the diagonal preconditioner.
///
/// Round 1: each party's ``FeatureStatistics`` (count, per-feature sums and sums of squares); their sum gives the
/// union's means and standard deviations, hence center and scale. Round 2: each party's Gram matrix of its rows
/// scaled that way (``DiagonalPreconditioner/gram(_:)``); their sum gives the preconditioner's multipliers. Both
/// sums are revealed to every party (and only the sums): 1 + 2d numbers, then (d + 1)² of which the upper triangle
/// is used. Min–max and max-abs scalings would need the union's extremes, which do not add up, and are refused.
public enum JointScaling {
    /// Sums decrypted per session: the statistics, then the Gram matrices.
    public static let rounds = 2

    /// Round 1, a party: its statistics as the vector to encrypt.
    public static func statistics(_ raw: Dataset) -> [Double] { FeatureStatistics(raw).vector }

    /// Round 1, combined: the union's clipped z-score scaling from the sum of every party's statistics.
    ///
    /// - Parameter tolerance: the absolute error of the decrypted sums (``JointAggregate/errorBound(of:)``).
    /// - Throws: ``HEMLError`` for a vector of another length, non-finite entries or a non-positive clip.
    public static func scaling(statistics: [Double], featureCount: Int, clip: Double?, tolerance: Double = 0)
        throws(HEMLError) -> FeatureScaling
    {
        try FeatureStatistics(vector: statistics, featureCount: featureCount)
            .zScoreScaling(clip: clip, tolerance: tolerance)
    }

    /// Round 2, a party: the Gram matrix of its rows under the union's scaling (no multipliers yet).
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` for rows of another feature count.
    public static func gram(_ raw: Dataset, scaling: FeatureScaling) throws(HEMLError) -> [Double] {
        DiagonalPreconditioner.gram(try scaling.withoutMultipliers.apply(to: raw))
    }

    /// Round 2, combined: `scaling` with the preconditioner's multipliers from the union's Gram matrix.
    ///
    /// - Throws: ``HEMLError`` unless the Gram matrix is (d + 1)² finite entries and the union has rows.
    public static func preconditioned(_ scaling: FeatureScaling, gram: [Double], rowCount: Int) throws(HEMLError)
        -> FeatureScaling
    {
        let width = scaling.featureCount + 1
        guard gram.count == width * width else {
            throw .dimensionMismatch(what: "Gram matrix entries", expected: width * width, found: gram.count)
        }
        guard rowCount > 0, gram.allSatisfy(\.isFinite) else {
            throw .invalidArgument("a Gram matrix needs rows and finite entries")
        }
        return try FeatureScaling(
            center: scaling.center, scale: scaling.scale, clip: scaling.clip, methodName: scaling.methodName,
            multipliers: DiagonalPreconditioner.multipliers(
                diagonal: DiagonalPreconditioner.diagonal(gram: gram, rowCount: rowCount)))
    }

    /// Round 1, combined, from the jointly decrypted sum as decoded (every slot): its first 1 + 2d entries, with
    /// their error bound as the tolerance.
    ///
    /// - Throws: as ``scaling(statistics:featureCount:clip:tolerance:)``, or when fewer entries are given.
    public static func scaling(opened: [Double], featureCount: Int, clip: Double) throws(HEMLError)
        -> FeatureScaling
    {
        let statistics = try prefix(opened, 1 + 2 * featureCount, "statistics")
        return try scaling(
            statistics: statistics, featureCount: featureCount, clip: clip,
            tolerance: JointAggregate.errorBound(of: statistics))
    }

    /// Round 2, combined, from the jointly decrypted sums as decoded (every slot): the Gram matrix's (d + 1)²
    /// entries, the row count from the statistics' first entry.
    ///
    /// - Throws: as ``preconditioned(_:gram:rowCount:)``, or when fewer entries are given.
    public static func preconditioned(_ scaling: FeatureScaling, opened gram: [Double], statistics: [Double])
        throws(HEMLError) -> FeatureScaling
    {
        let width = scaling.featureCount + 1
        guard let count = statistics.first, count.isFinite, count >= 0, count < 0x1p52 else {
            throw .invalidArgument("the opened statistics hold no row count")
        }
        return try preconditioned(
            scaling, gram: prefix(gram, width * width, "Gram matrix"), rowCount: Int(count.rounded()))
    }

    private static func prefix(_ values: [Double], _ count: Int, _ what: String) throws(HEMLError) -> [Double] {
        guard values.count >= count else {
            throw .dimensionMismatch(what: "\(what) entries", expected: count, found: values.count)
        }
        return Array(values.prefix(count))
    }
}
