import Foundation
import Testing

@testable import HEML

@Suite struct CSVReaderTests {
    @Test func acceptsBOMCRLFQuotesAndSpaces() throws {
        let text = "\u{FEFF}\"a\", b ,\"la\"\"bel\"\r\n 1 , \"2.5\" ,1\r\n\r\n3,\t4 ,\" 0 \"\r\n  \n-1e-3,+5,1"
        let data = try readCSV(text)
        #expect(data.featureNames == ["a", "b"])
        #expect(data.labelName == "la\"bel")
        #expect(data.rowCount == 3 && data.featureCount == 2)
        #expect(data.features == [1, 2.5, 3, 4, -0.001, 5])
        #expect(data.labels == [1, 0, 1])
        #expect(data.labelMapping == .zeroOne)
        #expect(data.source == "t.csv")
        #expect(data.imputation == nil)
    }

    @Test func quotedLineBreaksAndLabelChosenByName() throws {
        let data = try readCSV("y,\"first\nname\",b\n0,\"1\n\",2\n1,3,4\n", options: CSVReadOptions(labelColumn: " y "))
        #expect(data.featureNames == ["first\nname", "b"])
        #expect(data.labelName == "y")
        #expect(data.features == [1, 2, 3, 4])
        #expect(data.labels == [0, 1])
        // Lines keep counting through quoted line breaks: the bad cell is on physical line 6.
        #expect(throws: HEMLError.malformedCSV(file: "t.csv", line: 6, column: 2, reason: .nonNumeric)) {
            try readCSV("a,y\n\"1\n\",0\n\"2\n\",1\n3,x\n")
        }
    }

    @Test func twoDistinctLabelValuesAreMappedLargerToPositive() throws {
        let signed = try readCSV("a,y\n1,-1\n2,1\n3,-1\n")
        #expect(signed.labels == [0, 1, 0])
        #expect(signed.labelMapping == (try LabelMapping(negativeValue: -1, positiveValue: 1)))
        let uci = try readCSV("a,class\n1,2\n2,1\n")
        #expect(uci.labels == [1, 0])
        #expect(uci.labelMapping.positiveValue == 2 && uci.labelMapping.negativeValue == 1)
    }

    @Test func streamingInTinyChunksGivesTheSameDataset() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let text = "\u{FEFF}\"x \"\"1\"\"\",x2,y\r\n1,\"2\",0\r\n\"3\" , 4,1\r\n5,6,0"
        let url = try directory.file("chunks.csv", contents: text)
        let whole = try CSVReader.read(url)
        #expect(whole.featureNames == ["x \"1\"", "x2"])
        for size in [1, 2, 3, 5, 7, 64] {
            #expect(try CSVReader.read(url, options: CSVReadOptions(chunkSize: size)) == whole, "chunk size \(size)")
        }
        #expect(throws: HEMLError.invalidArgument("chunk size must be at least 1 byte")) {
            try CSVReader.read(url, options: CSVReadOptions(chunkSize: 0))
        }
    }

    /// Every refusal: the exact error, line and column.
    @Test(
        arguments: [
            ("", 1, nil, HEMLError.CSVProblem.emptyFile),
            ("\u{FEFF}\n  \r\n", 1, nil, .emptyFile),
            ("a,b\n", 2, nil, .headerOnly),
            ("a,b\r\n\r\n", 2, nil, .headerOnly),
            ("a,b,c\n1,2,0\n1,2\n", 3, 3, .tooFewFields(expected: 3, found: 2)),
            ("a,b,c\n1,2,0\n1,2,0,4\n", 3, 4, .tooManyFields(expected: 3, found: 4)),
            ("a,b,y\n1,x,0\n", 2, 2, .nonNumeric),
            ("a,b,y\n1,0x10,0\n", 2, 2, .nonNumeric),
            ("a,b,y\n1,\"1,000\",0\n", 2, 2, .nonNumeric),
            ("a,b,y\n1,2,0\n1,,1\n", 3, 2, .missingValue),
            ("a,b,y\n1,2,0\n1,NA,1\n", 3, 2, .missingValue),
            ("a,b,y\n1,2,0\nnan,3,1\n", 3, 1, .nonFiniteValue),
            ("a,b,y\n1,2,0\n-Infinity,3,1\n", 3, 1, .nonFiniteValue),
            ("a,b,y\n1,2,0\n1e999,3,1\n", 3, 1, .nonFiniteValue),
            ("a,y\n1,0\n2,1\n3,2\n", 4, 2, .moreThanTwoClasses),
            ("a,y\n1,1\n2,1\n3,1\n", 4, 2, .singleClass),
            ("a,y\n1,0\n2,\n", 3, 2, .missingLabel),
            ("a,y\n1,0\n2,nan\n", 3, 2, .nonFiniteValue),
            ("a,y\n1,0\n2,bad\n", 3, 2, .nonNumeric),
            ("a,y\n1,0\n\"2,1\n", 3, 1, .unterminatedQuote),
            ("a,y\n1\"2,0\n", 2, 1, .unexpectedQuote),
            ("a,y\n\"1\"x,0\n", 2, 1, .textAfterClosingQuote),
            ("a,,y\n1,2,0\n", 1, 2, .emptyColumnName),
            ("a,b,a\n1,2,0\n", 1, 3, .duplicateColumnName("a")),
            ("y\n1\n0\n", 1, nil, .noFeatureColumns),
        ] as [(String, Int, Int?, HEMLError.CSVProblem)])
    func refusesBadInput(text: String, line: Int, column: Int?, reason: HEMLError.CSVProblem) {
        #expect(throws: HEMLError.malformedCSV(file: "t.csv", line: line, column: column, reason: reason)) {
            try readCSV(text)
        }
    }

    @Test func refusesFilesThatAreNotText() {
        var nul = Array("a,y\n1,0\n".utf8)
        nul += [UInt8(ascii: "2"), 0, UInt8(ascii: ","), UInt8(ascii: "1"), 10]
        #expect(throws: HEMLError.malformedCSV(file: "t.csv", line: 3, column: 1, reason: .nulByte)) {
            try CSVReader.read(bytes: nul, name: "t.csv")
        }
        var invalid = Array("a,y\n1,0\n3,".utf8)
        invalid += [0xFF, 0xFE, 10]
        #expect(throws: HEMLError.malformedCSV(file: "t.csv", line: 3, column: 2, reason: .invalidUTF8)) {
            try CSVReader.read(bytes: invalid, name: "t.csv")
        }
        // UTF-16 text has NUL bytes.
        let utf16 = Array("a,y\n1,0\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(throws: HEMLError.malformedCSV(file: "t.csv", line: 1, column: 1, reason: .nulByte)) {
            try CSVReader.read(bytes: [0xFF, 0xFE] + utf16, name: "t.csv")
        }
    }

    @Test func refusesUnknownLabelColumnAndUnreadableFiles() throws {
        #expect(
            throws: HEMLError.malformedCSV(file: "t.csv", line: 1, column: nil, reason: .unknownLabelColumn("risk"))
        ) {
            try readCSV("a,y\n1,0\n2,1\n", options: CSVReadOptions(labelColumn: "risk"))
        }
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        #expect(throws: HEMLError.fileUnreadable(file: "nope.csv", reason: "no such file")) {
            try CSVReader.read(directory.url.appendingPathComponent("nope.csv"))
        }
        #expect(throws: HEMLError.fileUnreadable(file: directory.url.lastPathComponent, reason: "it is a directory")) {
            try CSVReader.read(directory.url)
        }
        let url = try directory.file("bad.csv", contents: "a,b,y\n1,2,0\n3,4,1\n5,x,0\n")
        #expect(throws: HEMLError.malformedCSV(file: "bad.csv", line: 4, column: 2, reason: .nonNumeric)) {
            try CSVReader.read(url)
        }
    }

    @Test func messagesNameTheLocationButNeverTheValue() {
        do {
            _ = try readCSV("income,y\n1,0\nsecret-4711,1\n")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description == "t.csv: line 3, column 1: the cell is not a number")
            #expect(!error.description.contains("4711"))
        }
    }

    @Test func meanImputationFillsFeaturesFromTheFile() throws {
        let text = "a,b,y\n1,,0\n3,4,1\nnan,6,0\n5,NA,1\n"
        #expect(throws: HEMLError.malformedCSV(file: "t.csv", line: 2, column: 2, reason: .missingValue)) {
            try readCSV(text)
        }
        let data = try readCSV(text, options: CSVReadOptions(imputation: .mean))
        #expect(data.features == [1, 5, 3, 4, 3, 6, 5, 5])
        #expect(data.imputation == ImputationSummary(fillValues: [3, 5], counts: [1, 2]))
        #expect(data.imputation?.total == 3)
        // Labels are never imputed; an all-missing column has no mean.
        #expect(throws: HEMLError.malformedCSV(file: "t.csv", line: 3, column: 2, reason: .missingLabel)) {
            try readCSV("a,y\n1,0\n2,\n", options: CSVReadOptions(imputation: .mean))
        }
        #expect(throws: HEMLError.malformedCSV(file: "t.csv", line: 2, column: 2, reason: .nothingToImpute)) {
            try readCSV("a,b,y\n1,,0\n2,inf,1\n", options: CSVReadOptions(imputation: .mean))
        }
        // Non-numeric text is an error even with imputation.
        #expect(throws: HEMLError.malformedCSV(file: "t.csv", line: 2, column: 1, reason: .nonNumeric)) {
            try readCSV("a,y\n?,0\n2,1\n", options: CSVReadOptions(imputation: .mean))
        }
    }

    @Test func loadsGermanOneHot() throws {
        let data = germanOneHot
        #expect(data.rowCount == 1000)
        #expect(data.featureCount == 61)
        #expect(data.positiveCount == 300)
        #expect(data.labelName == "bad_credit")
        #expect(data.featureNames.first == "checking_status_A11")
        #expect(data[0, data.featureNames.firstIndex(of: "duration_months")!] == 6)
        // The label is the last column, so the default choice agrees.
        let byDefault = try CSVReader.read(
            datasetsDirectory.appendingPathComponent("german_credit_onehot.csv"),
            options: CSVReadOptions(chunkSize: 4093))
        #expect(byDefault == data)
        // The raw file keeps categorical codes: refused at the first one.
        #expect(throws: HEMLError.malformedCSV(file: "german_credit_raw.csv", line: 2, column: 1, reason: .nonNumeric))
        {
            try CSVReader.read(datasetsDirectory.appendingPathComponent("german_credit_raw.csv"))
        }
    }

    @Test func datasetSubsettingAndValidation() throws {
        let data = try readCSV("a,b,y\n1,2,0\n3,4,1\n5,6,0\n")
        let picked = try data.selecting(rows: [2, 0])
        #expect(picked.features == [5, 6, 1, 2] && picked.labels == [0, 0])
        #expect(data.column(1) == [2, 4, 6])
        #expect(throws: HEMLError.invalidArgument("row indices must lie in 0..<3")) { try data.selecting(rows: [3]) }
        #expect(throws: HEMLError.dimensionMismatch(what: "feature values (rows x columns)", expected: 4, found: 3)) {
            try Dataset(featureNames: ["a", "b"], labelName: "y", features: [1, 2, 3], labels: [0, 1])
        }
        #expect(throws: HEMLError.invalidArgument("labels must be 0 or 1")) {
            try Dataset(featureNames: ["a"], labelName: "y", features: [1, 2], labels: [0, 2])
        }
    }
}
