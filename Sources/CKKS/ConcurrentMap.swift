import Dispatch

/// `body(i)` for i in 0..<count on all cores, results in index order; the first error (by index) is rethrown.
///
/// Contexts, keys, evaluators and ciphertexts are safe to share across threads, so independent homomorphic
/// operations (key generation, row blocks of a layout) can run side by side this way.
package func concurrentMap<T: Sendable, E: Error>(
    _ count: Int, _ body: @Sendable (Int) throws(E) -> T
) throws(E) -> [T] {
    if count == 1 { return [try body(0)] }
    let results = ResultSlots<T, E>(count)
    DispatchQueue.concurrentPerform(iterations: count) { i in
        do throws(E) { results.set(i, .success(try body(i))) } catch { results.set(i, .failure(error)) }
    }
    return try results.values()
}

/// Write-once slots filled from several threads, each index by exactly one (raw storage: no exclusivity
/// checks on a shared array).
final class ResultSlots<T: Sendable, E: Error>: @unchecked Sendable {
    private let count: Int
    private let storage: UnsafeMutablePointer<Result<T, E>?>

    init(_ count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Result<T, E>) { storage[index] = value }

    func values() throws(E) -> [T] {
        var out: [T] = []
        for i in 0..<count { out.append(try storage[i]!.get()) }
        return out
    }
}
