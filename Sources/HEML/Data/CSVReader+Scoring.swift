import Foundation

/// Rows to score: every column of a CSV file except an optional label column, with the labels when the file has
/// that column. Unlike a ``Dataset`` it needs no label and accepts a single class, as new data to score do.
public struct ScoringTable: Sendable, Equatable {
    /// Feature column names in file order (the label column removed).
    public let featureNames: [String]
    /// Row-major values, `rowCount * featureNames.count`, all finite.
    public let features: [Double]
    /// Name of the label column when the file has it, else nil.
    public let labelName: String?
    /// One 0/1 label per row (mapped with the model's ``LabelMapping``) when the file has the label column.
    public let labels: [Double]?
    /// Number of rows.
    public let rowCount: Int
    /// The file name.
    public let source: String

    /// The table as a ``Dataset`` (for ``ModelFile/logits(for:)``), with `labelName` and zero labels standing in
    /// when the file has no label column.
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` if `labelName` is also a feature name.
    public func dataset(labelName fallback: String) throws(HEMLError) -> Dataset {
        try Dataset(featureNames: featureNames, labelName: labelName ?? fallback, features: features,
                    labels: labels ?? [Double](repeating: 0, count: rowCount), source: source)
    }
}

extension CSVReader {
    /// Reads a CSV file of rows to score (same format and errors as ``read(_:options:)``).
    ///
    /// The label column is optional: when `options.labelColumn` names a column of the header, its cells must be
    /// one of the two values of `labelMapping` (anything else is ``HEMLError/CSVProblem/moreThanTwoClasses``) and
    /// become 0/1 labels; one class, or any number of rows from one up, is fine. When the header has no such
    /// column, every column is a feature. `options.labelColumn == nil` means no label column.
    ///
    /// - Throws: ``HEMLError/fileUnreadable(file:reason:)``; ``HEMLError/malformedCSV(file:line:column:reason:)``.
    public static func readForScoring(_ url: URL, options: CSVReadOptions = CSVReadOptions(),
                                      labelMapping: LabelMapping = .zeroOne) throws(HEMLError) -> ScoringTable {
        let name = url.lastPathComponent
        guard options.chunkSize >= 1 else { throw .invalidArgument("chunk size must be at least 1 byte") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .fileUnreadable(file: name, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .fileUnreadable(file: name, reason: "it is a directory") }
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw .fileUnreadable(file: name, reason: "cannot open (\(error.localizedDescription))")
        }
        defer { try? handle.close() }
        var tokenizer = CSVTokenizer(source: .file(handle, chunkSize: options.chunkSize), fileName: name)
        return try parseForScoring(&tokenizer, name: name, options: options, labelMapping: labelMapping)
    }

    /// In-memory form of ``readForScoring(_:options:labelMapping:)``; `name` stands in for the file name.
    public static func readForScoring(bytes: some Sequence<UInt8>, name: String, options: CSVReadOptions = CSVReadOptions(),
                                      labelMapping: LabelMapping = .zeroOne) throws(HEMLError) -> ScoringTable {
        var tokenizer = CSVTokenizer(source: .memory(Array(bytes)), fileName: name)
        return try parseForScoring(&tokenizer, name: name, options: options, labelMapping: labelMapping)
    }

    private static func parseForScoring(_ tokenizer: inout CSVTokenizer, name: String, options: CSVReadOptions,
                                        labelMapping: LabelMapping) throws(HEMLError) -> ScoringTable {
        func fail(_ reason: HEMLError.CSVProblem, _ line: Int, _ column: Int?) -> HEMLError {
            .malformedCSV(file: name, line: line, column: column, reason: reason)
        }
        guard let header = try tokenizer.nextRecord() else { throw fail(.emptyFile, 1, nil) }
        let names = header.fields.map { $0.trimmingBlanks() }
        var seen = Set<String>()
        for (index, column) in names.enumerated() {
            guard !column.isEmpty else { throw fail(.emptyColumnName, header.line, index + 1) }
            guard seen.insert(column).inserted else { throw fail(.duplicateColumnName(column), header.line, index + 1) }
        }
        let labelIndex = options.labelColumn.map { $0.trimmingBlanks() }.flatMap { names.firstIndex(of: $0) }
        let width = names.count
        let featureColumns = (0..<width).filter { $0 != labelIndex }
        guard !featureColumns.isEmpty else { throw fail(.noFeatureColumns, header.line, nil) }
        let featureCount = featureColumns.count

        var features = [Double](), labels = [Double]()
        var missingCounts = [Int](repeating: 0, count: featureCount)
        var firstMissingLine = [Int?](repeating: nil, count: featureCount)
        var rows = 0
        while let record = try tokenizer.nextRecord() {
            let line = record.line
            guard record.fields.count >= width else {
                throw fail(.tooFewFields(expected: width, found: record.fields.count), line, record.fields.count + 1)
            }
            guard record.fields.count <= width else {
                throw fail(.tooManyFields(expected: width, found: record.fields.count), line, width + 1)
            }
            if let labelIndex {
                switch NumericCell(record.fields[labelIndex]) {
                case .number(let value) where value == labelMapping.positiveValue: labels.append(1)
                case .number(let value) where value == labelMapping.negativeValue: labels.append(0)
                case .number: throw fail(.moreThanTwoClasses, line, labelIndex + 1)
                case .missing: throw fail(.missingLabel, line, labelIndex + 1)
                case .nonFinite: throw fail(.nonFiniteValue, line, labelIndex + 1)
                case .nonNumeric: throw fail(.nonNumeric, line, labelIndex + 1)
                }
            }
            for (feature, column) in featureColumns.enumerated() {
                switch NumericCell(record.fields[column]) {
                case .number(let value): features.append(value)
                case .nonNumeric: throw fail(.nonNumeric, line, column + 1)
                case let problem:
                    guard options.imputation == .mean else {
                        throw fail(problem == .missing ? .missingValue : .nonFiniteValue, line, column + 1)
                    }
                    features.append(.nan)
                    missingCounts[feature] += 1
                    if firstMissingLine[feature] == nil { firstMissingLine[feature] = line }
                }
            }
            rows += 1
        }
        guard rows > 0 else { throw fail(.headerOnly, header.line + 1, nil) }
        for feature in 0..<featureCount where missingCounts[feature] > 0 {
            var sum = 0.0, count = 0
            for row in 0..<rows where features[row * featureCount + feature].isFinite {
                sum += features[row * featureCount + feature]
                count += 1
            }
            guard count > 0 else {
                throw fail(.nothingToImpute, firstMissingLine[feature] ?? header.line, featureColumns[feature] + 1)
            }
            for row in 0..<rows where !features[row * featureCount + feature].isFinite {
                features[row * featureCount + feature] = sum / Double(count)
            }
        }
        return ScoringTable(featureNames: featureColumns.map { names[$0] }, features: features,
                            labelName: labelIndex.map { names[$0] }, labels: labelIndex == nil ? nil : labels,
                            rowCount: rows, source: name)
    }
}
