import Dispatch

/// Wall-clock seconds since creation or the last lap.
struct Stopwatch {
    private var start = DispatchTime.now().uptimeNanoseconds
    private var lapStart = DispatchTime.now().uptimeNanoseconds

    /// Seconds since the stopwatch was created.
    var total: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// Seconds since the previous lap (or creation), and starts a new lap.
    mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { lapStart = now }
        return Double(now - lapStart) / 1e9
    }
}
