import CKKS
import Dispatch

/// The latency of one operation on several cores (a context with `threads` > 1, so a key switch splits its NTTs,
/// conversions and products) against the same operation on one core, timed in the same run with the samples
/// alternating (1 core, k cores, k cores, 1 core, …) so that load from elsewhere on the machine hits both alike.
struct LatencyRows {
    let single: Evaluator
    let threaded: Evaluator
    let cores: Int

    /// Rows `<op>_latency` for 1 core and for `cores` cores; the second carries the ratio of the medians.
    func rows(
        _ op: String, _ options: HarnessOptions, row: (String, Int, Timing, Double?) -> Void,
        _ body: (Evaluator) -> Void
    ) {
        let (one, many) = measureAlternating(options, { body(single) }, { body(threaded) })
        row("\(op)_latency", 1, one, nil)
        row("\(op)_latency", cores, many, one.median / many.median)
    }
}

/// Medians and minima of `first` and `second`, timed alternately after `options.warmup` rounds of each.
func measureAlternating(_ options: HarnessOptions, _ first: () -> Void, _ second: () -> Void) -> (Timing, Timing) {
    func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start)
    }
    for _ in 0..<options.warmup {
        first()
        second()
    }
    var a: [Double] = [], b: [Double] = []
    for repetition in 0..<options.repetitions {
        if repetition % 2 == 0 {
            a.append(time(first))
            b.append(time(second))
        } else {
            b.append(time(second))
            a.append(time(first))
        }
    }
    return (summary(a), summary(b))
}

/// After the table: each `*_latency` pair as one line, 1 core → k cores and the ratio of the medians, with the load
/// average at the start and now (other work on the machine slows the k-core figure most).
func printLatencySummary(_ rows: [BenchmarkRow]) {
    let pairs = rows.filter { $0.op?.hasSuffix("_latency") == true && $0.speedup != nil }
    guard !pairs.isEmpty else { return }
    let now = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first ?? "?"
    print(
        "\nLatency of one operation, 1 core → k cores (same run, samples alternating; load average "
            + "\(Machine.current.loadAverage.map { String(format: "%.1f", $0) } ?? "?") at start, \(now) now):")
    for many in pairs {
        guard let one = rows.first(where: { $0.name == many.name && $0.threads == 1 }) else { continue }
        print(
            "  \(many.name): \(formatNs(one.medianNs)) → \(formatNs(many.medianNs)) on \(many.threads) cores "
                + String(format: "(%.2f×)", many.speedup!))
    }
}
