import Dispatch

/// Work of one operation split over a few cores: `0..<count` cut into at most `threads` contiguous chunks of
/// multiples of `granule` (the last takes the rest), run concurrently, the calling thread taking one.
///
/// Every index is handled by exactly one chunk and each chunk does what a single thread would do on it, so the
/// results do not depend on `threads`. With one thread (or too little work for two chunks) `body` runs once,
/// inline, on `0..<count`.
struct ParallelChunks {
    /// Cores one operation may use, at least 1.
    let threads: Int

    /// Runs `body` on the chunks of `0..<count`.
    func run(_ count: Int, granule: Int = 1, _ body: (Range<Int>) -> Void) {
        let chunks = min(threads, count / max(granule, 1))
        guard chunks > 1 else {
            if count > 0 { body(0..<count) }
            return
        }
        let size = (count / chunks / granule) * granule
        withoutActuallyEscaping(body) { escapable in
            let work = UncheckedSendableBody(body: escapable)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                work.body(chunk * size..<(chunk == chunks - 1 ? count : (chunk + 1) * size))
            }
        }
    }
}

/// A closure over disjoint parts of caller-owned buffers, handed to the threads of one ``ParallelChunks/run``.
private struct UncheckedSendableBody: @unchecked Sendable {
    let body: (Range<Int>) -> Void
}
