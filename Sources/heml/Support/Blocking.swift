import Dispatch

/// Runs async work from the synchronous command tree and waits for it (the root command is synchronous: `main`
/// tunes the process before parsing).
///
/// - Throws: what `work` throws.
func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Outcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { outcome.result = .success(try await work()) } catch { outcome.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try outcome.result!.get()
}

/// The result handed from the task to the waiting thread (written before the semaphore is signalled, read after).
private final class Outcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
