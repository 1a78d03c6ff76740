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
        try Dataset(
            featureNames: featureNames, labelName: labelName ?? fallback, features: features,
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
    public static func readForScoring(
        _ url: URL, options: CSVReadOptions = CSVReadOptions(),
        labelMapping: LabelMapping = .zeroOne
    ) throws(HEMLError) -> ScoringTable {
        try withTokenizer(reading: url, chunkSize: options.chunkSize) { (tokenizer, name) throws(HEMLError) in
            try parseForScoring(&tokenizer, name: name, options: options, labelMapping: labelMapping)
        }
    }

    /// In-memory form of ``readForScoring(_:options:labelMapping:)``; `name` stands in for the file name.
    ///
    /// - Throws: ``HEMLError/malformedCSV(file:line:column:reason:)``.
    public static func readForScoring(
        bytes: some Sequence<UInt8>, name: String, options: CSVReadOptions = CSVReadOptions(),
        labelMapping: LabelMapping = .zeroOne
    ) throws(HEMLError) -> ScoringTable {
        var tokenizer = CSVTokenizer(source: .memory(Array(bytes)), fileName: name)
        return try parseForScoring(&tokenizer, name: name, options: options, labelMapping: labelMapping)
    }

    private static func parseForScoring(
        _ tokenizer: inout CSVTokenizer, name: String, options: CSVReadOptions,
        labelMapping: LabelMapping
    ) throws(HEMLError) -> ScoringTable {
        let header = try CSVHeader(reading: &tokenizer, file: name)
        let names = header.names
        let labelIndex = options.labelColumn.map { $0.trimmingBlanks() }.flatMap { names.firstIndex(of: $0) }
        let featureColumns = (0..<names.count).filter { $0 != labelIndex }
        guard !featureColumns.isEmpty else { throw header.fail(.noFeatureColumns, header.line, nil) }
        var cells = CSVFeatureCells(columns: featureColumns, imputation: options.imputation)

        var labels = [Double]()
        var rows = 0
        while let record = try tokenizer.nextRecord() {
            let line = record.line
            let fields = try header.fields(of: record)
            if let labelIndex {
                switch NumericCell(fields[labelIndex]) {
                case .number(let value) where value == labelMapping.positiveValue: labels.append(1)
                case .number(let value) where value == labelMapping.negativeValue: labels.append(0)
                case .number: throw header.fail(.moreThanTwoClasses, line, labelIndex + 1)
                case .missing: throw header.fail(.missingLabel, line, labelIndex + 1)
                case .nonFinite: throw header.fail(.nonFiniteValue, line, labelIndex + 1)
                case .nonNumeric: throw header.fail(.nonNumeric, line, labelIndex + 1)
                }
            }
            try cells.append(fields, line: line, header: header)
            rows += 1
        }
        guard rows > 0 else { throw header.fail(.headerOnly, header.line + 1, nil) }
        _ = try cells.imputeMeans(header: header)
        return ScoringTable(
            featureNames: featureColumns.map { names[$0] }, features: cells.values,
            labelName: labelIndex.map { names[$0] }, labels: labelIndex == nil ? nil : labels,
            rowCount: rows, source: name)
    }
}
