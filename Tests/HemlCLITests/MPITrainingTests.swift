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
/// blocks (so three ranks leave one without rows), and a run stopped under two ranks resumed under three.
@Suite(.enabled(if: mpirunPath != nil, "needs heml built with --traits MPI and mpirun on PATH"))
struct MPITrainingTests {
    /// Everything of a heml container after its timestamped metadata: section table and ciphertexts.
    static func ciphertextBytes(_ url: URL) throws -> Data {
        let data = try Data(contentsOf: url)
        let metadata = data[data.startIndex + 40..<data.startIndex + 48].enumerated().reduce(0) {
            $0 | Int($1.element) << (8 * $1.offset)
        }
        return data.dropFirst(64 + metadata)
    }

    static func mpirun(_ ranks: Int, _ arguments: [String], in scratch: Scratch) throws -> CLI.Result {
        try CLI.run(
            [
                "--allow-run-as-root", "--oversubscribe", "-np", "\(ranks)", "--mca",
                "btl_vader_single_copy_mechanism", "none", CLI.binary.path,
            ] + arguments, in: scratch.url, executable: #require(mpirunPath))
    }

    @Test func everyRankCountWritesTheSingleProcessModel() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("data.csv", tinyCSV(rows: 700))
        for arguments in [
            [
                "keygen", "data.csv", "--label", "y", "--secret-key", "owner.hemlsk", "--public-bundle",
                "server.hemlpub", "--iterations", "3",
            ] + CLI.testRing,
            [
                "encrypt", "data.csv", "--label", "y", "--secret-key", "owner.hemlsk", "--public-bundle",
                "server.hemlpub", "--out", "data.hemlenc", "--allow-insecure",
            ],
        ] {
            let result = try scratch.run(arguments)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let server = ["train", "--dataset", "data.hemlenc", "--public-bundle", "server.hemlpub", "--allow-insecure"]
        let single = try scratch.run(server + ["--out", "single.hemlenc"])
        #expect(single.status == 0, "\(single.stderr)")
        let expected = try Self.ciphertextBytes(scratch.url.appendingPathComponent("single.hemlenc"))
        for ranks in 1...3 {
            let result = try Self.mpirun(
                ranks, server + ["--out", "np\(ranks).hemlenc", "--workers", "mpi", "--json"], in: scratch)
            #expect(result.status == 0, "\(result.stderr)")
            let workers = try #require(try result.json()["workers"] as? [String: Any])
            let perRank = try #require(workers["ranks"] as? [[String: Any]])
            #expect(perRank.count == ranks)
            #expect(perRank.last?["row_blocks"] as? [Int] == [ranks == 1 ? 0 : 1, 2], "two row blocks")
            if ranks == 3 { #expect(perRank[0]["row_blocks"] as? [Int] == [0, 0], "rank 0 holds no row block") }
            #expect(try Self.ciphertextBytes(scratch.url.appendingPathComponent("np\(ranks).hemlenc")) == expected)
        }
        let checkpoint = ["--checkpoint", "ckpt", "--out", "resumed.hemlenc", "--workers", "mpi"]
        let stopped = try Self.mpirun(2, server + checkpoint + ["--stop-after", "2"], in: scratch)
        #expect(stopped.status == 0 && stopped.stdout.contains("Stopped after iteration 2 of 3"), "\(stopped.stderr)")
        let resumed = try Self.mpirun(3, server + checkpoint + ["--resume"], in: scratch)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Self.ciphertextBytes(scratch.url.appendingPathComponent("resumed.hemlenc")) == expected)
    }
}
