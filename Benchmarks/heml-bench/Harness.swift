import ArgumentParser
import Dispatch
import Foundation
import HERing

/// One measured operation: the unit of every table and JSON array `heml-bench` prints.
/// Fields that do not apply to a row are left out of its JSON.
struct BenchmarkRow: Codable {
    var name: String
    var threads: Int
    var path: String
    var medianNs: Double
    var minNs: Double
    // Ring-kernel rows.
    var n: Int?
    var modulusBits: Int?
    var nsPerButterfly: Double?
    // CKKS rows.
    var op: String?
    var logN: Int?
    var logQp: Int?
    var chain: String?
    var medianMs: Double?
    var minMs: Double?
    var precisionBits: Double?
    // Bootstrapping rows.
    var inputPrecisionBits: Double?
    var slots: Int?
    var levelsLeft: Int?
    var securityBits: Int?
    var keyBytes: Int?
    var keygenMs: Double?
    /// Peak resident memory while the row was measured (VmHWM reset before it), in bytes.
    var peakRssBytes: Int?
    /// Latency rows on several cores: the one-core median over this row's.
    var speedup: Double?
    // Where it ran (filled in by ``report(_:json:)``).
    var cpu: String?
    var cores: Int?
    var memoryBytes: UInt64?
    var commit: String?
}

/// Median and minimum of a row's samples in nanoseconds, and the peak resident memory while they ran.
struct Timing {
    var median: Double
    var min: Double
    var peakBytes: Int?
}

/// Median and minimum of samples (no peak memory: the caller measures it if it can).
func summary(_ samples: [Double]) -> Timing {
    let sorted = samples.sorted(), middle = sorted.count / 2
    let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    return Timing(median: median, min: sorted[0])
}

/// Times `body` after warm-up; with several threads each runs `body(thread)` on its own data concurrently,
/// and a sample is the wall time of one round (every thread did one operation).
func measure(_ options: HarnessOptions, _ body: (Int) -> Void) -> Timing {
    let gauge = ProcessStatus()
    gauge.reset()
    func round() -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        if options.threads == 1 {
            body(0)
        } else {
            withoutActuallyEscaping(body) { escapable in
                let work = UncheckedSendable(value: escapable)
                DispatchQueue.concurrentPerform(iterations: options.threads) { work.value($0) }
            }
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start)
    }
    for _ in 0..<options.warmup { _ = round() }
    var timing = summary((0..<options.repetitions).map { _ in round() })
    timing.peakBytes = gauge.peakBytes()
    return timing
}

/// Kernel paths named on the command line: default, scalar, avx512-ifma, avx512f, or all available.
func kernelPaths(_ name: String) throws -> [KernelPath] {
    switch name {
    case "default": return [.default]
    case "all": return KernelPath.allCases.filter(\.isAvailable)
    default:
        guard let chosen = KernelPath(rawValue: name) else { throw ValidationError("unknown path \(name)") }
        guard chosen.isAvailable else { throw ValidationError("path \(name) is not available on this CPU") }
        return [chosen]
    }
}

/// Lets each benchmark thread run the shared closure; every thread touches only its own slot of the data.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}

/// Prints rows as a Markdown table or a JSON array (snake_case keys), each with the machine and commit.
func report(_ rows: [BenchmarkRow], json: Bool) throws {
    let machine = Machine.current
    let rows = rows.map { row in
        var row = row
        (row.cpu, row.cores, row.memoryBytes, row.commit) = (
            machine.cpu, machine.cores, machine.memoryBytes, machine.commit
        )
        return row
    }
    if json {
        try printJSON(rows)
        return
    }
    print("Machine: \(machine.summary)\n")
    print("| benchmark | path | threads | median | min | ns/butterfly | precision (bits) | speedup | peak memory |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows {
        let perButterfly = row.nsPerButterfly.map { String(format: "%.3f", $0) } ?? ""
        let precision = row.precisionBits.map { String(format: "%.1f", $0) } ?? ""
        let speedup = row.speedup.map { String(format: "%.2f×", $0) } ?? ""
        print(
            "| \(row.name) | \(row.path) | \(row.threads) | \(formatNs(row.medianNs)) | \(formatNs(row.minNs)) "
                + "| \(perButterfly) | \(precision) | \(speedup) "
                + "| \(row.peakRssBytes.map { "\($0 >> 20) MiB" } ?? "") |")
    }
}

/// A duration in the unit that reads best (ns, µs, ms or s).
func formatNs(_ ns: Double) -> String {
    switch ns {
    case ..<1e3: String(format: "%.0f ns", ns)
    case ..<1e6: String(format: "%.1f µs", ns / 1e3)
    case ..<1e9: String(format: "%.2f ms", ns / 1e6)
    default: String(format: "%.2f s", ns / 1e9)
    }
}

/// Prints `value` as pretty JSON with snake-case keys, sorted.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
