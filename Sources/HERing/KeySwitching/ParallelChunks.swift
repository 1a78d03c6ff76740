import Dispatch

/// Work of one operation split over a few cores: `0..<count` cut into at most `threads` contiguous chunks of
/// near-equal size, run concurrently, the calling thread taking one.
///
/// Every index is handled by exactly one chunk and each chunk does what a single thread would do on it, so the
/// results do not depend on `threads`. With one thread (or too little work for two chunks) `body` runs once,
/// inline, on `0..<count`.
struct ParallelChunks {
    /// Cores one operation may use, at least 1.
    let threads: Int

    /// Runs `body` on the chunks of `0..<count`.
    func run(_ count: Int, _ body: (Range<Int>) -> Void) {
        run(splitting: count, and: 0) { _, range, _ in body(range) }
    }

    /// Cuts `0..<first` and `0..<second` each into the same number of near-equal chunks (at most `threads`) and
    /// runs `body(chunk, part of first, part of second)` on them concurrently, `chunk` numbering them from 0 (to
    /// pick per-thread scratch).
    func run(splitting first: Int, and second: Int, _ body: (Int, Range<Int>, Range<Int>) -> Void) {
        let chunks = min(threads, max(first, second))
        guard chunks > 1 else {
            if max(first, second) > 0 { body(0, 0..<first, 0..<second) }
            return
        }
        @Sendable func part(_ count: Int, _ chunk: Int) -> Range<Int> {
            count * chunk / chunks..<count * (chunk + 1) / chunks
        }
        withoutActuallyEscaping(body) { escapable in
            let work = UncheckedSendableBody(body: escapable)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                work.body(chunk, part(first, chunk), part(second, chunk))
            }
        }
    }
}

/// A closure over disjoint parts of caller-owned buffers, handed to the threads of one ``ParallelChunks/run``.
private struct UncheckedSendableBody: @unchecked Sendable {
    let body: (Int, Range<Int>, Range<Int>) -> Void
}
