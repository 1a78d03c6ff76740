import CKKS
import Foundation

/// Errors thrown by the ML layer.
///
/// Messages name files, line and column numbers, column names, sizes and reasons — never cell values, labels or
/// weights, so an error can be logged or shown to a server operator without leaking data.
public enum HEMLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A CSV file cannot be turned into a ``Dataset``.
    ///
    /// - `file`: the file name as given (the last path component), or the name passed for in-memory data.
    /// - `line`: 1-based physical line in the file (the header is line 1). For a record whose quoted field spans
    ///   several lines, the line where the record starts. For whole-file problems: ``CSVProblem/emptyFile`` → 1,
    ///   ``CSVProblem/headerOnly`` → the line after the header, ``CSVProblem/singleClass`` → the last data line.
    /// - `column`: 1-based field number (the first field is column 1), or nil when the problem concerns a whole line.
    case malformedCSV(file: String, line: Int, column: Int?, reason: CSVProblem)
    /// A file could not be opened, read, or listed (`reason` is the system's explanation).
    case fileUnreadable(file: String, reason: String)
    /// A model file could not be written; nothing was left behind (no partial file, no temporary file).
    case writeFailed(file: String, reason: String)
    /// A model file is not valid JSON of the expected shape, or its numbers are inconsistent (lengths, non-finite
    /// values, non-positive scales).
    case invalidModelFile(file: String, reason: String)
    /// An argument is outside its documented range (the message names the argument and the range).
    case invalidArgument(String)
    /// Two objects that must agree in size do not (`what` names them).
    case dimensionMismatch(what: String, expected: Int, found: Int)
    /// A dataset does not have the columns a model needs (`name` is the missing column name).
    case missingFeature(name: String)
    /// A numerical procedure failed: training produced non-finite weights, a fit did not converge, a linear
    /// system was singular. `what` says which and where, without values.
    case numericalFailure(String)
    /// No encrypted-training plan fits the requested iterations within the secure parameter sets; `reason` says
    /// what was needed, `maxIterations` how many iterations the largest secure chain would hold (0 if none).
    case planDoesNotFit(reason: String, maxIterations: Int)
    /// A failure in the CKKS layer during encrypted training or scoring.
    case encryption(CKKSError)

    /// Why a CSV file was refused. Never carries cell values.
    public enum CSVProblem: Equatable, Sendable, CustomStringConvertible {
        /// The file has no bytes (or only a byte-order mark / blank lines).
        case emptyFile
        /// The file has a header row and no data rows.
        case headerOnly
        /// The file contains a NUL byte: it is binary, or UTF-16/32 text.
        case nulByte
        /// A field is not valid UTF-8.
        case invalidUTF8
        /// A quoted field is still open at the end of the file (reported at the line where the record starts).
        case unterminatedQuote
        /// A quote character appears inside an unquoted field.
        case unexpectedQuote
        /// Something other than spaces follows the closing quote of a quoted field.
        case textAfterClosingQuote
        /// A header cell is empty.
        case emptyColumnName
        /// Two header cells have the same name (after trimming spaces).
        case duplicateColumnName(String)
        /// The requested label column is not in the header.
        case unknownLabelColumn(String)
        /// The header has a label column and no feature column.
        case noFeatureColumns
        /// A data row has fewer fields than the header.
        case tooFewFields(expected: Int, found: Int)
        /// A data row has more fields than the header.
        case tooManyFields(expected: Int, found: Int)
        /// A cell is not a decimal number (hexadecimal and other spellings are refused too).
        case nonNumeric
        /// A feature cell is empty or `NA` and no imputation was requested.
        case missingValue
        /// A cell is NaN or ±infinity (or overflows a Double) and no imputation was requested; for the label
        /// column this is refused even with imputation.
        case nonFiniteValue
        /// A label cell is empty or `NA` (labels are never imputed).
        case missingLabel
        /// The label column has a third distinct value (reported at its first occurrence).
        case moreThanTwoClasses
        /// Every label has the same value.
        case singleClass
        /// Mean imputation was requested but a feature column has no finite value (reported at its first row).
        case nothingToImpute
        /// A field, a record, the header or the whole file exceeds a ``CSVLimits`` bound (`what` names which).
        case tooLarge(String)

        public var description: String {
            switch self {
            case .emptyFile: "the file is empty"
            case .headerOnly: "the file has a header row but no data rows"
            case .nulByte: "the file contains a NUL byte; it is not a text file (or not UTF-8)"
            case .invalidUTF8: "the field is not valid UTF-8 text"
            case .unterminatedQuote: "a quoted field is not closed before the end of the file"
            case .unexpectedQuote: "a quote character appears inside an unquoted field"
            case .textAfterClosingQuote: "text follows the closing quote of a quoted field"
            case .emptyColumnName: "a header cell is empty"
            case .duplicateColumnName(let name): "the column name \"\(name)\" appears more than once in the header"
            case .unknownLabelColumn(let name): "there is no column named \"\(name)\" for the label"
            case .noFeatureColumns: "the header has no feature column besides the label"
            case .tooFewFields(let expected, let found): "the row has \(found) fields; the header has \(expected)"
            case .tooManyFields(let expected, let found): "the row has \(found) fields; the header has \(expected)"
            case .nonNumeric: "the cell is not a number"
            case .missingValue: "the cell is empty or NA (use mean imputation to fill missing values)"
            case .nonFiniteValue: "the cell is NaN or infinite"
            case .missingLabel: "the label is missing (labels are never imputed)"
            case .moreThanTwoClasses:
                "the label column has a third distinct value; labels must have exactly two classes"
            case .singleClass: "every label has the same value; training needs two classes"
            case .nothingToImpute: "the column has no numeric value to compute a mean from"
            case .tooLarge(let what): "\(what); the file is larger than heml reads"
            }
        }
    }

    public var description: String {
        switch self {
        case .malformedCSV(let file, let line, let column, let reason):
            if let column {
                "\(file): line \(line), column \(column): \(reason)"
            } else {
                "\(file): line \(line): \(reason)"
            }
        case .fileUnreadable(let file, let reason): "cannot read \(file): \(reason)"
        case .writeFailed(let file, let reason): "cannot write \(file): \(reason); nothing was written"
        case .invalidModelFile(let file, let reason): "invalid model file \(file): \(reason)"
        case .invalidArgument(let what): "invalid argument: \(what)"
        case .dimensionMismatch(let what, let expected, let found): "\(what): expected \(expected), found \(found)"
        case .missingFeature(let name): "the data have no column \"\(name)\" that the model needs"
        case .numericalFailure(let what): "numerical failure: \(what)"
        case .planDoesNotFit(let reason, let maxIterations):
            "no encrypted training plan fits: \(reason); at most \(maxIterations) iterations fit"
        case .encryption(let error): error.description
        }
    }
}

extension HEMLError: LocalizedError {
    /// The same text as `description`, for APIs that show `localizedDescription`.
    public var errorDescription: String? { description }
}
