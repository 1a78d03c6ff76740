import Foundation
import Testing

/// A rank killed (SIGKILL) once iteration 3's checkpoint is written: mpirun ends the job with a non-zero status
/// naming the lost rank, and the same command with `--resume` writes the uninterrupted run's model.
extension MPITrainingTests {
    /// Iterations of the killed run: after iteration 3 the job has this many − 3 iterations left to be killed in.
    static let killIterations = 7

    @Test func aKilledRankResumesToTheSameModel() throws {
        let (scratch, server, expected) = try Self.prepared(iterations: Self.killIterations)
        defer { scratch.cleanUp() }
        let command = server + ["--out", "model.hemlenc", "--workers", "mpi", "--checkpoint", "ckpt"]
        let checkpoint = scratch.url.appendingPathComponent("ckpt/training.hemlckpt")
        let job = try Job(Self.mpirunOptions + ["-np", "2", CLI.binary.path] + command, in: scratch)
        defer { if job.process.isRunning { job.process.terminate() } }
        // Poll (no sleep as synchronisation): the checkpoint is written atomically, so any file seen is whole.
        var iteration = 0
        let deadline = Date().addingTimeInterval(300)
        while iteration < 3, job.process.isRunning, Date() < deadline {
            iteration = (try? Self.checkpointIteration(checkpoint)) ?? 0
            if iteration < 3 { usleep(20_000) }
        }
        let rank = try #require(Self.pid(ofRank: 1, below: job.process.processIdentifier), "rank 1 of the job")
        #expect(iteration >= 3 && iteration < Self.killIterations, "killed after iteration \(iteration)")
        kill(rank, SIGKILL)
        let killed = try job.wait()
        #expect(killed.status != 0)
        #expect(
            killed.stderr.contains("process rank 1") && killed.stderr.contains("signal 9"),
            "mpirun names the lost rank: \(killed.stderr)")
        #expect(!scratch.exists("model.hemlenc"))
        let resumed = try Self.mpirun(2, command + ["--resume", "--json"], in: scratch)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let workers = try #require(try resumed.json()["workers"] as? [String: Any])
        #expect((workers["resumed_from"] as? Int).map { $0 >= 3 } == true, "resumed from \(workers)")
        #expect(try Self.ciphertextBytes(scratch.url.appendingPathComponent("model.hemlenc")) == expected)
    }

    /// The iteration a checkpoint file holds (its metadata's `iteration`).
    static func checkpointIteration(_ url: URL) throws -> Int {
        let data = try Data(contentsOf: url)
        let metadata = data.dropFirst(64).prefix(metadataLength(data))
        let object = try JSONSerialization.jsonObject(with: metadata) as? [String: Any]
        return try #require(object?["iteration"] as? Int)
    }

    /// The process of MPI rank `rank` (its environment's `OMPI_COMM_WORLD_RANK`) among the descendants of
    /// `ancestor`.
    static func pid(ofRank rank: Int, below ancestor: Int32) -> Int32? {
        let marker = Data("OMPI_COMM_WORLD_RANK=\(rank)\u{0}".utf8)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).first { pid in
            guard let environment = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ")),
                environment.range(of: marker) != nil
            else { return false }
            var current = pid
            while current > 1 {
                guard let parent = parent(of: current) else { return false }
                if parent == ancestor { return true }
                current = parent
            }
            return false
        }
    }

    /// The parent of `pid`, from /proc/pid/stat (the field after the command's closing parenthesis and state).
    static func parent(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.range(of: ")", options: .backwards)
        else { return nil }
        let fields = stat[close.upperBound...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }

    /// A command started in the background, its output going to files.
    struct Job {
        let process = Process()
        let out: URL, err: URL

        init(_ arguments: [String], in scratch: Scratch) throws {
            process.executableURL = try #require(mpirunPath)
            process.arguments = arguments
            process.currentDirectoryURL = scratch.url
            out = scratch.url.appendingPathComponent("job.out")
            err = scratch.url.appendingPathComponent("job.err")
            for url in [out, err] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        func wait() throws -> CLI.Result {
            process.waitUntilExit()
            return CLI.Result(
                status: process.terminationStatus,
                stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
        }
    }
}
