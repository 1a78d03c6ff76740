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
        return try parse(&tokenizer, name: name, options: options)
    }

    /// Reads CSV text already in memory; `name` stands in for the file name in errors and metadata.
    ///
    /// - Throws: as ``read(_:options:)``.
    public static func read(bytes: some Sequence<UInt8>, name: String,
                            options: CSVReadOptions = CSVReadOptions()) throws(HEMLError) -> Dataset {
        var tokenizer = CSVTokenizer(source: .memory(Array(bytes)), fileName: name)
        return try parse(&tokenizer, name: name, options: options)
    }

    private static func parse(_ tokenizer: inout CSVTokenizer, name: String,
                              options: CSVReadOptions) throws(HEMLError) -> Dataset {
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
        let labelIndex: Int
        if let wanted = options.labelColumn?.trimmingBlanks() {
            guard let index = names.firstIndex(of: wanted) else { throw fail(.unknownLabelColumn(wanted), header.line, nil) }
            labelIndex = index
        } else {
            labelIndex = names.count - 1
        }
        guard names.count >= 2 else { throw fail(.noFeatureColumns, header.line, nil) }
        let width = names.count
        let featureCount = width - 1
        let featureColumns = (0..<width).filter { $0 != labelIndex }

        var features = [Double]()
        var rawLabels = [Double]()
        var rowLines = [Int]()
        var classes = [Double]()
        var missingCounts = [Int](repeating: 0, count: featureCount)
        var firstMissingLine = [Int?](repeating: nil, count: featureCount)
        var lastLine = header.line

        while let record = try tokenizer.nextRecord() {
            let line = record.line
            lastLine = line
            guard record.fields.count >= width else {
                throw fail(.tooFewFields(expected: width, found: record.fields.count), line, record.fields.count + 1)
            }
            guard record.fields.count <= width else {
                throw fail(.tooManyFields(expected: width, found: record.fields.count), line, width + 1)
            }
            switch NumericCell(record.fields[labelIndex]) {
            case .number(let value):
                if !classes.contains(value) {
                    guard classes.count < 2 else { throw fail(.moreThanTwoClasses, line, labelIndex + 1) }
                    classes.append(value)
                }
                rawLabels.append(value)
            case .missing: throw fail(.missingLabel, line, labelIndex + 1)
            case .nonFinite: throw fail(.nonFiniteValue, line, labelIndex + 1)
            case .nonNumeric: throw fail(.nonNumeric, line, labelIndex + 1)
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
            rowLines.append(line)
        }
        guard !rawLabels.isEmpty else { throw fail(.headerOnly, header.line + 1, nil) }
        guard classes.count == 2 else { throw fail(.singleClass, lastLine, labelIndex + 1) }

        var imputation: ImputationSummary?
        if options.imputation == .mean {
            var fills = [Double?](repeating: nil, count: featureCount)
            let rows = rawLabels.count
            for feature in 0..<featureCount where missingCounts[feature] > 0 {
                var sum = 0.0, count = 0
                for row in 0..<rows {
                    let value = features[row * featureCount + feature]
                    if value.isFinite { sum += value; count += 1 }
                }
                guard count > 0 else {
                    throw fail(.nothingToImpute, firstMissingLine[feature] ?? header.line, featureColumns[feature] + 1)
                }
                let mean = sum / Double(count)
                fills[feature] = mean
                for row in 0..<rows where !features[row * featureCount + feature].isFinite {
                    features[row * featureCount + feature] = mean
                }
            }
            imputation = ImputationSummary(fillValues: fills, counts: missingCounts)
        }

        let mapping = try LabelMapping(negativeValue: classes.min()!, positiveValue: classes.max()!)
        let labels = rawLabels.map { $0 == mapping.positiveValue ? 1.0 : 0.0 }
        return Dataset(unchecked: featureColumns.map { names[$0] }, labelName: names[labelIndex], features: features,
                       labels: labels, labelMapping: mapping, imputation: imputation, source: name)
    }
}
