import Synchronization

/// Word buffers kept for reuse, so that steady-state key switching touches no freshly mapped pages (the
/// first write to a new page costs about 2.5 µs here: several milliseconds for one key switch's digits).
///
/// Thread-safe; a buffer taken is owned by the caller until given back.
final class ScratchPool: Sendable {
    private let buffers = Mutex<[[UInt64]]>([])
    private let limit = 32

    /// A buffer of exactly `count` words (contents unspecified).
    func take(_ count: Int) -> [UInt64] {
        let reused = buffers.withLock { pool -> [UInt64]? in
            guard let index = pool.lastIndex(where: { $0.count == count }) else { return nil }
            return pool.remove(at: index)
        }
        return reused ?? [UInt64](repeating: 0, count: count)
    }

    /// Returns a buffer for later reuse.
    func give(_ buffer: [UInt64]) {
        buffers.withLock { pool in
            if pool.count < limit { pool.append(buffer) }
        }
    }
}
