import Dispatch

/// `body(i)` for i in 0..<count on all cores, results in order; the first error (by index) is rethrown.
func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws(HEMLError) -> T) throws(HEMLError) -> [T] {
    if count == 1 { return [try body(0)] }
    let results = ResultSlots<T>(count)
    DispatchQueue.concurrentPerform(iterations: count) { i in
        do throws(HEMLError) { results.set(i, .success(try body(i))) } catch { results.set(i, .failure(error)) }
    }
    return try results.values()
}

/// Write-once slots filled from several threads, each index by exactly one (raw storage: no exclusivity
/// checks on a shared array).
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let count: Int
    private let storage: UnsafeMutablePointer<Result<T, HEMLError>?>

    init(_ count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Result<T, HEMLError>) { storage[index] = value }

    func values() throws(HEMLError) -> [T] {
        var out: [T] = []
        for i in 0..<count { out.append(try storage[i]!.get()) }
        return out
    }
}
