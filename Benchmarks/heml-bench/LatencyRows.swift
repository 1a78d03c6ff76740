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
