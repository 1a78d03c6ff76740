/// A per-feature affine map followed by optional clipping and an optional preconditioning multiplier, chosen by the
/// data owner and stored with the model.
///
/// Feature `i` of a raw row `x` becomes `m[i] · clamp((x[i] − center[i]) / scale[i], −clip, clip)` (no clamp when
/// ``clip`` is nil; m = 1 without ``multipliers``). A model trained on scaled features then scores raw data as
/// `logit = intercept + Σ w[i] · clamp((x[i] − center[i]) / scale[i], −clip, clip)`, which is exactly what a model
/// file stores (see ``ModelFile``).
///
/// Constant columns never give NaN: a zero spread is replaced by scale 1, so the column maps to a constant.
public struct FeatureScaling: Sendable, Equatable, Codable {
    /// How ``fit(_:method:)`` chooses center, scale and clip from training data.
    public enum Method: Sendable, Equatable {
        /// z-score clipped to ±c and divided by c (the default, c = 4): center = mean, scale = c · std (population
        /// standard deviation, divisor n), clip = 1, so every value lies in [−1, 1]. With `clip: nil`: the plain
        /// z-score, center = mean, scale = std, no clipping.
        case zScore(clip: Double?)
        /// Min–max to [−1, 1]: center = (min + max) / 2, scale = (max − min) / 2, clip = 1 (new data outside the
        /// training range are clamped).
        case minMax
        /// Max-abs (Kim et al. 2018, `normalizeZData`): center = 0, scale = max |x|, clip = 1.
        case maxAbs

        /// z-score clipped to ±4 then divided by 4.
        public static let `default` = Method.zScore(clip: 4)

        /// A short name for model metadata: `zscore-clip<c>`, `zscore`, `minmax`, `maxabs`.
        public var name: String {
            switch self {
            case .zScore(let clip?): "zscore-clip\(formatNumber(clip))"
            case .zScore(nil): "zscore"
            case .minMax: "minmax"
            case .maxAbs: "maxabs"
            }
        }
    }

    /// Per-feature value subtracted first (raw units).
    public let center: [Double]
    /// Per-feature divisor (raw units), finite and positive.
    public let scale: [Double]
    /// Bound applied after centering and scaling (positive), or nil for none.
    public let clip: Double?
    /// Name of the method that produced it (metadata only; ``Method/name``, or `custom`).
    public let methodName: String
    /// Per-feature factors applied after clipping (``DiagonalPreconditioner``), or nil for none. Each lies in
    /// [``multiplierRange``].
    public let multipliers: [Double]?

    /// The range every multiplier must lie in (a preconditioner clamps its own to 2^±10).
    public static let multiplierRange = 0x1p-20...0x1p20

    /// Number of features.
    public var featureCount: Int { center.count }

    /// Most features a scaling (and so a model file) may have, 2^16.
    public static let maximumFeatureCount = 1 << 16

    /// A scaling with explicit parameters.
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` if `scale` and `center` differ in length;
    ///   ``HEMLError/invalidArgument(_:)`` for more than ``maximumFeatureCount`` features, and unless every
    ///   center is finite, every scale finite and > 0, clip (if given) finite and > 0, and every multiplier (if
    ///   given, one per feature) within ``multiplierRange``.
    public init(
        center: [Double], scale: [Double], clip: Double?, methodName: String = "custom", multipliers: [Double]? = nil
    ) throws(HEMLError) {
        guard center.count == scale.count else {
            throw .dimensionMismatch(what: "scaling scale entries", expected: center.count, found: scale.count)
        }
        if let multipliers {
            guard multipliers.count == center.count else {
                throw .dimensionMismatch(
                    what: "scaling multipliers", expected: center.count, found: multipliers.count)
            }
            guard multipliers.allSatisfy(Self.multiplierRange.contains) else {
                throw .invalidArgument("scaling multipliers must lie in 2^-20 … 2^20")
            }
        }
        guard center.count <= Self.maximumFeatureCount else {
            throw .invalidArgument("a scaling has at most \(Self.maximumFeatureCount) features")
        }
        guard center.allSatisfy(\.isFinite) else { throw .invalidArgument("scaling centers must be finite") }
        guard scale.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw .invalidArgument("scaling scales must be finite and positive")
        }
        if let clip, !(clip.isFinite && clip > 0) { throw .invalidArgument("clip must be finite and positive") }
        self.center = center
        self.scale = scale
        self.clip = clip
        self.methodName = methodName
        self.multipliers = multipliers
    }

    /// The scaling that leaves `featureCount` features unchanged (center 0, scale 1, no clip).
    public static func identity(featureCount: Int) -> FeatureScaling {
        try! FeatureScaling(
            center: .init(repeating: 0, count: featureCount),
            scale: .init(repeating: 1, count: featureCount), clip: nil, methodName: "identity")
    }

    /// Fits center, scale and clip to the features of `dataset` (labels are not used).
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` if a z-score clip is not finite and positive.
    public static func fit(_ dataset: Dataset, method: Method = .default) throws(HEMLError) -> FeatureScaling {
        let n = dataset.rowCount, d = dataset.featureCount
        var center = [Double](repeating: 0, count: d), scale = [Double](repeating: 1, count: d)
        var clip: Double? = 1
        for j in 0..<d {
            let column = dataset.column(j)
            switch method {
            case .zScore(let c):
                if let c, !(c.isFinite && c > 0) { throw .invalidArgument("z-score clip must be finite and positive") }
                let mean = column.reduce(0, +) / Double(n)
                let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
                (center[j], scale[j]) = zScore(mean: mean, variance: variance, clip: c)
                clip = c == nil ? nil : 1
            case .minMax:
                let low = column.min()!, high = column.max()!
                center[j] = (low + high) / 2
                scale[j] = high > low ? (high - low) / 2 : 1
            case .maxAbs:
                let bound = column.reduce(0) { max($0, abs($1)) }
                scale[j] = bound > 0 ? bound : 1
            }
        }
        return try FeatureScaling(center: center, scale: scale, clip: clip, methodName: method.name)
    }

    /// Center and scale of one z-scored feature: the mean, and c·std (std = √variance; 1 for a constant column).
    static func zScore(mean: Double, variance: Double, clip c: Double?) -> (center: Double, scale: Double) {
        let std = max(variance, 0).squareRoot()
        return (mean, std > 0 ? std * (c ?? 1) : 1)
    }

    /// One scaled value: `m[feature] · clamp((value − center[feature]) / scale[feature], −clip, clip)`.
    /// `feature` is 0-based and must be below ``featureCount`` (traps otherwise).
    @inline(__always)
    public func transform(_ value: Double, feature: Int) -> Double {
        var scaled = (value - center[feature]) / scale[feature]
        if let clip { scaled = min(max(scaled, -clip), clip) }
        guard let multipliers else { return scaled }
        return scaled * multipliers[feature]
    }

    /// This scaling with ``DiagonalPreconditioner`` multipliers computed on `raw` (the rows it was fitted on),
    /// replacing any it had.
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` if `raw` has another feature count.
    public func preconditioned(on raw: Dataset) throws(HEMLError) -> FeatureScaling {
        let base = withoutMultipliers
        return try FeatureScaling(
            center: center, scale: scale, clip: clip, methodName: methodName,
            multipliers: DiagonalPreconditioner.multipliers(base.apply(to: raw)))
    }

    /// The same center, scale and clip without multipliers.
    public var withoutMultipliers: FeatureScaling {
        try! FeatureScaling(center: center, scale: scale, clip: clip, methodName: methodName)
    }

    /// Maps a model trained on this scaling's output (intercept first) to one on ``withoutMultipliers``'s
    /// output: w_k·m_k (the logits of every row are unchanged).
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` unless `coefficients` has
    ///   ``featureCount`` + 1 entries.
    public func unfolding(_ coefficients: [Double]) throws(HEMLError) -> [Double] {
        try applyingMultipliers(coefficients, *)
    }

    /// The inverse of ``unfolding(_:)``: plain-scaling weights back in the preconditioned units the training ran in
    /// (w_k / m_k).
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` unless there is one coefficient per feature
    ///   plus the intercept.
    public func folding(_ coefficients: [Double]) throws(HEMLError) -> [Double] {
        try applyingMultipliers(coefficients, /)
    }

    private func applyingMultipliers(_ coefficients: [Double], _ operation: (Double, Double) -> Double)
        throws(HEMLError) -> [Double]
    {
        guard coefficients.count == featureCount + 1 else {
            throw .dimensionMismatch(what: "model coefficients", expected: featureCount + 1, found: coefficients.count)
        }
        guard let multipliers else { return coefficients }
        return [coefficients[0]] + zip(coefficients.dropFirst(), multipliers).map(operation)
    }

    /// Scales one raw row.
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` if the row length differs from
    ///   ``featureCount``.
    public func apply(row: some Collection<Double>) throws(HEMLError) -> [Double] {
        guard row.count == featureCount else {
            throw .dimensionMismatch(what: "row length", expected: featureCount, found: row.count)
        }
        return row.enumerated().map { transform($0.element, feature: $0.offset) }
    }

    /// Scales every row of `dataset`; labels, names and mapping are kept.
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` if the dataset has a different number of
    ///   features.
    public func apply(to dataset: Dataset) throws(HEMLError) -> Dataset {
        guard dataset.featureCount == featureCount else {
            throw .dimensionMismatch(what: "dataset features", expected: featureCount, found: dataset.featureCount)
        }
        let d = featureCount
        var values = dataset.features
        for index in values.indices { values[index] = transform(values[index], feature: index % d) }
        return dataset.replacingFeatures(values)
    }
}

/// A number as short text for names (`4`, `2.5`).
func formatNumber(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
}
