import Foundation
import FoundationXML
import HEML

@testable import HEMLWorkflow

/// A fresh empty directory under the system temporary directory; removed by `cleanUp`.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("heml-workflow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    subscript(name: String) -> URL { url.appendingPathComponent(name) }

    func write(_ name: String, _ text: String) throws { try Data(text.utf8).write(to: self[name]) }

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: self[name]) }

    /// Every entry, hidden ones included (to catch leftover temporary files).
    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }

    func cleanUp() { try? FileManager.default.removeItem(at: url) }
}

/// A small deterministic labelled dataset: `rows` rows of 3 features and a 0/1 label `y`.
func tinyCSV(rows: Int, seed: UInt64 = 11) -> String {
    var state = seed
    func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    var text = "age,income,debt,y\n"
    for _ in 0..<rows {
        let x = (0..<3).map { _ in uniform() * 4 - 2 }
        let score = 1.2 * x[0] - 0.8 * x[1] + 0.3 * x[2] + (uniform() - 0.5)
        text += x.map { String(format: "%.4f", $0) }.joined(separator: ",") + ",\(score > 0 ? 1 : 0)\n"
    }
    return text
}

/// The role-separated files of one key set on the small insecure ring N = 2^12, made once per test process in
/// its own directory: `data.csv`, `owner.hemlsk`, `server.hemlpub`, `data.hemlenc`, `data.hemlenc.owner.json`,
/// `model.hemlenc`, `model.json`.
let roleFiles: Scratch = {
    let scratch = try! Scratch()
    try! scratch.write("data.csv", tinyCSV(rows: 60))
    let request = try! PlanRequest(iterations: 3, insecureLogDegree: 12)
    _ = try! DataOwner.keygen(
        csv: scratch["data.csv"], secretKey: scratch["owner.hemlsk"],
        publicBundle: scratch["server.hemlpub"], overwriteSecretKey: false, read: readOptions,
        plan: request)
    _ = try! DataOwner.encrypt(
        csv: scratch["data.csv"], secretKey: scratch["owner.hemlsk"],
        publicBundle: scratch["server.hemlpub"], out: scratch["data.hemlenc"],
        ownerState: scratch["data.hemlenc.owner.json"], read: readOptions, scaling: .default,
        allowInsecure: true)
    _ = try! Server.train(
        dataset: scratch["data.hemlenc"], publicBundle: scratch["server.hemlpub"],
        out: scratch["model.hemlenc"], allowInsecure: true)
    _ = try! DataOwner.decrypt(
        model: scratch["model.hemlenc"], secretKey: scratch["owner.hemlsk"],
        publicBundle: scratch["server.hemlpub"], ownerState: scratch["data.hemlenc.owner.json"],
        modelOut: scratch["model.json"], allowInsecure: true)
    return scratch
}()

let readOptions = CSVReadOptions(labelColumn: "y")

/// An attribute of a parsed element, by name (FoundationXML's `attribute(forName:)` misses attributes of elements in
/// a default namespace, such as SVG's).
func attribute(_ node: XMLNode?, _ name: String) -> String? {
    (node as? XMLElement)?.attributes?.first { $0.name == name || $0.localName == name }?.stringValue
}
