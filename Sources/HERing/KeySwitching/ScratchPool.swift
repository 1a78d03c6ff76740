import Synchronization

/// Word buffers kept for reuse, so that steady-state key switching touches no freshly mapped pages (the
/// first write to a new page costs about 2.5 µs here: several milliseconds for one key switch's digits).
///
/// Holds at most ``limit`` buffers and ``byteBudget`` bytes; when either is exceeded the least recently returned
/// buffers are freed first. Sizes change with the level, so a computation that walks down the chain keeps the
/// buffers of the levels it is working at, not those of the levels it has left. 96 MiB holds one key switch's
/// buffers at N = 2^16 and 30 primes; German credit's server peak was 0.08–0.14 GB higher with 256 MiB and no
/// faster (relinearization at N = 2^16 showed no difference within this machine's noise).
///
/// Thread-safe; a buffer taken is owned by the caller until given back.
final class ScratchPool: Sendable {
    private let buffers = Mutex<[[UInt64]]>([])
    let limit = 32
    let byteBudget = 96 << 20

    /// A buffer of exactly `count` words (contents unspecified).
    func take(_ count: Int) -> [UInt64] {
        let reused = buffers.withLock { pool -> [UInt64]? in
            guard let index = pool.lastIndex(where: { $0.count == count }) else { return nil }
            return pool.remove(at: index)
        }
        return reused ?? [UInt64](repeating: 0, count: count)
    }

    /// Returns a buffer for later reuse, freeing the oldest ones beyond the bounds.
    func give(_ buffer: [UInt64]) {
        var evicted: [[UInt64]] = []
        buffers.withLock { pool in
            pool.append(buffer)
            var bytes = pool.reduce(0) { $0 + 8 * $1.count }
            while pool.count > limit || (bytes > byteBudget && pool.count > 1) {
                bytes -= 8 * pool[0].count
                evicted.append(pool.removeFirst())
            }
        }
        evicted.removeAll()
    }

    /// Bytes held.
    var heldBytes: Int { buffers.withLock { $0.reduce(0) { $0 + 8 * $1.count } } }
}
