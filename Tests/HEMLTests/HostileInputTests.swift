import CKKS
import Foundation
import Testing

@testable import HEML

/// Values a hostile file can carry into HEML: every reader and every object rebuilt from stored settings must
/// refuse them with a clear error, never trap, hang or allocate for them. Crashing inputs found by the fuzzers
/// (Fuzz/, `make fuzz`) are kept here as regressions.
@Suite struct HostileInputTests {
    // MARK: Objects rebuilt from stored settings

    @Test func trainingPlanSettingsAreRangeChecked() {
        let kim3 = SigmoidApproximation.kim3
        func plan(
            rows: Int = 100, features: Int = 4, iterations: Int = 2, learningRate: Double = 1, logDegree: Int? = 12,
            reservedLevels: Int = 0
        ) throws(HEMLError) {
            _ = try TrainingPlan.make(
                rows: rows, features: features, iterations: iterations, sigmoid: kim3,
                learningRate: learningRate, logDegree: logDegree, reservedLevels: reservedLevels,
                security: .unchecked)
        }
        let size = HEMLError.invalidArgument("training takes at most 2147483648 rows and 65536 features")
        #expect(throws: size) { try plan(rows: 1 << 62) }
        #expect(throws: size) { try plan(rows: .max) }
        #expect(throws: size) { try plan(features: 1 << 20) }
        #expect(throws: size) { try plan(features: .max) }
        let iterations = HEMLError.invalidArgument("iterations must be 1 … 10000")
        #expect(throws: iterations) { try plan(iterations: 1_000_000_000) }
        #expect(throws: iterations) { try plan(iterations: .max) }
        #expect(throws: iterations) { try plan(iterations: .min) }
        let degree = HEMLError.invalidArgument("the ring degree must be 2^10 … 2^17")
        for logDegree in [40, 63, 9, 0, -1, .max] { #expect(throws: degree) { try plan(logDegree: logDegree) } }
        #expect(throws: HEMLError.invalidArgument("reserved levels must be 0 … 16")) {
            try plan(reservedLevels: 1 << 40)
        }
        for rate in [Double.nan, .infinity, 0, -1] {
            #expect(throws: HEMLError.invalidArgument("learning rate must be positive")) {
                try plan(learningRate: rate)
            }
        }
        // The deepest allowed request on an unchecked ring: refused at once (no chain of 70 000 levels is built).
        #expect {
            _ = try TrainingPlan.make(
                rows: 100, features: 4, iterations: 10_000,
                sigmoid: try SigmoidApproximation(
                    coefficients: [0.5] + [Double](repeating: 1e-6, count: 31), radius: 8), learningRate: 1,
                logDegree: 17,
                security: .unchecked)
        } throws: { error in
            guard case .planDoesNotFit(_, let fitting) = error as? HEMLError else { return false }
            return fitting == 37  // 1 + 36·7 = 253 levels and 2 special primes: 256 primes
        }
    }

    @Test func slotLayoutsAreBounded() throws {
        let rows = HEMLError.invalidArgument("a layout holds at most 2147483648 rows of 65537 values")
        #expect(throws: rows) { try SlotLayout(rowCount: 1 << 62, width: 2, slotCount: 4096) }
        #expect(throws: rows) { try SlotLayout(rowCount: 10, width: .max, slotCount: 4096) }
        let slots = HEMLError.invalidArgument("the slot count must be a power of two from 2 to 65536")
        #expect(throws: slots) { try SlotLayout(rowCount: 10, width: 2, slotCount: 1 << 20) }
        #expect(throws: slots) { try SlotLayout(rowCount: 10, width: 2, slotCount: 3) }
        // 2^30 row blocks of 2 rows times 2^17 feature blocks of one column.
        #expect(throws: HEMLError.invalidArgument("the layout needs 140737488355328 ciphertexts, more than 1048576")) {
            try SlotLayout(rowCount: 1 << 31, width: (1 << 16) + 1, slotCount: 2, blockWidth: 1)
        }
        // Decoding validates like the initializer (a block width of 0 would divide by zero).
        let decoded = try JSONDecoder().decode(
            SlotLayout.self, from: Data(#"{"row_count":10,"width":3,"slot_count":8,"block_width":4}"#.utf8))
        #expect(decoded == (try SlotLayout(rowCount: 10, width: 3, slotCount: 8, blockWidth: 4)))
        #expect(throws: HEMLError.invalidArgument("block width must be a power of two from 1 to 4")) {
            try JSONDecoder().decode(
                SlotLayout.self, from: Data(#"{"row_count":10,"width":3,"slot_count":8,"block_width":0}"#.utf8))
        }
    }

    @Test func sigmoidAndScalingFromStoredNumbersAreChecked() {
        #expect(throws: HEMLError.invalidArgument("interval radius must be finite and positive")) {
            try SigmoidApproximation(coefficients: [0.5, 0.1], radius: .nan)
        }
        #expect(throws: HEMLError.invalidArgument("interval radius must be at most 64")) {
            try SigmoidApproximation(coefficients: [0.5, 0.1], radius: 1e18)
        }
        #expect(throws: HEMLError.invalidArgument("interval radius must be at most 64")) {
            try SigmoidApproximation.leastSquares(degree: 3, radius: 1e18)
        }
        #expect(throws: HEMLError.invalidArgument("sigmoid approximation degree must be odd, 1 to 31")) {
            try SigmoidApproximation(coefficients: [Double](repeating: 0, count: 1_000_001), radius: 8)
        }
        #expect(throws: HEMLError.invalidArgument("a scaling has at most 65536 features")) {
            try FeatureScaling(
                center: [Double](repeating: 0, count: 65_537), scale: [Double](repeating: 1, count: 65_537), clip: nil)
        }
        #expect(throws: HEMLError.invalidArgument("iterations must be 1 … 10000")) {
            try EncryptedModel.restored(
                layout: SlotLayout(rowCount: 1, width: 2, slotCount: 4), weights: [], iterations: 1 << 40)
        }
    }

    // MARK: Model JSON

    /// A valid model file as a JSON object, to be edited.
    private func modelObject() throws -> [String: Any] {
        let training = ModelFile.TrainingMetadata(
            method: "nesterov-plaintext", sigmoid: "kim3", degree: 3, interval: [-8, 8],
            sigmoidCoefficients: SigmoidApproximation.kim3.coefficients, iterations: 7, learningRate: 10,
            initialAlpha: 0.01,
            scaling: "zscore", trainingRows: 100, source: nil, timestamp: "2026-01-01T00:00:00Z")
        let model = try ModelFile(
            features: ["a", "b"], label: "y", scaling: FeatureScaling(center: [0, 1], scale: [1, 2], clip: 1),
            weights: [0.5, -0.5], intercept: 0.1, training: training)
        return try JSONSerialization.jsonObject(with: model.encoded()) as! [String: Any]
    }

    private func decode(_ object: [String: Any]) throws(HEMLError) {
        let data = try! JSONSerialization.data(withJSONObject: object)
        _ = try ModelFile.decode(data, name: "m.json")
    }

    @Test func lyingModelFilesAreRefused() throws {
        func refusal(_ error: HEMLError) -> HEMLError { .invalidModelFile(file: "m.json", reason: error.description) }
        func edited(_ edit: (inout [String: Any]) -> Void) throws -> [String: Any] {
            var object = try modelObject()
            edit(&object)
            return object
        }
        func training(_ key: String, _ value: Any) throws -> [String: Any] {
            try edited { object in
                var training = object["training"] as! [String: Any]
                training[key] = value
                object["training"] = training
            }
        }
        let cases: [(HEMLError, [String: Any])] = [
            (
                .dimensionMismatch(what: "weights entries (one per feature)", expected: 2, found: 3),
                try edited { $0["weights"] = [1, 2, 3] }
            ),
            (
                .dimensionMismatch(what: "center entries (one per feature)", expected: 2, found: 0),
                try edited { $0["center"] = [Double]() }
            ),
            (
                .invalidArgument("training iterations must be 0 … 16777216"),
                try training("iterations", 1_000_000_000_000)
            ),
            (.invalidArgument("training iterations must be 0 … 16777216"), try training("iterations", -1)),
            (.invalidArgument("training rows must be 0 … 1099511627776"), try training("training_rows", Int.max)),
            (.invalidArgument("sigmoid degree must be 1 … 31"), try training("degree", 1_000_000)),
            (
                .dimensionMismatch(what: "sigmoid coefficients (degree + 1)", expected: 4, found: 2),
                try training("sigmoid_coefficients", [0.5, 0.1])
            ),
            (.invalidArgument("sigmoid coefficients need a degree"), try training("degree", NSNull())),
        ]
        for (error, object) in cases { #expect(throws: refusal(error)) { try decode(object) } }
        // Numbers no Double holds are refused by the JSON layer, not turned into infinities.
        let text = String(decoding: try JSONSerialization.data(withJSONObject: try modelObject()), as: UTF8.self)
        for hostile in ["1e400", "-1e400", "NaN", "Infinity"] {
            let data = Data(text.replacingOccurrences(of: "\"intercept\":0.1", with: "\"intercept\":\(hostile)").utf8)
            #expect(throws: HEMLError.self) { try ModelFile.decode(data, name: "m.json") }
        }
    }

    // MARK: CSV

    @Test func oversizedCSVFieldsAndHeadersAreRefused() {
        let field = String(repeating: "1", count: CSVLimits.maximumFieldBytes + 1)
        #expect(
            throws: HEMLError.malformedCSV(
                file: "t.csv", line: 2, column: 1, reason: .tooLarge("a field is longer than 65536 bytes"))
        ) {
            try readCSV("x,y\n\(field),1\n")
        }
        #expect(
            throws: HEMLError.malformedCSV(
                file: "t.csv", line: 2, column: 1, reason: .tooLarge("a field is longer than 65536 bytes"))
        ) {
            try readCSV("x,y\n\"\(field)\",1\n")
        }
        let header = (0...CSVLimits.maximumColumns).map { "c\($0)" }.joined(separator: ",")
        #expect(
            throws: HEMLError.malformedCSV(
                file: "t.csv", line: 1, column: nil, reason: .tooLarge("a record has more than 65537 fields"))
        ) {
            try readCSV(header + "\n")
        }
    }

    @Test func hostileCSVCellsAreRefused() {
        let cases: [(String, Int, Int, HEMLError.CSVProblem)] = [
            ("x,y\n1e400,1\n2,0\n", 2, 1, .nonFiniteValue),
            ("x,y\nnan,1\n2,0\n", 2, 1, .nonFiniteValue),
            ("x,y\n-inf,1\n2,0\n", 2, 1, .nonFiniteValue),
            ("x,y\n1,1\n2,1e400\n", 3, 2, .nonFiniteValue),
            ("x,y\n1,\u{0}\n", 2, 2, .nulByte),
        ]
        for (text, line, column, reason) in cases {
            #expect(throws: HEMLError.malformedCSV(file: "t.csv", line: line, column: column, reason: reason)) {
                try readCSV(text)
            }
        }
        #expect(throws: HEMLError.malformedCSV(file: "t.csv", line: 2, column: 1, reason: .invalidUTF8)) {
            try CSVReader.read(bytes: Array("x,y\n".utf8) + [0xC3, 0x28] + Array(",1\n".utf8), name: "t.csv")
        }
    }
}
