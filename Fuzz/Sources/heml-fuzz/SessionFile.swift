import Foundation
import HEML
import HEMLWorkflow

/// A multiparty session file on a test ring (N = 2^12, two parties of 4 rows, three iterations, as the session tests
/// use), written when the `container-session` target starts: the seed, and the directory the reader is given as the
/// exchange folder.
final class SessionFile: Sendable {
    static let shared = try! SessionFile()

    let directory: URL
    /// The session file (in `directory`).
    let url: URL
    let bytes: Data
    let session: MultipartySession

    private init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("heml-fuzz-session-\(getpid())")
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let csv = directory.appendingPathComponent("bank-a.csv"),
            url = directory.appendingPathComponent("s.hemlsession")
        self.url = url
        try Data("x1,x2,y\n0.5,-1,0\n1,2,1\n-0.5,0.25,1\n2,1,0\n".utf8).write(to: csv)
        try? FileManager.default.removeItem(at: url)
        session = try MultipartySession.create(
            csv: csv, out: url, parties: ["bank-a", "bank-b"], rows: [4, 4], label: "y",
            plan: PlanRequest(iterations: 3, insecureLogDegree: 12), allowInsecure: true)
        bytes = try Data(contentsOf: url)
    }

    /// Reads one input as a session file of this directory.
    func read(_ data: Data) {
        _ = try? MultipartySession(decoding: data, name: "fuzz.hemlsession", directory: directory, allowInsecure: true)
    }
}
