import Foundation
import FoundationXML
import HEML
import Testing

@testable import HEMLWorkflow

/// The pieces reports and the sweep chart are drawn with: escaping, axes, ROC curves, the Pareto front, charts.
@Suite struct ReportPrimitiveTests {
    @Test func markupEscapesTextAndAttributes() {
        let hostile = "<script>alert('x')</script> & \"q\"\u{1}"
        let element = Markup.element("td", [("title", hostile)], text: hostile)
        #expect(
            element.rendered
                == "<td title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\u{FFFD}\">"
                + "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\u{FFFD}</td>")
        #expect(Markup.element("meta", [("charset", "utf-8")]).rendered == "<meta charset=\"utf-8\"/>")
    }

    @Test func axisTicksAreRoundAndCoverTheData() {
        let scale = AxisScale(covering: [0.62, 0.81], pixels: 0...100)
        let expected = [0.6, 0.65, 0.7, 0.75, 0.8, 0.85]
        #expect(scale.ticks.count == expected.count)
        #expect(zip(scale.ticks, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "ticks \(scale.ticks)")
        #expect(scale.label(scale.ticks[1]) == "0.65" && scale.label(0) == "0")
        #expect(scale.position(scale.domain.lowerBound) == 0 && scale.position(scale.domain.upperBound) == 100)
        let reversed = AxisScale(covering: [0, 1], pixels: 10...110, reversed: true)
        #expect(reversed.position(0) == 110 && reversed.position(1) == 10)
        #expect(AxisScale.step(span: 1, count: 5) == 0.2 && AxisScale.step(span: 700, count: 5) == 200)
    }

    @Test func rocAreaIsTheAUC() throws {
        var state: UInt64 = 5
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let labels = (0..<400).map { _ in uniform() < 0.3 ? 1.0 : 0.0 }
        // Rounded scores make ties, which must form one step.
        let scores = labels.map { (($0 + uniform() * 2) * 8).rounded() / 8 }
        let curve = ROCCurve(scores: scores, labels: labels)
        let auc = try Metrics.auc(scores: scores, labels: labels)
        #expect(abs(curve.area - auc) < 1e-12, "area \(curve.area) against AUC \(auc)")
        #expect(curve.points.first! == (0, 0) && curve.points.last! == (1, 1))
        #expect(zip(curve.points, curve.points.dropFirst()).allSatisfy { $0.x <= $1.x && $0.y <= $1.y })
    }

    @Test func paretoFrontKeepsOnlyUnbeatenPoints() {
        let cost = [1.0, 2, 3, 4, 2.5, .nan]
        let value = [0.70, 0.80, 0.79, 0.82, 0.80, 0.99]
        #expect(ParetoFront.indices(cost: cost, value: value) == [0, 1, 3])
        #expect(ParetoFront.indices(cost: [1, 1], value: [0.5, 0.5]) == [0, 1], "ties beat nobody")
    }

    @Test func chartIsWellFormedSVGWithEverySeries() throws {
        let chart = Chart(
            title: "t <&>", xLabel: "x", yLabel: "y",
            series: [
                Chart.Series(name: "a", points: [(0, 0), (1, 2), (2, 1)], style: .lineAndPoints, color: "#000"),
                Chart.Series(
                    name: "<b>", points: [(0.5, 1)], style: .hollowPoints, color: "#111", pointLabels: ["p<1>"]),
            ], markers: [Chart.Marker(x: 1, label: "24", emphasized: false)])
        let document = try XMLDocument(xmlString: chart.svg.rendered, options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        let series = try root.nodes(forXPath: "//*[local-name()='g'][@class='series']") as! [XMLElement]
        #expect(series.map { attribute($0, "data-name") } == ["a", "<b>"])
        #expect(try root.nodes(forXPath: "//*[local-name()='polyline']").count == 1)
        #expect(
            try root.nodes(forXPath: "//*[local-name()='circle']").count == 3 + 1 + 1,
            "the points of both series and the hollow series' legend swatch")
        let texts = try root.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
        #expect(texts.contains("p<1>") && texts.contains("24") && texts.contains("t <&>"))
    }
}
