import Dispatch

/// Named, timed steps of a workflow run, announced to an observer: the one place that pairs "begin", the
/// stopwatch and "finish".
struct Phases {
    let observer: any WorkflowObserver
    private let start = DispatchTime.now().uptimeNanoseconds
    /// (phase, seconds) in the order run; ``finishTotal()`` appends the whole run as `total`.
    private(set) var timings: [(String, Double)] = []

    init(_ observer: any WorkflowObserver) { self.observer = observer }

    /// Runs `body` as phase `name`: announces `step`, times it, records the time and announces `done(result)`.
    mutating func run<T>(
        _ name: String, _ step: String, _ body: () throws -> T,
        done: (T) -> String
    ) rethrows -> T {
        observer.begin(step)
        let begun = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - begun) / 1e9
        timings.append((name, seconds))
        observer.finish(done(result), seconds: seconds)
        return result
    }

    /// Records a phase timed elsewhere.
    mutating func record(_ timing: (String, Double)) { timings.append(timing) }

    /// Appends the time since the run began as `total` and returns the timings.
    mutating func finishTotal() -> [(String, Double)] {
        timings.append(("total", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        return timings
    }
}
