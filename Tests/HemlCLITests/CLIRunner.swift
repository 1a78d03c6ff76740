import Foundation
import Testing

/// Runs the built `heml` executable as a subprocess.
enum CLI {
    /// What one run printed and returned.
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String

        /// The single JSON object printed on stdout.
        func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try #require(object as? [String: Any], "stdout is not one JSON object: \(stdout)")
        }
    }

    /// The `heml` binary: `HEML_BINARY` if set, else next to the test bundle (the `.build/<config>/` directory
    /// `swift test` builds every product into), else the package's `.build*/debug/heml`.
    static let binary: URL = {
        let fm = FileManager.default
        if let path = ProcessInfo.processInfo.environment["HEML_BINARY"] { return URL(fileURLWithPath: path) }
        var candidates: [URL] = []
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("heml"))
            directory = directory.deletingLastPathComponent()
        }
        for argument in CommandLine.arguments.prefix(1) {
            candidates.append(URL(fileURLWithPath: argument).deletingLastPathComponent().appendingPathComponent("heml"))
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for scratch in [".build", ".build-cli"] {
            candidates.append(root.appendingPathComponent("\(scratch)/debug/heml"))
        }
        return candidates.first { fm.isExecutableFile(atPath: $0.path) && !isDirectory($0) } ?? candidates.last!
    }()

    private static func isDirectory(_ url: URL) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
    }

    /// Runs `heml arguments…` (or another built `executable`) in `directory`, stdin closed, stdout and stderr
    /// captured.
    static func run(_ arguments: [String], in directory: URL, executable: URL = binary) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let id = UUID().uuidString
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("heml-out-\(id)")
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("heml-err-\(id)")
        for url in [outURL, errURL] {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Options that select the small, insecure test ring (N = 2^12) so runs take well under a second.
    static let testRing = ["--insecure-test-ring", "12", "--allow-insecure"]
}

/// A fresh temporary directory, removed by `cleanUp()`.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("heml-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL { try write(name, bytes: Array(text.utf8)) }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }

    func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url.appendingPathComponent(name))) }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path)
    }

    /// Every entry, hidden ones included (to catch leftover temporary files).
    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }

    /// Runs `heml arguments…` here. The files these tests make use the insecure test ring, so the commands that
    /// read key files (`encrypt`, `decrypt`, `train --dataset`) get `--allow-insecure`; ``CLI/run(_:in:)`` runs a
    /// command without it.
    func run(_ arguments: [String]) throws -> CLI.Result {
        let readsKeyFiles =
            ["encrypt", "decrypt"].contains(arguments.first) || arguments.starts(with: ["train", "--dataset"])
        return try CLI.run(arguments + (readsKeyFiles ? ["--allow-insecure"] : []), in: url)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: url) }
}

/// A small deterministic labelled dataset: `rows` rows of 3 features and a 0/1 label `y`.
func tinyCSV(rows: Int = 64, seed: UInt64 = 7, header: String = "age,income,debt,y") -> String {
    var state = seed
    func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    var text = header + "\n"
    for _ in 0..<rows {
        let x = (0..<3).map { _ in uniform() * 4 - 2 }
        let score = 1.2 * x[0] - 0.8 * x[1] + 0.3 * x[2] + (uniform() - 0.5)
        text += x.map { String(format: "%.4f", $0) }.joined(separator: ",") + ",\(score > 0 ? 1 : 0)\n"
    }
    return text
}
