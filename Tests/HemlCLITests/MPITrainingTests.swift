import Foundation
import Testing

/// `mpirun` on PATH, when this build has MPI (the package trait `MPI`).
let mpirunPath: URL? = {
    #if MPI
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { URL(fileURLWithPath: "\($0)/mpirun") }.first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
    #else
        return nil
    #endif
}()

/// `mpirun -np 1|2|3 heml train --workers mpi` against the single-process server run, on the test ring with two row
/// blocks (so three ranks leave one without rows); the reduce-scatter exchange under 2, 3 and 4 ranks; a run stopped
/// under two ranks resumed under three, with the checkpoint in rank 0's directory only; and a rank killed after
/// iteration 3, resumed.
@Suite(.serialized, .enabled(if: mpirunPath != nil, "needs heml built with --traits MPI and mpirun on PATH"))
struct MPITrainingTests {
    /// Everything of a heml container after its timestamped metadata: section table and ciphertexts.
    static func ciphertextBytes(_ url: URL) throws -> Data {
        let data = try Data(contentsOf: url)
        return data.dropFirst(64 + metadataLength(data))
    }

    static func metadataLength(_ data: Data) -> Int {
        data[data.startIndex + 40..<data.startIndex + 48].enumerated().reduce(0) {
            $0 | Int($1.element) << (8 * $1.offset)
        }
    }

    /// mpirun's options for root and oversubscribed runs in a container.
    static let mpirunOptions = [
        "--allow-run-as-root", "--oversubscribe", "--mca", "btl_vader_single_copy_mechanism", "none",
    ]

    static func mpirun(_ ranks: Int, _ arguments: [String], in scratch: Scratch) throws -> CLI.Result {
        try CLI.run(
            mpirunOptions + ["-np", "\(ranks)", CLI.binary.path] + arguments, in: scratch.url,
            executable: #require(mpirunPath))
    }

    /// A scratch directory with the test ring's keys, 700 rows encrypted (two row blocks) for `iterations`, the
    /// single-process model's ciphertext bytes, and the server's arguments (absolute paths).
    static func prepared(iterations: Int) throws -> (Scratch, server: [String], expected: Data) {
        let scratch = try Scratch()
        try scratch.write("data.csv", tinyCSV(rows: 700))
        for arguments in [
            [
                "keygen", "data.csv", "--label", "y", "--secret-key", "owner.hemlsk", "--public-bundle",
                "server.hemlpub", "--iterations", "\(iterations)",
            ] + CLI.testRing,
            [
                "encrypt", "data.csv", "--label", "y", "--secret-key", "owner.hemlsk", "--public-bundle",
                "server.hemlpub", "--out", "data.hemlenc", "--allow-insecure",
            ],
        ] {
            let result = try scratch.run(arguments)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let server = [
            "train", "--dataset", scratch.url.appendingPathComponent("data.hemlenc").path, "--public-bundle",
            scratch.url.appendingPathComponent("server.hemlpub").path, "--allow-insecure",
        ]
        let single = try scratch.run(server + ["--out", "single.hemlenc"])
        #expect(single.status == 0, "\(single.stderr)")
        return (scratch, server, try ciphertextBytes(scratch.url.appendingPathComponent("single.hemlenc")))
    }

    @Test func everyRankCountWritesTheSingleProcessModel() throws {
        let (scratch, server, expected) = try Self.prepared(iterations: 3)
        defer { scratch.cleanUp() }
        for ranks in 1...3 {
            let result = try Self.mpirun(
                ranks, server + ["--out", "np\(ranks).hemlenc", "--workers", "mpi", "--json"], in: scratch)
            #expect(result.status == 0, "\(result.stderr)")
            let workers = try #require(try result.json()["workers"] as? [String: Any])
            let perRank = try #require(workers["ranks"] as? [[String: Any]])
            #expect(perRank.count == ranks)
            #expect(perRank.last?["row_blocks"] as? [Int] == [ranks == 1 ? 0 : 1, 2], "two row blocks")
            if ranks == 3 { #expect(perRank[0]["row_blocks"] as? [Int] == [0, 0], "rank 0 holds no row block") }
            let exchange = try #require(workers["exchange"] as? [String: Any])
            #expect(exchange["algorithm"] as? String == "allreduce", "a small gradient goes by one allreduce")
            #expect(try Self.ciphertextBytes(scratch.url.appendingPathComponent("np\(ranks).hemlenc")) == expected)
        }
    }

    /// Forced reduce-scatter + allgather (`--reduce-scatter-above 0`): each rank sums a contiguous share of the
    /// limbs, and at least one of the rank counts does not divide them (shares of different sizes).
    @Test func reduceScatterWritesTheSingleProcessModel() throws {
        let (scratch, server, expected) = try Self.prepared(iterations: 2)
        defer { scratch.cleanUp() }
        var limbCounts: [Int: Int] = [:]
        for ranks in [2, 3, 4] {
            let result = try Self.mpirun(
                ranks,
                server + ["--out", "rs\(ranks).hemlenc", "--workers", "mpi", "--reduce-scatter-above", "0", "--json"],
                in: scratch)
            #expect(result.status == 0, "\(result.stderr)")
            let workers = try #require(try result.json()["workers"] as? [String: Any])
            let exchange = try #require(workers["exchange"] as? [String: Any])
            #expect(exchange["algorithm"] as? String == "reduce-scatter + allgather")
            limbCounts[ranks] = try #require(exchange["limbs"] as? Int)
            #expect(try Self.ciphertextBytes(scratch.url.appendingPathComponent("rs\(ranks).hemlenc")) == expected)
        }
        #expect(limbCounts.contains { $1 % $0 != 0 }, "limbs per rank count: \(limbCounts)")
    }

    /// Rank 0 runs in one directory, ranks 1 and 2 in another (mpirun's per-context `-wdir`), each with its own
    /// `ckpt`: the stopped run writes rank 0's, and the resumed run reads it on rank 0 and sends it to the others,
    /// whose `ckpt` holds a file that is not a checkpoint at all.
    @Test func resumingNeedsTheCheckpointOnRankZeroOnly() throws {
        let (scratch, server, expected) = try Self.prepared(iterations: 3)
        defer { scratch.cleanUp() }
        let zero = scratch.url.appendingPathComponent("rank0"), others = scratch.url.appendingPathComponent("others")
        try FileManager.default.createDirectory(
            at: others.appendingPathComponent("ckpt"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: zero, withIntermediateDirectories: true)
        try Data("not a checkpoint".utf8).write(to: others.appendingPathComponent("ckpt/training.hemlckpt"))
        func perRankDirectories(_ arguments: [String]) throws -> CLI.Result {
            let command = [CLI.binary.path] + server + ["--checkpoint", "ckpt", "--workers", "mpi"] + arguments
            return try CLI.run(
                Self.mpirunOptions + ["-np", "1", "-wdir", zero.path] + command + [
                    ":", "-np", "2", "-wdir", others.path,
                ]
                    + command, in: scratch.url, executable: #require(mpirunPath))
        }
        let stopped = try perRankDirectories(["--out", "model.hemlenc", "--stop-after", "2"])
        #expect(stopped.status == 0 && stopped.stdout.contains("Stopped after iteration 2 of 3"), "\(stopped.stderr)")
        #expect(FileManager.default.fileExists(atPath: zero.appendingPathComponent("ckpt/training.hemlckpt").path))
        let resumed = try perRankDirectories(["--out", "model.hemlenc", "--resume", "--json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let workers = try #require(try resumed.json()["workers"] as? [String: Any])
        #expect(workers["resumed_from"] as? Int == 2)
        #expect(try Self.ciphertextBytes(zero.appendingPathComponent("model.hemlenc")) == expected)
    }
}
