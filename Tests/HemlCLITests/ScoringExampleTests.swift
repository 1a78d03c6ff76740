import Foundation
import Testing

/// The README's library program (`Examples/heml-scoring-example`), built next to `heml`, run on a model trained by
/// `heml` on the test ring: its encrypted scores must match plaintext scoring.
@Suite struct ScoringExampleTests {
    static let example = CLI.binary.deletingLastPathComponent().appendingPathComponent("heml-scoring-example")

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: example.path)))
    func exampleScoresAsPlaintext() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try ScoreCommandTests.trainedModel(scratch)
        try scratch.write("rows.csv", tinyCSV(rows: 40, seed: 3, header: "debt,age,income,y"))
        let result = try CLI.run(["model.json", "rows.csv"], in: scratch.url, executable: Self.example)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("rows scored on ciphertexts: 40"))
        let line = try #require(result.stdout.split(separator: "\n").last { $0.hasPrefix("largest difference") })
        let difference = try #require(Double(line.split(separator: " ").last ?? ""))
        #expect(difference < 1e-6)
    }
}
