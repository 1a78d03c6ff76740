import Foundation

/// One CSV record: its fields (unquoted, `""` unescaped, unquoted fields trimmed of spaces, tabs and CR) and the
/// 1-based line where it starts.
struct CSVRecord {
    var fields: [String]
    var line: Int
}

/// Where a tokenizer gets its bytes: a file read in fixed-size chunks, or bytes already in memory.
enum CSVByteSource {
    case file(FileHandle, chunkSize: Int)
    case memory([UInt8])
}

/// A streaming RFC 4180 tokenizer over UTF-8 bytes.
///
/// Reads the source chunk by chunk (never the whole file at once) and yields one record at a time. Accepts a
/// UTF-8 byte-order mark, LF and CRLF line ends, quoted fields with `""` escapes and line breaks inside quotes,
/// and spaces around fields. Blank lines are skipped. Refuses NUL bytes, invalid UTF-8 and fields, records or
/// field counts beyond ``CSVLimits`` with the line and column where they occur.
struct CSVTokenizer {
    private var source: CSVByteSource
    private let fileName: String
    private var buffer: [UInt8] = []
    private var position = 0
    private var exhausted = false
    private var started = false
    /// The current physical line (1-based).
    private(set) var line = 1

    init(source: CSVByteSource, fileName: String) {
        self.source = source
        self.fileName = fileName
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// Reads the next chunk from the source, or returns an empty array at the end.
    private mutating func readChunk() throws(HEMLError) -> [UInt8] {
        switch source {
        case .memory(let bytes):
            source = .memory([])
            return bytes
        case .file(let handle, let chunkSize):
            do { return try handle.read(upToCount: chunkSize).map { [UInt8]($0) } ?? [] } catch {
                throw .fileUnreadable(file: fileName, reason: "read failed (\(error.localizedDescription))")
            }
        }
    }

    private mutating func refill() throws(HEMLError) {
        guard !exhausted else { return }
        buffer = try readChunk()
        if buffer.isEmpty { exhausted = true }
        position = 0
        if !started {
            // The byte-order mark may straddle tiny chunks: gather at least three bytes first.
            started = true
            while buffer.count < 3, !exhausted {
                let more = try readChunk()
                if more.isEmpty { exhausted = true } else { buffer += more }
            }
            if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        }
    }

    private mutating func nextByte() throws(HEMLError) -> UInt8? {
        while position >= buffer.count {
            if exhausted { return nil }
            try refill()
        }
        defer { position += 1 }
        return buffer[position]
    }

    private mutating func peekByte() throws(HEMLError) -> UInt8? {
        while position >= buffer.count {
            if exhausted { return nil }
            try refill()
        }
        return buffer[position]
    }

    private func fail(_ reason: HEMLError.CSVProblem, line: Int, column: Int?) -> HEMLError {
        .malformedCSV(file: fileName, line: line, column: column, reason: reason)
    }

    /// The next non-blank record, or nil at the end of the input.
    mutating func nextRecord() throws(HEMLError) -> CSVRecord? {
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false, quoted = false, afterQuote = false
        var recordLine = line
        var recordBytes = 0

        func keep(_ byte: UInt8) throws(HEMLError) {
            guard field.count < CSVLimits.maximumFieldBytes else {
                throw fail(
                    .tooLarge("a field is longer than \(CSVLimits.maximumFieldBytes) bytes"), line: line,
                    column: fields.count + 1)
            }
            field.append(byte)
        }

        func finish() throws(HEMLError) {
            guard fields.count < CSVLimits.maximumColumns else {
                throw fail(
                    .tooLarge("a record has more than \(CSVLimits.maximumColumns) fields"), line: line, column: nil)
            }
            var bytes = field[...]
            if !quoted {
                while let first = bytes.first, Self.isBlank(first) { bytes = bytes.dropFirst() }
                while let last = bytes.last, Self.isBlank(last) { bytes = bytes.dropLast() }
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw fail(.invalidUTF8, line: line, column: fields.count + 1)
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            quoted = false
            afterQuote = false
        }

        while true {
            guard let byte = try nextByte() else {
                if inQuotes { throw fail(.unterminatedQuote, line: recordLine, column: fields.count + 1) }
                if fields.isEmpty, !quoted, field.allSatisfy(Self.isBlank) { return nil }
                try finish()
                return CSVRecord(fields: fields, line: recordLine)
            }
            if byte == 0 { throw fail(.nulByte, line: line, column: fields.count + 1) }
            recordBytes += 1
            guard recordBytes <= CSVLimits.maximumRecordBytes else {
                throw fail(
                    .tooLarge("a record is longer than \(CSVLimits.maximumRecordBytes) bytes"), line: recordLine,
                    column: nil)
            }
            if inQuotes {
                if byte == Self.quote {
                    if try peekByte() == Self.quote {
                        _ = try nextByte()
                        try keep(Self.quote)
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if byte == Self.newline { line += 1 }
                    try keep(byte)
                }
                continue
            }
            switch byte {
            case Self.comma:
                try finish()
            case Self.newline:
                if fields.isEmpty, !quoted, field.allSatisfy(Self.isBlank) {
                    field.removeAll(keepingCapacity: true)
                    line += 1
                    recordLine = line
                    recordBytes = 0
                    continue
                }
                try finish()
                line += 1
                return CSVRecord(fields: fields, line: recordLine)
            case Self.quote:
                if afterQuote { throw fail(.textAfterClosingQuote, line: line, column: fields.count + 1) }
                guard field.allSatisfy(Self.isBlank) else {
                    throw fail(.unexpectedQuote, line: line, column: fields.count + 1)
                }
                field.removeAll(keepingCapacity: true)
                inQuotes = true
                quoted = true
            default:
                if afterQuote {
                    guard Self.isBlank(byte) else {
                        throw fail(.textAfterClosingQuote, line: line, column: fields.count + 1)
                    }
                } else {
                    try keep(byte)
                }
            }
        }
    }
}
