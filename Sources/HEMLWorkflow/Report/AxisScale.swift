import Foundation

/// A linear map from a data range onto a pixel range, with round tick values (1, 2 or 5 × 10^k apart).
struct AxisScale: Sendable {
    /// The data range shown (widened to tick values).
    let domain: ClosedRange<Double>
    /// Pixels the domain maps onto; `reversed` puts the domain's lower end at the range's upper end (y axes).
    let range: ClosedRange<Double>
    let reversed: Bool
    /// Tick values inside the domain, ascending.
    let ticks: [Double]

    /// A scale covering `values` (at least `minimum` when given), about `tickCount` ticks at least `minimumStep`
    /// apart (1 for whole numbers only).
    init(
        covering values: [Double], minimum: ClosedRange<Double>? = nil, pixels: ClosedRange<Double>,
        reversed: Bool = false, tickCount: Int = 5, minimumStep: Double? = nil
    ) {
        let finite = values.filter(\.isFinite) + (minimum.map { [$0.lowerBound, $0.upperBound] } ?? [])
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if high - low < 1e-12 * max(1, abs(high)) {
            low -= max(0.5, abs(low) * 0.1)
            high += max(0.5, abs(high) * 0.1)
        }
        let step = max(Self.step(span: high - low, count: tickCount), minimumStep ?? 0)
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        domain = low...high
        range = pixels
        self.reversed = reversed
        let count = Int(((high - low) / step).rounded())
        ticks = (0...count).map { low + Double($0) * step }
    }

    /// The pixel coordinate of `value`.
    func position(_ value: Double) -> Double {
        let share = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        let span = range.upperBound - range.lowerBound
        return reversed ? range.upperBound - share * span : range.lowerBound + share * span
    }

    /// A tick value as short text (no trailing zeros; scientific for very small or large magnitudes).
    func label(_ value: Double) -> String {
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        if value == 0 { return "0" }
        if abs(value) >= 1e5 || step < 1e-4 { return String(format: "%.1e", value) }
        let decimals = max(0, Int((-log10(step)).rounded(.up)))
        return String(format: "%.\(decimals)f", value)
    }

    /// A round step (1, 2 or 5 × 10^k) giving about `count` intervals over `span`.
    static func step(span: Double, count: Int) -> Double {
        let raw = span / Double(max(1, count))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let multiple = [1.0, 2, 5, 10].first { $0 * magnitude >= raw } ?? 10
        return multiple * magnitude
    }
}
