import Foundation

/// How missing or non-finite feature cells are handled when reading a CSV file.
public enum Imputation: String, Sendable, Equatable, Codable {
    /// Refuse the file at the first empty, `NA`, NaN or infinite feature cell (the default).
    case none
    /// Replace each such cell by the mean of the finite values of its column in the same file. Labels are never
    /// imputed.
    case mean
}

/// Options for ``CSVReader``.
public struct CSVReadOptions: Sendable, Equatable {
    /// Name of the label column (matched after trimming spaces); nil means the last column.
    public var labelColumn: String?
    /// Missing-value policy for feature cells.
    public var imputation: Imputation
    /// Bytes read from the file per chunk (at least 1). Only memory use depends on it.
    public var chunkSize: Int

    /// Defaults: last column is the label, no imputation, 1 MiB chunks.
    public init(labelColumn: String? = nil, imputation: Imputation = .none, chunkSize: Int = 1 << 20) {
        self.labelColumn = labelColumn
        self.imputation = imputation
        self.chunkSize = chunkSize
    }
}

/// Reads a numeric CSV file with a header row into a ``Dataset``.
///
/// Format: UTF-8 text (an initial byte-order mark is skipped), LF or CRLF line ends, comma-separated, RFC 4180
/// quoting (`"a ""quoted"" name"`, line breaks allowed inside quotes), spaces around fields ignored, blank lines
/// skipped. The first record is the header; every later record must have exactly as many fields. Every cell
/// except the label must be a decimal number; the label column must hold exactly two distinct numbers, the
/// larger of which becomes label 1 (see ``LabelMapping``).
///
/// The file is read in chunks of ``CSVReadOptions/chunkSize`` bytes and parsed record by record, so memory holds
/// the parsed numbers, not the file text.
///
/// Every refusal is a ``HEMLError/malformedCSV(file:line:column:reason:)`` naming the file, the 1-based line and
/// 1-based column, and a ``HEMLError/CSVProblem``; open or read failures are ``HEMLError/fileUnreadable(file:reason:)``.
public enum CSVReader {
    /// Reads the CSV file at `url`.
    ///
    /// - Throws: ``HEMLError/fileUnreadable(file:reason:)`` if the file cannot be opened or read;
    ///   ``HEMLError/malformedCSV(file:line:column:reason:)`` for every content problem listed in
    ///   ``HEMLError/CSVProblem``; ``HEMLError/invalidArgument(_:)`` for a chunk size below 1.
    public static func read(_ url: URL, options: CSVReadOptions = CSVReadOptions()) throws(HEMLError) -> Dataset {
        try withTokenizer(reading: url, chunkSize: options.chunkSize) { (tokenizer, name) throws(HEMLError) in
            try parse(&tokenizer, name: name, options: options)
        }
    }

    /// Reads CSV text already in memory; `name` stands in for the file name in errors and metadata.
    ///
    /// - Throws: as ``read(_:options:)``.
    public static func read(
        bytes: some Sequence<UInt8>, name: String,
        options: CSVReadOptions = CSVReadOptions()
    ) throws(HEMLError) -> Dataset {
        var tokenizer = CSVTokenizer(source: .memory(Array(bytes)), fileName: name)
        return try parse(&tokenizer, name: name, options: options)
    }

    private static func parse(
        _ tokenizer: inout CSVTokenizer, name: String,
        options: CSVReadOptions
    ) throws(HEMLError) -> Dataset {
        let header = try CSVHeader(reading: &tokenizer, file: name)
        let names = header.names
        let labelIndex: Int
        if let wanted = options.labelColumn?.trimmingBlanks() {
            guard let index = names.firstIndex(of: wanted) else {
                throw header.fail(.unknownLabelColumn(wanted), header.line, nil)
            }
            labelIndex = index
        } else {
            labelIndex = names.count - 1
        }
        guard names.count >= 2 else { throw header.fail(.noFeatureColumns, header.line, nil) }
        var cells = CSVFeatureCells(
            columns: (0..<names.count).filter { $0 != labelIndex }, imputation: options.imputation)

        var rawLabels = [Double]()
        var classes = [Double]()
        var lastLine = header.line

        while let record = try tokenizer.nextRecord() {
            let line = record.line
            lastLine = line
            let fields = try header.fields(of: record)
            switch NumericCell(fields[labelIndex]) {
            case .number(let value):
                if !classes.contains(value) {
                    guard classes.count < 2 else { throw header.fail(.moreThanTwoClasses, line, labelIndex + 1) }
                    classes.append(value)
                }
                rawLabels.append(value)
            case .missing: throw header.fail(.missingLabel, line, labelIndex + 1)
            case .nonFinite: throw header.fail(.nonFiniteValue, line, labelIndex + 1)
            case .nonNumeric: throw header.fail(.nonNumeric, line, labelIndex + 1)
            }
            try cells.append(fields, line: line, header: header)
        }
        guard !rawLabels.isEmpty else { throw header.fail(.headerOnly, header.line + 1, nil) }
        guard classes.count == 2 else { throw header.fail(.singleClass, lastLine, labelIndex + 1) }
        let imputation = try cells.imputeMeans(header: header)

        let mapping = try LabelMapping(negativeValue: classes.min()!, positiveValue: classes.max()!)
        let labels = rawLabels.map { $0 == mapping.positiveValue ? 1.0 : 0.0 }
        return Dataset(
            unchecked: cells.columns.map { names[$0] }, labelName: names[labelIndex], features: cells.values,
            labels: labels, labelMapping: mapping, imputation: imputation, source: name)
    }

    /// Opens the CSV file at `url` and hands `parse` a tokenizer reading it in chunks of `chunkSize` bytes, and
    /// the file name.
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for a chunk size below 1; ``HEMLError/fileUnreadable(file:reason:)``
    ///   if the file is missing, a directory or cannot be opened; whatever `parse` throws.
    static func withTokenizer<T>(
        reading url: URL, chunkSize: Int,
        _ parse: (inout CSVTokenizer, String) throws(HEMLError) -> T
    ) throws(HEMLError) -> T {
        let name = url.lastPathComponent
        guard chunkSize >= 1 else { throw .invalidArgument("chunk size must be at least 1 byte") }
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
        var tokenizer = CSVTokenizer(source: .file(handle, chunkSize: chunkSize), fileName: name)
        return try parse(&tokenizer, name)
    }
}

/// The header of a CSV file, checked (no empty or repeated column names), and the errors that name its file.
struct CSVHeader {
    let file: String
    /// Column names, trimmed of spaces.
    let names: [String]
    /// The line of the header record.
    let line: Int

    /// Reads the first record of `tokenizer` as the header.
    ///
    /// - Throws: ``HEMLError/malformedCSV(file:line:column:reason:)`` for an empty file, an empty or a repeated name.
    init(reading tokenizer: inout CSVTokenizer, file: String) throws(HEMLError) {
        self.file = file
        guard let record = try tokenizer.nextRecord() else {
            throw .malformedCSV(file: file, line: 1, column: nil, reason: .emptyFile)
        }
        names = record.fields.map { $0.trimmingBlanks() }
        line = record.line
        var seen = Set<String>()
        for (index, column) in names.enumerated() {
            guard !column.isEmpty else {
                throw .malformedCSV(file: file, line: line, column: index + 1, reason: .emptyColumnName)
            }
            guard seen.insert(column).inserted else {
                throw .malformedCSV(file: file, line: line, column: index + 1, reason: .duplicateColumnName(column))
            }
        }
    }

    /// The refusal of this file at `line` and 1-based `column`.
    func fail(_ reason: HEMLError.CSVProblem, _ line: Int, _ column: Int?) -> HEMLError {
        .malformedCSV(file: file, line: line, column: column, reason: reason)
    }

    /// The fields of `record`, which must have one per column.
    func fields(of record: CSVRecord) throws(HEMLError) -> [String] {
        let width = names.count, count = record.fields.count
        guard count >= width else { throw fail(.tooFewFields(expected: width, found: count), record.line, count + 1) }
        guard count <= width else { throw fail(.tooManyFields(expected: width, found: count), record.line, width + 1) }
        return record.fields
    }
}

/// The feature cells of a CSV file's records, row-major, with missing or non-finite cells refused or (mean
/// imputation) counted and filled in at the end.
struct CSVFeatureCells {
    /// The feature columns' indices in the header, in file order.
    let columns: [Int]
    let imputation: Imputation
    /// `rows * columns.count` values; missing cells are NaN until ``imputeMeans(header:)``.
    private(set) var values: [Double] = []
    private var missingCounts: [Int]
    private var firstMissingLine: [Int?]

    init(columns: [Int], imputation: Imputation) {
        self.columns = columns
        self.imputation = imputation
        missingCounts = [Int](repeating: 0, count: columns.count)
        firstMissingLine = [Int?](repeating: nil, count: columns.count)
    }

    /// Appends the feature cells of one record's `fields` (from line `line`).
    ///
    /// - Throws: ``HEMLError/malformedCSV(file:line:column:reason:)`` for a non-numeric cell, for a missing or
    ///   non-finite one unless imputing, and for a file past ``CSVLimits/maximumCells``.
    mutating func append(_ fields: [String], line: Int, header: CSVHeader) throws(HEMLError) {
        guard values.count <= CSVLimits.maximumCells - fields.count else {
            throw header.fail(.tooLarge("the file has more than \(CSVLimits.maximumCells) cells"), line, nil)
        }
        for (feature, column) in columns.enumerated() {
            switch NumericCell(fields[column]) {
            case .number(let value): values.append(value)
            case .nonNumeric: throw header.fail(.nonNumeric, line, column + 1)
            case let problem:
                guard imputation == .mean else {
                    throw header.fail(problem == .missing ? .missingValue : .nonFiniteValue, line, column + 1)
                }
                values.append(.nan)
                missingCounts[feature] += 1
                if firstMissingLine[feature] == nil { firstMissingLine[feature] = line }
            }
        }
    }

    /// With mean imputation, replaces each missing cell by the mean of the finite values of its column and
    /// returns what was filled in; without, returns nil.
    ///
    /// - Throws: ``HEMLError/CSVProblem/nothingToImpute`` for a column with missing cells and no finite value.
    mutating func imputeMeans(header: CSVHeader) throws(HEMLError) -> ImputationSummary? {
        guard imputation == .mean else { return nil }
        let featureCount = columns.count
        let rows = values.count / featureCount
        var fills = [Double?](repeating: nil, count: featureCount)
        for feature in 0..<featureCount where missingCounts[feature] > 0 {
            var sum = 0.0, count = 0
            for row in 0..<rows {
                let value = values[row * featureCount + feature]
                if value.isFinite { sum += value; count += 1 }
            }
            guard count > 0 else {
                throw header.fail(.nothingToImpute, firstMissingLine[feature] ?? header.line, columns[feature] + 1)
            }
            let mean = sum / Double(count)
            fills[feature] = mean
            for row in 0..<rows where !values[row * featureCount + feature].isFinite {
                values[row * featureCount + feature] = mean
            }
        }
        return ImputationSummary(fillValues: fills, counts: missingCounts)
    }
}
