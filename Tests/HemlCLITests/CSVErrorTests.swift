import Foundation
import Testing

/// Every kind of bad CSV input fails with file, line and column, a non-zero status, and no output file.
@Suite struct CSVErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        var extra: [String] = []
        let message: String
        var testDescription: String { name }

        init(_ name: String, _ text: String, extra: [String] = [], _ message: String) {
            self.name = name
            bytes = Array(text.utf8)
            self.extra = extra
            self.message = message
        }

        init(_ name: String, bytes: [UInt8], _ message: String) {
            self.name = name
            self.bytes = bytes
            self.message = message
        }
    }

    static let cases: [Case] = [
        Case("empty", "", "bad.csv: line 1: the file is empty"),
        Case("header only", "a,b,y\n", "bad.csv: line 2: the file has a header row but no data rows"),
        Case(
            "too few fields", "a,b,y\n1,2,0\n3,1\n", "bad.csv: line 3, column 3: the row has 2 fields; the header has 3"
        ),
        Case(
            "too many fields", "a,b,y\n1,2,0\n1,2,3,4\n",
            "bad.csv: line 3, column 4: the row has 4 fields; the header has 3"),
        Case("non-numeric", "a,b,y\n1,2,0\n1,secret-value,1\n", "bad.csv: line 3, column 2: the cell is not a number"),
        Case("missing cell", "a,b,y\n1,2,0\n1,,1\n", "bad.csv: line 3, column 2: the cell is empty or NA"),
        Case("NaN", "a,b,y\n1,2,0\nNaN,2,1\n", "bad.csv: line 3, column 1: the cell is NaN or infinite"),
        Case(
            "unknown label", "a,b,y\n1,2,0\n2,1,1\n", extra: ["--label", "outcome"],
            "bad.csv: line 1: there is no column named \"outcome\" for the label"),
        Case(
            "three classes", "a,b,y\n1,2,0\n2,1,1\n3,3,2\n",
            "bad.csv: line 4, column 3: the label column has a third distinct value"),
        Case(
            "single class", "a,b,y\n1,2,1\n2,1,1\n3,3,1\n", "bad.csv: line 4, column 3: every label has the same value"),
        Case(
            "binary file", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xFF, 0xFE],
            "bad.csv: line 1, column 1: the file contains a NUL byte; it is not a text file"),
        Case(
            "invalid UTF-8", bytes: Array("a,b,y\n1,".utf8) + [0xC3, 0x28] + Array(",0\n".utf8),
            "bad.csv: line 2, column 2: the field is not valid UTF-8 text"),
    ]

    @Test(arguments: cases)
    func badCSVFailsClearly(_ bad: Case) throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("bad.csv", bytes: bad.bytes)
        let result = try scratch.run(
            ["train", "--encrypted", "bad.csv", "--model-out", "model.json"] + bad.extra + CLI.testRing)
        #expect(result.status == 1)
        #expect(result.stderr.contains("heml: error: " + bad.message), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.contains("secret-value"), "errors must not echo cell values")
        #expect(try scratch.contents() == ["bad.csv"], "nothing may be left behind")
    }

    @Test func theSameErrorsReachKeygenAndScore() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("bad.csv", "a,b,y\n1,2,0\n1,x,1\n")
        let keygen = try scratch.run(
            ["keygen", "bad.csv", "--secret-key", "k.hemlsk", "--public-bundle", "b.hemlpub"] + CLI.testRing)
        #expect(keygen.status == 1)
        #expect(keygen.stderr.contains("heml: error: bad.csv: line 3, column 2: the cell is not a number"))
        #expect(try scratch.contents() == ["bad.csv"])
    }

    @Test func missingFileAndImputationHint() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let missing = try scratch.run(["train", "--encrypted", "nowhere.csv"] + CLI.testRing)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("heml: error: cannot read nowhere.csv: no such file"))
        try scratch.write("gap.csv", tinyCSV(rows: 40) + "1.0,,0.5,1\n")
        let gap = try scratch.run(["train", "--encrypted", "gap.csv", "--iterations", "2"] + CLI.testRing)
        #expect(gap.status == 1)
        #expect(gap.stderr.contains("line 42, column 2"))
        #expect(gap.stderr.contains("heml: hint: --impute mean"))
        let imputed = try scratch.run(
            ["train", "--encrypted", "gap.csv", "--iterations", "2", "--impute", "mean", "--json"] + CLI.testRing)
        #expect(imputed.status == 0, "\(imputed.stderr)")
    }
}
