import Foundation
import Testing

@testable import HEML

/// `CSVReader.readForScoring`: rows to score, with an optional label column.
@Suite struct ScoringTableTests {
    static func read(_ text: String, label: String? = "y", mapping: LabelMapping = .zeroOne) throws(HEMLError)
        -> ScoringTable
    {
        try CSVReader.readForScoring(
            bytes: Array(text.utf8), name: "s.csv", options: CSVReadOptions(labelColumn: label),
            labelMapping: mapping)
    }

    @Test func withoutTheLabelColumnEveryColumnIsAFeature() throws {
        let table = try Self.read("a,b\n1,2\n3,4\n")
        #expect(table.featureNames == ["a", "b"])
        #expect(table.features == [1, 2, 3, 4])
        #expect(table.labels == nil && table.labelName == nil)
        #expect(table.rowCount == 2)
        #expect(try table.dataset(labelName: "y").labels == [0, 0])
    }

    @Test func labelsAreMappedWithTheModelsMappingAndOneClassIsFine() throws {
        let mapping = try LabelMapping(negativeValue: 1, positiveValue: 2)
        let table = try Self.read("y,a\n2,5\n2,6\n", mapping: mapping)
        #expect(table.featureNames == ["a"])
        #expect(table.labels == [1, 1])
        #expect(throws: HEMLError.malformedCSV(file: "s.csv", line: 3, column: 1, reason: .moreThanTwoClasses)) {
            try Self.read("y,a\n2,5\n0,6\n", mapping: mapping)
        }
    }

    @Test func badCellsKeepTheirLineAndColumn() {
        #expect(throws: HEMLError.malformedCSV(file: "s.csv", line: 3, column: 2, reason: .nonNumeric)) {
            try Self.read("a,b\n1,2\n3,x\n")
        }
        #expect(throws: HEMLError.malformedCSV(file: "s.csv", line: 2, column: nil, reason: .headerOnly)) {
            try Self.read("a,b\n")
        }
        #expect(
            throws: HEMLError.malformedCSV(
                file: "s.csv", line: 2, column: 3, reason: .tooFewFields(expected: 3, found: 2))
        ) {
            try Self.read("a,b,y\n1,2\n")
        }
    }

    @Test func meanImputationFillsFromTheFile() throws {
        let table = try CSVReader.readForScoring(
            bytes: Array("a,b\n1,\n3,4\n".utf8), name: "s.csv",
            options: CSVReadOptions(imputation: .mean))
        #expect(table.features == [1, 4, 3, 4])
    }
}
