import Foundation

/// Number formats for human-readable output.
enum Format {
    /// `0.42 s`, `12.3 s`, `2 min 05 s`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.2f s", seconds) }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        return String(format: "%d min %02d s", whole / 60, whole % 60)
    }

    /// Fixed decimals.
    static func fixed(_ value: Double, _ decimals: Int = 4) -> String { String(format: "%.\(decimals)f", value) }

    /// Scientific with 2 significant decimals (`3.1e-05`).
    static func scientific(_ value: Double) -> String { String(format: "%.1e", value) }

    /// Bytes as KiB / MiB / GiB.
    static func bytes(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count), unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }

    /// A number as short text (`8`, `2.5`).
    static func short(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
