import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `heml serve` as a subprocess on a free loopback port, driven by `heml score --model-server` and by the
/// step-by-step `heml score-client` commands with plain HTTP in between (what curl does).
@Suite struct ServeCommandTests {
    /// Starts `heml serve` on port 0 in `scratch` and returns the process and its address (read from stderr).
    static func startServer(_ scratch: Scratch) throws -> (Process, String) {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--model", "model.json", "--port", "0", "--allow-insecure"]
        process.currentDirectoryURL = scratch.url
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while case let chunk = stderr.fileHandleForReading.availableData, !chunk.isEmpty {
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression) {
                return (process, String(seen[range]))
            }
        }
        process.terminate()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no address from heml serve: \(seen)"])
    }

    /// Runs `body` with a scratch folder holding a trained model.json and a server started on it.
    static func withServer(_ body: (Scratch, String) async throws -> Void) async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try ScoreCommandTests.trainedModel(scratch)
        let (server, address) = try Self.startServer(scratch)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        try await body(scratch, address)
    }

    @Test func scoreWithAModelServerMatchesPlaintextScoring() async throws {
        try await Self.withServer { scratch, address in
            let result = try scratch.run(
                ["score", "train.csv", "--model", "model.json", "--model-server", address, "--json"] + CLI.testRing)
            #expect(result.status == 0, "\(result.stderr)")
            let encrypted = try #require(try result.json()["encrypted"] as? [String: Any])
            let difference = try #require(encrypted["max_logit_difference"] as? Double)
            #expect(difference < 1e-6, "largest logit difference \(difference)")
        }
    }

    @Test func theClientStepsOnFilesWithPlainHTTPInBetween() async throws {
        try await Self.withServer { scratch, address in
            let files = ["--model", "model.json", "--keys", "client.hemlscore", "--secret-key", "client.hemlsk"]
            let keys = try scratch.run(["score-client", "keys"] + files + CLI.testRing)
            #expect(keys.status == 0, "\(keys.stderr)")
            let encrypt = try scratch.run(
                ["score-client", "encrypt", "train.csv", "--out", "rows.hemlrows", "--allow-insecure"] + files)
            #expect(encrypt.status == 0, "\(encrypt.stderr)")

            let created = try await Self.post(scratch.bytes("client.hemlscore"), to: address + "/v1/sessions")
            #expect(created.0 == 201)
            let session =
                try #require(
                    try JSONSerialization.jsonObject(with: created.1) as? [String: Any])["session"] as? String
            let scored = try await Self.post(
                scratch.bytes("rows.hemlrows"), to: address + "/v1/sessions/\(try #require(session))/scores")
            #expect(scored.0 == 200)
            try scratch.write("scores.hemlscores", bytes: [UInt8](scored.1))

            let decrypt = try scratch.run(
                ["score-client", "decrypt", "scores.hemlscores", "--request", "rows.hemlrows", "--allow-insecure"]
                    + files)
            #expect(decrypt.status == 0, "\(decrypt.stderr)")
            let plain = try scratch.run(["score", "train.csv", "--model", "model.json", "--out", "-"])
            let logits = { (csv: String) in
                csv.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[1])! }
            }
            let (encryptedLogits, plainLogits) = (logits(decrypt.stdout), logits(plain.stdout))
            #expect(encryptedLogits.count == 80 && plainLogits.count == 80)
            #expect(zip(encryptedLogits, plainLogits).map { abs($0 - $1) }.max()! < 1e-6)
        }
    }

    static func post(_ body: [UInt8], to address: String) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: address)!)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, data)
    }
}
