/// A labelled numeric table: `rowCount` samples of `featureCount` features and a 0/1 label each.
///
/// Features are stored row-major in one flat array (`features[row * featureCount + column]`), the layout the
/// packing of the encrypted trainer starts from. Labels are exactly 0 or 1; ``labelMapping`` records which file
/// values they came from. A `Dataset` is a value: scaling or subsetting returns a new one.
public struct Dataset: Sendable, Equatable {
    /// Feature column names in file order (the label column removed). Unique, non-empty.
    public let featureNames: [String]
    /// Name of the label column.
    public let labelName: String
    /// Row-major features, `rowCount * featureCount` finite values.
    public let features: [Double]
    /// One label per row, each exactly 0 or 1.
    public let labels: [Double]
    /// The file values behind labels 0 and 1.
    public let labelMapping: LabelMapping
    /// What mean imputation filled in, or nil if the data were read without imputation.
    public let imputation: ImputationSummary?
    /// Where the data came from (file name), for model metadata; nil for data built in memory.
    public let source: String?

    /// Number of samples.
    public var rowCount: Int { labels.count }
    /// Number of feature columns (the intercept is not a column).
    public var featureCount: Int { featureNames.count }
    /// Number of rows with label 1.
    public var positiveCount: Int { labels.reduce(0) { $0 + ($1 == 1 ? 1 : 0) } }

    /// Builds a dataset from values already in memory.
    ///
    /// - Parameters:
    ///   - featureNames: unique, non-empty names, one per column.
    ///   - labelName: name of the label (must differ from every feature name).
    ///   - features: row-major, `labels.count * featureNames.count` finite values.
    ///   - labels: each exactly 0 or 1.
    ///   - source: the file name the values came from, for messages and reports.
    ///   - labelMapping: the file's two label values, mapped to 0 and 1.
    ///   - imputation: what was imputed while reading, or nil.
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for empty/duplicate names, non-finite features or labels other
    ///   than 0/1; ``HEMLError/dimensionMismatch(what:expected:found:)`` if `features` has the wrong length.
    public init(
        featureNames: [String], labelName: String, features: [Double], labels: [Double],
        labelMapping: LabelMapping = .zeroOne, imputation: ImputationSummary? = nil,
        source: String? = nil
    ) throws(HEMLError) {
        guard !featureNames.isEmpty else { throw .invalidArgument("a dataset needs at least one feature column") }
        guard !featureNames.contains(where: \.isEmpty), !labelName.isEmpty else {
            throw .invalidArgument("column names must not be empty")
        }
        guard Set(featureNames).count == featureNames.count, !featureNames.contains(labelName) else {
            throw .invalidArgument("column names must be unique")
        }
        guard features.count == labels.count * featureNames.count else {
            throw .dimensionMismatch(
                what: "feature values (rows x columns)", expected: labels.count * featureNames.count,
                found: features.count)
        }
        guard features.allSatisfy(\.isFinite) else { throw .invalidArgument("features must be finite") }
        guard labels.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw .invalidArgument("labels must be 0 or 1") }
        if let imputation, imputation.fillValues.count != featureNames.count {
            throw .dimensionMismatch(
                what: "imputation summary columns", expected: featureNames.count,
                found: imputation.fillValues.count)
        }
        self.init(
            unchecked: featureNames, labelName: labelName, features: features, labels: labels,
            labelMapping: labelMapping, imputation: imputation, source: source)
    }

    init(
        unchecked featureNames: [String], labelName: String, features: [Double], labels: [Double],
        labelMapping: LabelMapping, imputation: ImputationSummary?, source: String?
    ) {
        self.featureNames = featureNames
        self.labelName = labelName
        self.features = features
        self.labels = labels
        self.labelMapping = labelMapping
        self.imputation = imputation
        self.source = source
    }

    /// The features of one row (0-based `row < rowCount`; traps otherwise, like an array).
    public func row(_ row: Int) -> ArraySlice<Double> {
        features[(row * featureCount)..<((row + 1) * featureCount)]
    }

    /// One feature value (0-based indices; traps when out of range).
    public subscript(row: Int, feature: Int) -> Double { features[row * featureCount + feature] }

    /// All values of one feature column (0-based `feature < featureCount`).
    public func column(_ feature: Int) -> [Double] {
        (0..<rowCount).map { features[$0 * featureCount + feature] }
    }

    /// The rows at `indices`, in that order (duplicates allowed). Names, mapping and source are kept.
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` if an index is outside `0..<rowCount`.
    public func selecting(rows indices: [Int]) throws(HEMLError) -> Dataset {
        guard indices.allSatisfy({ $0 >= 0 && $0 < rowCount }) else {
            throw .invalidArgument("row indices must lie in 0..<\(rowCount)")
        }
        var values = [Double]()
        values.reserveCapacity(indices.count * featureCount)
        for index in indices { values.append(contentsOf: row(index)) }
        return Dataset(
            unchecked: featureNames, labelName: labelName, features: values,
            labels: indices.map { labels[$0] }, labelMapping: labelMapping, imputation: imputation,
            source: source)
    }

    /// The columns named `names`, in that order (extra columns dropped): how rows are matched to a model by
    /// feature name, whatever their order in the file.
    ///
    /// - Throws: ``HEMLError/missingFeature(name:)`` for the first name the dataset lacks.
    public func selecting(features names: [String]) throws(HEMLError) -> Dataset {
        if names == featureNames { return self }
        var position = [String: Int]()
        for (index, name) in featureNames.enumerated() { position[name] = index }
        var columns = [Int]()
        columns.reserveCapacity(names.count)
        for name in names {
            guard let index = position[name] else { throw .missingFeature(name: name) }
            columns.append(index)
        }
        var values = [Double]()
        values.reserveCapacity(rowCount * names.count)
        for row in 0..<rowCount {
            for column in columns { values.append(self[row, column]) }
        }
        let fills = imputation.map { summary in
            ImputationSummary(
                fillValues: columns.map { summary.fillValues[$0] }, counts: columns.map { summary.counts[$0] })
        }
        return Dataset(
            unchecked: names, labelName: labelName, features: values, labels: labels,
            labelMapping: labelMapping, imputation: fills, source: source)
    }

    /// The same rows and labels with other feature values (e.g. scaled), same shape.
    func replacingFeatures(_ values: [Double]) -> Dataset {
        precondition(values.count == features.count)
        return Dataset(
            unchecked: featureNames, labelName: labelName, features: values, labels: labels,
            labelMapping: labelMapping, imputation: imputation, source: source)
    }
}

/// What mean imputation filled into a dataset.
public struct ImputationSummary: Sendable, Equatable {
    /// Per feature column: the mean (of the column's finite values in the file) that replaced its missing or
    /// non-finite cells, or nil if the column had none.
    public let fillValues: [Double?]
    /// Per feature column: how many cells were filled.
    public let counts: [Int]
    /// Total number of filled cells.
    public var total: Int { counts.reduce(0, +) }

    /// A summary with one entry per feature column in both arrays.
    public init(fillValues: [Double?], counts: [Int]) {
        self.fillValues = fillValues
        self.counts = counts
    }
}
