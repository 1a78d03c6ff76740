import Foundation

/// A line and point chart as inline SVG (no script, no external resource): linear axes with round ticks, any
/// number of series, vertical markers along x (levels, bootstraps) and a legend. Shared by the training report and
/// `heml-bench train`'s sweep chart.
struct Chart: Sendable {
    /// One named set of points.
    struct Series: Sendable {
        /// How a series is drawn.
        enum Style: Sendable {
            /// Points joined by a line.
            case line
            /// A dashed line.
            case dashedLine
            /// Filled dots.
            case points
            /// Open circles.
            case hollowPoints
            /// Points joined by a line, with dots.
            case lineAndPoints
        }

        let name: String
        let points: [(x: Double, y: Double)]
        let style: Style
        /// A CSS colour.
        let color: String
        /// Text beside each point (same count as `points`), or empty.
        var pointLabels: [String] = []
        /// Dot radius in pixels (draw a smaller dot over a larger circle to show two series that agree).
        var radius = 4.0
        /// Point labels below their points instead of above (so two series' labels at close points do not collide).
        var labelsBelow = false
    }

    /// A vertical line at `x` with a label above the plot.
    struct Marker: Sendable {
        let x: Double
        let label: String
        /// Dashed (bootstraps) or dotted (levels).
        let emphasized: Bool
    }

    /// Colours for series, distinguishable in print and for common colour-vision deficiencies.
    static let palette = ["#1b6ca8", "#d95f02", "#2a9d55", "#7b3294", "#b8860b", "#555555"]

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    var markers: [Marker] = []
    /// Words before the markers' labels (e.g. "levels left").
    var markerCaption: String? = nil
    /// Ticks on whole numbers only along x (iterations).
    var integerX = false
    /// Ranges the axes must include (e.g. 0…1 for ROC curves); the data's range otherwise.
    var xInclude: ClosedRange<Double>? = nil
    var yInclude: ClosedRange<Double>? = nil
    var width = 560.0
    var height = 360.0

    /// Legend entries per row: as many 300-pixel columns as fit.
    private var legendColumns: Int { max(1, Int((width - 80) / 300)) }

    private var plot: (left: Double, right: Double, top: Double, bottom: Double) {
        let legendRows = (series.count + legendColumns - 1) / legendColumns
        return (64, width - 16, markers.isEmpty ? 40 : 56, height - 56 - 18 * Double(legendRows))
    }

    /// The chart as an `<svg>` element with a `<title>` for screen readers.
    var svg: Markup {
        let plot = plot
        let x = AxisScale(
            covering: series.flatMap { $0.points.map(\.x) } + markers.map(\.x), minimum: xInclude,
            pixels: plot.left...plot.right, minimumStep: integerX ? 1 : nil)
        let y = AxisScale(
            covering: series.flatMap { $0.points.map(\.y) }, minimum: yInclude, pixels: plot.top...plot.bottom,
            reversed: true)
        var parts: [Markup] = [
            .element("title", text: title),
            .element(
                "text", [("x", fmt(width / 2)), ("y", "18"), ("text-anchor", "middle"), ("class", "chart-title")],
                text: title),
        ]
        parts += axes(x: x, y: y, plot: plot)
        parts += markers.map { marker(x.position($0.x), $0, plot: plot) }
        if let markerCaption, !markers.isEmpty {
            parts.append(
                .element(
                    "text", [("x", fmt(plot.left)), ("y", fmt(plot.top - 20)), ("font-size", "10")],
                    text: markerCaption + ":"))
        }
        parts += series.map { draw($0, x: x, y: y) }
        parts += legend(top: plot.bottom + 54)
        return .element(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(fmt(width)) \(fmt(height))"),
                ("width", fmt(width)), ("height", fmt(height)), ("role", "img"), ("font-family", "sans-serif"),
                ("font-size", "12"),
            ], parts)
    }

    private func axes(
        x: AxisScale, y: AxisScale, plot: (left: Double, right: Double, top: Double, bottom: Double)
    ) -> [Markup] {
        var parts: [Markup] = [
            .element(
                "rect",
                [
                    ("x", fmt(plot.left)), ("y", fmt(plot.top)), ("width", fmt(plot.right - plot.left)),
                    ("height", fmt(plot.bottom - plot.top)), ("fill", "none"), ("stroke", "#999"),
                ])
        ]
        for tick in x.ticks {
            let px = x.position(tick)
            parts.append(line(px, plot.top, px, plot.bottom, stroke: "#e4e4e4"))
            parts.append(
                .element(
                    "text", [("x", fmt(px)), ("y", fmt(plot.bottom + 16)), ("text-anchor", "middle")],
                    text: x.label(tick)))
        }
        for tick in y.ticks {
            let py = y.position(tick)
            parts.append(line(plot.left, py, plot.right, py, stroke: "#e4e4e4"))
            parts.append(
                .element(
                    "text", [("x", fmt(plot.left - 6)), ("y", fmt(py + 4)), ("text-anchor", "end")],
                    text: y.label(tick)))
        }
        parts.append(
            .element(
                "text",
                [("x", fmt((plot.left + plot.right) / 2)), ("y", fmt(plot.bottom + 34)), ("text-anchor", "middle")],
                text: xLabel))
        let middle = (plot.top + plot.bottom) / 2
        parts.append(
            .element(
                "text",
                [
                    ("x", "14"), ("y", fmt(middle)), ("text-anchor", "middle"),
                    ("transform", "rotate(-90 14 \(fmt(middle)))"),
                ], text: yLabel))
        return parts
    }

    private func marker(
        _ px: Double, _ marker: Marker, plot: (left: Double, right: Double, top: Double, bottom: Double)
    ) -> Markup {
        .element(
            "g", [("class", marker.emphasized ? "marker bootstrap" : "marker")],
            [
                .element(
                    "line",
                    [
                        ("x1", fmt(px)), ("y1", fmt(plot.top)), ("x2", fmt(px)), ("y2", fmt(plot.bottom)),
                        ("stroke", marker.emphasized ? "#c0392b" : "#aaa"),
                        ("stroke-dasharray", marker.emphasized ? "6 3" : "2 3"),
                    ]),
                .element(
                    "text",
                    [("x", fmt(px)), ("y", fmt(plot.top - 6)), ("text-anchor", "middle"), ("font-size", "10")],
                    text: marker.label),
            ])
    }

    private func draw(_ series: Series, x: AxisScale, y: AxisScale) -> Markup {
        let pixels = series.points.map { (x.position($0.x), y.position($0.y)) }
        var parts: [Markup] = []
        switch series.style {
        case .line, .dashedLine, .lineAndPoints:
            var attributes = [
                ("points", pixels.map { "\(fmt($0.0)),\(fmt($0.1))" }.joined(separator: " ")), ("fill", "none"),
                ("stroke", series.color), ("stroke-width", "2"),
            ]
            if series.style == .dashedLine { attributes.append(("stroke-dasharray", "7 4")) }
            parts.append(.element("polyline", attributes))
        case .points, .hollowPoints: break
        }
        if [.points, .hollowPoints, .lineAndPoints].contains(series.style) {
            let fill = series.style == .hollowPoints ? "white" : series.color
            parts += pixels.map {
                .element(
                    "circle",
                    [
                        ("cx", fmt($0.0)), ("cy", fmt($0.1)), ("r", fmt(series.radius)), ("fill", fill),
                        ("stroke", series.color),
                        ("stroke-width", "1.5"),
                    ])
            }
        }
        parts += zip(pixels, series.pointLabels).map { pixel, label in
            .element(
                "text",
                [("x", fmt(pixel.0 + 6)), ("y", fmt(pixel.1 + (series.labelsBelow ? 14 : -6))), ("font-size", "10")],
                text: label)
        }
        return .element("g", [("class", "series"), ("data-name", series.name)], parts)
    }

    private func legend(top: Double) -> [Markup] {
        series.enumerated().map { index, series in
            let column = Double(index % legendColumns), row = Double(index / legendColumns)
            let left = 64 + column * (width - 80) / Double(legendColumns), baseline = top + row * 18
            let swatch: Markup =
                [.points, .hollowPoints].contains(series.style)
                ? .element(
                    "circle",
                    [
                        ("cx", fmt(left + 10)), ("cy", fmt(baseline - 4)), ("r", "4"),
                        ("fill", series.style == .hollowPoints ? "white" : series.color), ("stroke", series.color),
                    ])
                : line(left, baseline - 4, left + 20, baseline - 4, stroke: series.color, width: 2)
            return .element(
                "g", [("class", "legend")],
                [swatch, .element("text", [("x", fmt(left + 26)), ("y", fmt(baseline))], text: series.name)])
        }
    }

    private func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1
    ) -> Markup {
        .element(
            "line",
            [
                ("x1", fmt(x1)), ("y1", fmt(y1)), ("x2", fmt(x2)), ("y2", fmt(y2)), ("stroke", stroke),
                ("stroke-width", fmt(width)),
            ])
    }

    private func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
