import Testing

@testable import HERing

/// ChaCha20 against the block-function vectors of RFC 8439 (§2.3.2 and appendix A.1), on each kernel path, and the
/// 8-lane portable and 16-lane AVX-512 paths against each other and against a one-block Swift reference.
@Suite struct ChaCha20Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let nonce: [UInt8]
        let counter: UInt32
        let block: [UInt8]
        var testDescription: String { name }
    }

    /// Bytes from the RFC's hex dumps (whitespace ignored).
    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    static let zeroKey = [UInt8](repeating: 0, count: 32), zeroNonce = [UInt8](repeating: 0, count: 12)

    static let vectors: [Vector] = [
        Vector(
            name: "§2.3.2", key: (0..<32).map { UInt8($0) }, nonce: hex("000000090000004a00000000"), counter: 1,
            block: hex(
                """
                10 f1 e7 e4 d1 3b 59 15 50 0f dd 1f a3 20 71 c4 c7 d1 f4 c7 33 c0 68 03 04 22 aa 9a c3 d4 6c 4e
                d2 82 64 46 07 9f aa 09 14 c2 d7 05 d9 8b 02 a2 b5 12 9c d1 de 16 4e b9 cb d0 83 e8 a2 50 3c 4e
                """)),
        Vector(
            name: "A.1 #1", key: zeroKey, nonce: zeroNonce, counter: 0,
            block: hex(
                """
                76 b8 e0 ad a0 f1 3d 90 40 5d 6a e5 53 86 bd 28 bd d2 19 b8 a0 8d ed 1a a8 36 ef cc 8b 77 0d c7
                da 41 59 7c 51 57 48 8d 77 24 e0 3f b8 d8 4a 37 6a 43 b8 f4 15 18 a1 1c c3 87 b6 69 b2 ee 65 86
                """)),
        Vector(
            name: "A.1 #2", key: zeroKey, nonce: zeroNonce, counter: 1,
            block: hex(
                """
                9f 07 e7 be 55 51 38 7a 98 ba 97 7c 73 2d 08 0d cb 0f 29 a0 48 e3 65 69 12 c6 53 3e 32 ee 7a ed
                29 b7 21 76 9c e6 4e 43 d5 71 33 b0 74 d8 39 d5 31 ed 1f 28 51 0a fb 45 ac e1 0a 1f 4b 79 4d 6f
                """)),
        Vector(
            name: "A.1 #3", key: zeroKey.dropLast() + [1], nonce: zeroNonce, counter: 1,
            block: hex(
                """
                3a eb 52 24 ec f8 49 92 9b 9d 82 8d b1 ce d4 dd 83 20 25 e8 01 8b 81 60 b8 22 84 f3 c9 49 aa 5a
                8e ca 00 bb b4 a7 3b da d1 92 b5 c4 2f 73 f2 fd 4e 27 36 44 c8 b3 61 25 a6 4a dd eb 00 6c 13 a0
                """)),
        Vector(
            name: "A.1 #4", key: [0, 0xff] + zeroKey.dropFirst(2), nonce: zeroNonce, counter: 2,
            block: hex(
                """
                72 d5 4d fb f1 2e c4 4b 36 26 92 df 94 13 7f 32 8f ea 8d a7 39 90 26 5e c1 bb be a1 ae 9a f0 ca
                13 b2 5a a2 6c b4 a6 48 cb 9b 9d 1b e6 5b 2c 09 24 a6 6c 54 d5 45 ec 1b 73 74 f4 87 2e 99 f0 96
                """)),
        Vector(
            name: "A.1 #5", key: zeroKey, nonce: zeroNonce.dropLast() + [2], counter: 0,
            block: hex(
                """
                c2 c6 4d 37 8c d5 36 37 4a e2 04 b9 ef 93 3f cd 1a 8b 22 88 b3 df a4 96 72 ab 76 5b 54 ee 27 c7
                8a 97 0e 0e 95 5c 14 f3 a8 8e 74 1b 97 c2 86 f7 5f 8f c2 99 e8 14 83 62 fa 19 8a 39 53 1b ed 6d
                """)),
    ]

    /// The RFC's block function written directly from its text, one block at a time: the oracle for many blocks.
    static func referenceBlock(key: [UInt8], nonce: [UInt8], counter: UInt32) -> [UInt8] {
        func word(_ bytes: [UInt8], _ i: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 | UInt32(bytes[4 * i + $1]) << (8 * $1) }
        }
        let initial: [UInt32] =
            [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574] + (0..<8).map { word(key, $0) }
            + [counter] + (0..<3).map { word(nonce, $0) }
        var x = initial
        func quarterRound(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
            x[a] &+= x[b]; x[d] ^= x[a]; x[d] = x[d] << 16 | x[d] >> 16
            x[c] &+= x[d]; x[b] ^= x[c]; x[b] = x[b] << 12 | x[b] >> 20
            x[a] &+= x[b]; x[d] ^= x[a]; x[d] = x[d] << 8 | x[d] >> 24
            x[c] &+= x[d]; x[b] ^= x[c]; x[b] = x[b] << 7 | x[b] >> 25
        }
        for _ in 0..<10 {
            quarterRound(0, 4, 8, 12); quarterRound(1, 5, 9, 13); quarterRound(2, 6, 10, 14); quarterRound(3, 7, 11, 15)
            quarterRound(0, 5, 10, 15); quarterRound(1, 6, 11, 12); quarterRound(2, 7, 8, 13); quarterRound(3, 4, 9, 14)
        }
        return zip(x, initial).flatMap { sum in (0..<4).map { UInt8(truncatingIfNeeded: (sum.0 &+ sum.1) >> (8 * $0)) }
        }
    }

    /// Each vector alone, and as the first, a middle and the last block of a 17-block run (one whole 16-lane group
    /// plus a tail; runs that start below counter 0 wrap modulo 2^32).
    func expectVectors(on path: KernelPath) {
        for vector in Self.vectors {
            #expect(vector.block.count == 64)
            let one = ChaCha20.keystream(
                key: vector.key, nonce: vector.nonce, counter: vector.counter, blocks: 1, path: path)
            #expect(one == vector.block, "\(vector.name), path \(path)")
            for position in [0, 9, 16] {
                let start = vector.counter &- UInt32(position)
                let run = ChaCha20.keystream(
                    key: vector.key, nonce: vector.nonce, counter: start, blocks: 17, path: path)
                #expect(
                    Array(run[64 * position..<64 * position + 64]) == vector.block,
                    "\(vector.name) as block \(position) of 17, path \(path)")
            }
        }
    }

    @Test func referenceMatchesTheRFC() {
        for vector in Self.vectors {
            #expect(
                Self.referenceBlock(key: vector.key, nonce: vector.nonce, counter: vector.counter) == vector.block,
                "\(vector.name)")
        }
    }

    @Test func rfcVectorsOnPortablePath() {
        expectVectors(on: .scalar)
    }

    @Test(.enabled(if: severalPathsAvailable, "needs AVX-512"), arguments: availablePaths.filter { $0 != .scalar })
    func rfcVectorsOnAVX512Path(path: KernelPath) {
        expectVectors(on: path)
    }

    /// Runs of every length from 1 to 40 blocks (whole lane groups and tails), one long run, and a run across the
    /// 2^32 counter wrap, all against the one-block reference.
    static let runs: [(counter: UInt32, blocks: Int)] =
        (1...40).map { (UInt32($0 * 1000), $0) }
        + [(7, 1000), (UInt32.max - 20, 45)]

    func expectRunsMatchReference(on path: KernelPath) {
        let key = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let nonce = (0..<12).map { UInt8(truncatingIfNeeded: $0 &* 101 &+ 3) }
        for (counter, blocks) in Self.runs {
            let stream = ChaCha20.keystream(key: key, nonce: nonce, counter: counter, blocks: blocks, path: path)
            let expected = (0..<blocks).flatMap {
                Self.referenceBlock(key: key, nonce: nonce, counter: counter &+ UInt32($0))
            }
            #expect(firstMismatch(stream, expected) == nil, "\(blocks) blocks from counter \(counter), path \(path)")
        }
    }

    @Test func portablePathMatchesReferenceOnManyBlocks() {
        expectRunsMatchReference(on: .scalar)
    }

    @Test(.enabled(if: severalPathsAvailable, "needs AVX-512"), arguments: availablePaths.filter { $0 != .scalar })
    func avx512PathMatchesReferenceAndPortablePath(path: KernelPath) throws {
        expectRunsMatchReference(on: path)
        var random = SeededRandomSource(testSeed: 77)
        for blocks in [1, 8, 15, 16, 17, 31, 32, 33, 4096] {
            let key = try random.bytes(32), nonce = try random.bytes(12)
            let counter = UInt32(truncatingIfNeeded: try random.words(1)[0])
            let portable = ChaCha20.keystream(key: key, nonce: nonce, counter: counter, blocks: blocks, path: .scalar)
            let wide = ChaCha20.keystream(key: key, nonce: nonce, counter: counter, blocks: blocks, path: path)
            #expect(firstMismatch(portable, wide) == nil, "\(blocks) blocks from counter \(counter)")
        }
    }

    /// The seeded generator is this keystream with a zero nonce from block 0: A.1 #1 and #2 for the zero seed.
    @Test func seededSourceIsTheRFCStream() throws {
        var source = try SeededRandomSource(seed: Self.zeroKey)
        #expect(try source.bytes(128) == Self.vectors[1].block + Self.vectors[2].block)
    }
}
