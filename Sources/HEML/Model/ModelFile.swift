import Foundation

/// A trained logistic-regression model as stored on disk: JSON with snake_case keys.
///
/// It carries the feature scaling, so it scores raw data directly:
/// `logit = intercept + Σ weights[i] · clamp((x[i] − center[i]) / scale[i], −clip, clip)` (no clamp when `clip` is
/// null), `probability = σ(logit)` for the positive class (the file's larger label value, ``labelMapping``).
///
/// ```json
/// { "format": "heml-logistic-regression", "format_version": 1,
///   "features": ["duration_months", …], "label": "bad_credit",
///   "label_mapping": { "negative_value": 0, "positive_value": 1 },
///   "center": [...], "scale": [...], "clip": 1, "weights": [...], "intercept": -1.02,
///   "training": { "method": "nesterov-plaintext", "sigmoid": "kim3", "degree": 3, "interval": [-8, 8], … } }
/// ```
///
/// Files are written atomically (``write(to:)``) and validated when read (``read(from:)``): lengths agree,
/// numbers are finite, scales positive, and every count is within its maximum (at most
/// ``FeatureScaling/maximumFeatureCount`` features, ``maximumIterations`` iterations, ``maximumTrainingRows``
/// training rows, a sigmoid degree of at most ``SigmoidApproximation/maximumDegree`` with degree + 1
/// coefficients).
public struct ModelFile: Sendable, Equatable, Codable {
    /// Value of the `format` key.
    public static let formatName = "heml-logistic-regression"
    /// Value of the `format_version` key this code writes and reads.
    public static let formatVersion = 1
    /// Most training iterations a model file may record (metadata; plaintext training may run more than
    /// ``TrainingPlan/maximumIterations``).
    public static let maximumIterations = 1 << 24
    /// Most training rows a model file may record.
    public static let maximumTrainingRows = 1 << 40

    /// Feature names, in the order of `center`, `scale` and `weights`.
    public let features: [String]
    /// Label column name.
    public let label: String
    /// Which label values are negative and positive.
    public let labelMapping: LabelMapping
    /// Per-feature center (raw units).
    public let center: [Double]
    /// Per-feature scale (raw units, > 0).
    public let scale: [Double]
    /// Clip bound applied after scaling, or nil.
    public let clip: Double?
    /// Per-feature weights on scaled features.
    public let weights: [Double]
    /// Intercept (logit at the scaled origin).
    public let intercept: Double
    /// How the model was trained.
    public let training: TrainingMetadata

    /// Training provenance stored with a model.
    public struct TrainingMetadata: Sendable, Equatable, Codable {
        /// e.g. `nesterov-plaintext`, `nesterov-encrypted`.
        public var method: String
        /// Sigmoid used: `exact` or the approximation's name (e.g. `kim3`).
        public var sigmoid: String
        /// Polynomial degree, or nil for the exact sigmoid.
        public var degree: Int?
        /// Approximation interval [lower, upper], or nil for the exact sigmoid.
        public var interval: [Double]?
        /// Power-basis coefficients in x of the sigmoid polynomial, or nil.
        public var sigmoidCoefficients: [Double]?
        /// Number of NAG iterations.
        public var iterations: Int
        /// c in γ_t = c / (t + 1).
        public var learningRate: Double
        /// α₀ of the Nesterov schedule.
        public var initialAlpha: Double
        /// Scaling method name (``FeatureScaling/Method/name``).
        public var scaling: String
        /// Number of training rows.
        public var trainingRows: Int
        /// Source file name of the training data, if known.
        public var source: String?
        /// ISO 8601 UTC time of training, e.g. `2025-01-31T12:00:00Z`.
        public var timestamp: String
        /// `HEMLVersion.string` of the code that trained the model.
        public var hemlVersion: String

        /// Metadata from explicit values (see the properties for units); validated when the model is built.
        public init(
            method: String, sigmoid: String, degree: Int?, interval: [Double]?, sigmoidCoefficients: [Double]?,
            iterations: Int, learningRate: Double, initialAlpha: Double, scaling: String, trainingRows: Int,
            source: String?, timestamp: String, hemlVersion: String = HEMLVersion.string
        ) {
            self.method = method
            self.sigmoid = sigmoid
            self.degree = degree
            self.interval = interval
            self.sigmoidCoefficients = sigmoidCoefficients
            self.iterations = iterations
            self.learningRate = learningRate
            self.initialAlpha = initialAlpha
            self.scaling = scaling
            self.trainingRows = trainingRows
            self.source = source
            self.timestamp = timestamp
            self.hemlVersion = hemlVersion
        }

        enum CodingKeys: String, CodingKey {
            case method, sigmoid, degree, interval, iterations, source, timestamp, scaling
            case sigmoidCoefficients = "sigmoid_coefficients", learningRate = "learning_rate"
            case initialAlpha = "initial_alpha", trainingRows = "training_rows", hemlVersion = "heml_version"
        }

        /// - Throws: `EncodingError` only if the encoder refuses a value.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(method, forKey: .method)
            try c.encode(sigmoid, forKey: .sigmoid)
            try c.encode(degree, forKey: .degree)
            try c.encode(interval, forKey: .interval)
            try c.encode(sigmoidCoefficients, forKey: .sigmoidCoefficients)
            try c.encode(iterations, forKey: .iterations)
            try c.encode(learningRate, forKey: .learningRate)
            try c.encode(initialAlpha, forKey: .initialAlpha)
            try c.encode(scaling, forKey: .scaling)
            try c.encode(trainingRows, forKey: .trainingRows)
            try c.encode(source, forKey: .source)
            try c.encode(timestamp, forKey: .timestamp)
            try c.encode(hemlVersion, forKey: .hemlVersion)
        }
    }

    /// A model from explicit parts.
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` or ``HEMLError/dimensionMismatch(what:expected:found:)`` when
    ///   the parts are inconsistent (see the type documentation).
    public init(
        features: [String], label: String, labelMapping: LabelMapping = .zeroOne, scaling: FeatureScaling,
        weights: [Double], intercept: Double, training: TrainingMetadata
    ) throws(HEMLError) {
        self.features = features
        self.label = label
        self.labelMapping = labelMapping
        self.center = scaling.center
        self.scale = scaling.scale
        self.clip = scaling.clip
        self.weights = weights
        self.intercept = intercept
        self.training = training
        try validate()
    }

    /// Packages a plaintext training result (trained on `scaling.apply(to: dataset)`).
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for empty or repeated names or values that are not finite;
    ///   ``HEMLError/dimensionMismatch(what:expected:found:)`` for lengths that disagree.
    public init(
        dataset: Dataset, scaling: FeatureScaling, result: TrainingResult, date: Date = Date(),
        method: String = "nesterov-plaintext"
    ) throws(HEMLError) {
        let configuration = result.configuration
        var polynomial: SigmoidApproximation?
        if case .polynomial(let p) = configuration.sigmoid { polynomial = p }
        let metadata = TrainingMetadata(
            method: method, sigmoid: configuration.sigmoid.name, degree: polynomial?.degree,
            interval: polynomial.map { [-$0.radius, $0.radius] }, sigmoidCoefficients: polynomial?.coefficients,
            iterations: configuration.iterations, learningRate: configuration.learningRate,
            initialAlpha: configuration.initialAlpha, scaling: scaling.methodName, trainingRows: dataset.rowCount,
            source: dataset.source, timestamp: Self.timestamp(date))
        try self.init(
            features: dataset.featureNames, label: dataset.labelName, labelMapping: dataset.labelMapping,
            scaling: scaling, weights: result.weights, intercept: result.intercept, training: metadata)
    }

    /// The stored scaling as a ``FeatureScaling``.
    public var scaling: FeatureScaling {
        try! FeatureScaling(center: center, scale: scale, clip: clip, methodName: training.scaling)
    }

    /// ISO 8601 UTC with seconds, e.g. `2025-01-31T12:00:00Z`.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    private func validate() throws(HEMLError) {
        let d = features.count
        guard d > 0 else { throw .invalidArgument("a model needs at least one feature") }
        guard !features.contains(where: \.isEmpty), !label.isEmpty else {
            throw .invalidArgument("feature and label names must not be empty")
        }
        guard Set(features).count == d else { throw .invalidArgument("feature names must be unique") }
        for (what, array) in [("center", center), ("scale", scale), ("weights", weights)] where array.count != d {
            throw .dimensionMismatch(what: "\(what) entries (one per feature)", expected: d, found: array.count)
        }
        _ = try FeatureScaling(center: center, scale: scale, clip: clip)
        guard weights.allSatisfy(\.isFinite), intercept.isFinite else {
            throw .invalidArgument("weights and intercept must be finite")
        }
        guard (0...Self.maximumIterations).contains(training.iterations) else {
            throw .invalidArgument("training iterations must be 0 … \(Self.maximumIterations)")
        }
        guard (0...Self.maximumTrainingRows).contains(training.trainingRows) else {
            throw .invalidArgument("training rows must be 0 … \(Self.maximumTrainingRows)")
        }
        if let degree = training.degree, !(1...SigmoidApproximation.maximumDegree).contains(degree) {
            throw .invalidArgument("sigmoid degree must be 1 … \(SigmoidApproximation.maximumDegree)")
        }
        if let coefficients = training.sigmoidCoefficients {
            guard let degree = training.degree else { throw .invalidArgument("sigmoid coefficients need a degree") }
            guard coefficients.count == degree + 1 else {
                throw .dimensionMismatch(
                    what: "sigmoid coefficients (degree + 1)", expected: degree + 1, found: coefficients.count)
            }
        }
        if let interval = training.interval {
            guard interval.count == 2, interval.allSatisfy(\.isFinite), interval[0] < interval[1] else {
                throw .invalidArgument("interval must be [lower, upper] with lower < upper")
            }
        }
        guard training.learningRate.isFinite, training.initialAlpha.isFinite,
            training.sigmoidCoefficients?.allSatisfy(\.isFinite) ?? true
        else {
            throw .invalidArgument("training constants must be finite")
        }
    }

    // MARK: Scoring

    /// The logit of one raw row given in the model's feature order.
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` if the row length differs;
    ///   ``HEMLError/invalidArgument(_:)`` if a value is not finite.
    public func logit(row: some Collection<Double>) throws(HEMLError) -> Double {
        guard row.count == features.count else {
            throw .dimensionMismatch(what: "row length", expected: features.count, found: row.count)
        }
        guard row.allSatisfy(\.isFinite) else { throw .invalidArgument("feature values must be finite") }
        return linearModel.logit(try scaling.apply(row: row))
    }

    /// Logits for every row of a raw (unscaled) dataset. Columns are matched by name, so their order may differ
    /// and extra columns are ignored.
    ///
    /// - Throws: ``HEMLError/missingFeature(name:)`` if the dataset lacks a model feature.
    public func logits(for dataset: Dataset) throws(HEMLError) -> [Double] {
        try linearModel.logits(for: scaling.apply(to: dataset.selecting(features: features)))
    }

    /// Intercept and weights (scaled units).
    public var linearModel: LinearModel { LinearModel(intercept: intercept, weights: weights) }

    /// Probabilities of the positive class, σ(logit), for every row of a raw dataset (see ``logits(for:)``).
    ///
    /// - Throws: as ``logits(for:)``.
    public func probabilities(for dataset: Dataset) throws(HEMLError) -> [Double] {
        try logits(for: dataset).map(logistic)
    }

    // MARK: Files

    /// The model as pretty-printed UTF-8 JSON.
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` only if the model cannot be encoded as JSON.
    public func encoded() throws(HEMLError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        do { return try encoder.encode(self) } catch {
            throw .invalidArgument("the model cannot be encoded as JSON")
        }
    }

    /// Writes the model atomically: temporary file in the same directory, fsync, rename, fsync of the directory.
    /// On failure nothing is left behind and an existing file at `url` is unchanged.
    ///
    /// - Throws: ``HEMLError/writeFailed(file:reason:)``.
    public func write(to url: URL) throws(HEMLError) {
        let data: Data
        do { data = try encoded() } catch { throw .writeFailed(file: url.lastPathComponent, reason: error.description) }
        try AtomicFile.write(data, to: url)
    }

    /// Reads and validates a model file.
    ///
    /// - Throws: ``HEMLError/fileUnreadable(file:reason:)`` if it cannot be read;
    ///   ``HEMLError/invalidModelFile(file:reason:)`` if it is not JSON, lacks a key, has a wrong type, an unknown
    ///   format or version, or inconsistent numbers (the reason names the key, never values).
    public static func read(from url: URL) throws(HEMLError) -> ModelFile {
        let name = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .fileUnreadable(
                file: name,
                reason: FileManager.default.fileExists(atPath: url.path)
                    ? "cannot read (\(error.localizedDescription))" : "no such file")
        }
        return try decode(data, name: name)
    }

    /// Decodes and validates model JSON; `name` stands in for the file name in errors.
    ///
    /// - Throws: ``HEMLError/invalidModelFile(file:reason:)`` for JSON of another shape, another format or
    ///   version, or inconsistent numbers.
    public static func decode(_ data: Data, name: String) throws(HEMLError) -> ModelFile {
        do { return try JSONDecoder().decode(ModelFile.self, from: data) } catch let error as DecodingError {
            throw .invalidModelFile(file: name, reason: reason(error))
        } catch {
            throw .invalidModelFile(file: name, reason: "not a model file")
        }
    }

    private static func reason(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return "missing key \"\(parent.isEmpty ? "" : parent + ".")\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type or null at \"\(path(context.codingPath))\""
        case .dataCorrupted(let context):
            if context.underlyingError != nil || context.codingPath.isEmpty && context.debugDescription.contains("JSON")
            {
                return "not valid JSON"
            }
            return context.debugDescription
        @unknown default:
            return "not a model file"
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", features, label, labelMapping = "label_mapping"
        case center, scale, clip, weights, intercept, training
    }

    /// - Throws: `EncodingError` only if the encoder refuses a value.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.formatName, forKey: .format)
        try c.encode(Self.formatVersion, forKey: .formatVersion)
        try c.encode(features, forKey: .features)
        try c.encode(label, forKey: .label)
        try c.encode(labelMapping, forKey: .labelMapping)
        try c.encode(center, forKey: .center)
        try c.encode(scale, forKey: .scale)
        try c.encode(clip, forKey: .clip)
        try c.encode(weights, forKey: .weights)
        try c.encode(intercept, forKey: .intercept)
        try c.encode(training, forKey: .training)
    }

    /// - Throws: `DecodingError` for a missing or mistyped field or another format; the checks of
    ///   ``decode(_:name:)`` follow.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let format = try c.decode(String.self, forKey: .format)
        guard format == Self.formatName else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: c,
                debugDescription: "format is not \"\(Self.formatName)\"")
        }
        let version = try c.decode(Int.self, forKey: .formatVersion)
        guard version == Self.formatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .formatVersion, in: c,
                debugDescription: "format_version \(version) is not supported (expected \(Self.formatVersion))")
        }
        features = try c.decode([String].self, forKey: .features)
        label = try c.decode(String.self, forKey: .label)
        labelMapping = try c.decodeIfPresent(LabelMapping.self, forKey: .labelMapping) ?? .zeroOne
        center = try c.decode([Double].self, forKey: .center)
        scale = try c.decode([Double].self, forKey: .scale)
        clip = try c.decodeIfPresent(Double.self, forKey: .clip)
        weights = try c.decode([Double].self, forKey: .weights)
        intercept = try c.decode(Double.self, forKey: .intercept)
        training = try c.decode(TrainingMetadata.self, forKey: .training)
        do { try validate() } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: error.description))
        }
    }
}
