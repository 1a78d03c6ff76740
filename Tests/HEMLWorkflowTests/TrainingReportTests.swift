import Foundation
import FoundationXML
import HEML
import Testing

@testable import HEMLWorkflow

/// `AllInOne.train(…, report:)`: the HTML report as a reader gets it (the rendering is checked by
/// scripts/report-screenshot.sh with headless Chromium).
@Suite struct TrainingReportTests {
    /// A CSV whose first column is named like an attack.
    static let hostileName = "<script>alert('x')</script>&co"

    static func hostileCSV() -> String {
        let text = tinyCSV(rows: 60)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return "\"\(hostileName)\"" + lines[0].dropFirst("age".count) + "\n" + lines.dropFirst().joined(separator: "\n")
    }

    @Test func theReportIsWellFormedAndHoldsEveryCurve() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("data.csv", Self.hostileCSV())
        let run = try AllInOne.train(
            csv: scratch["data.csv"], test: nil, modelOut: nil, report: scratch["report.html"], read: readOptions,
            scaling: .default, plan: PlanRequest(iterations: 3, insecureLogDegree: 12))
        #expect(try scratch.contents() == ["data.csv", "report.html"], "no temporary file left behind")
        let html = String(decoding: try scratch.bytes("report.html"), as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"), "no script at all, and the hostile feature name is escaped")
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;co"))
        let namespaces = html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1
        #expect(html.components(separatedBy: "://").count - 1 == namespaces, "no address but the SVG namespace")
        #expect(!html.contains("src=") && !html.contains("href="), "nothing fetched")

        let document = try XMLDocument(xmlString: html, options: [])
        let root = try #require(document.rootElement())
        func nodes(_ path: String) throws -> [XMLNode] { try root.nodes(forXPath: path) }
        #expect(
            try nodes("//h2").compactMap(\.stringValue)
                == ["Plan", "Models", "Timings", "ROC curves", "Training curve", "Weights"])
        #expect(try nodes("//*[local-name()='svg']").count == 4, "ROC, log-likelihood, gradient norm, weights")
        let rocSeries = try nodes("(//*[local-name()='svg'])[1]//*[local-name()='g'][@class='series']")
        #expect(rocSeries.count == 4, "three models and the chance diagonal")
        // The ROC curve of the encrypted model is drawn from the training rows' scores.
        let encrypted = try #require(rocSeries.first as? XMLElement)
        let polyline = try #require(try encrypted.nodes(forXPath: "*[local-name()='polyline']").first as? XMLElement)
        let expected = ROCCurve(
            scores: try LinearModel(coefficients: run.comparison.encrypted).logits(for: run.data.scaled),
            labels: run.data.scaled.labels)
        let points = try #require(attribute(polyline, "points"))
        #expect(points.split(separator: " ").count == expected.points.count)
        // The training curve: one point per iteration for both twins, and the levels left after each.
        let likelihood = try nodes("(//*[local-name()='svg'])[2]//*[local-name()='g'][@class='series']")
        #expect(likelihood.count == 2)
        for series in likelihood {
            #expect(try series.nodes(forXPath: "*[local-name()='circle']").count == 3)
        }
        let levels = try nodes("(//*[local-name()='svg'])[2]//*[local-name()='g'][@class='marker']")
            .compactMap(\.stringValue)
        let top = run.plan.parameters.maxLevel, step = run.plan.levelsPerIteration
        #expect(levels == [top - 1, top - 1 - step, top - 1 - 2 * step].map(String.init))
        // Weights side by side: intercept and three features, three models.
        let weightRows = try nodes("(//table)[last()]//tr")
        #expect(weightRows.count == 1 + 4)
        #expect(weightRows[1].child(at: 0)?.stringValue == "(intercept)")
        #expect(weightRows[2].child(at: 0)?.stringValue == Self.hostileName)
        let timingPhases = try nodes("(//table)[3]//tr/td[1]").compactMap(\.stringValue)
        #expect(timingPhases == ["read", "keygen", "encrypt", "train", "decrypt", "twins", "total"])
    }

    @Test func aBadReportPathFailsBeforeAnyWork() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("data.csv", tinyCSV(rows: 30))
        #expect(throws: WorkflowError.self) {
            try AllInOne.train(
                csv: scratch["data.csv"], test: nil, modelOut: nil, report: scratch["missing/report.html"],
                read: readOptions, scaling: .default, plan: PlanRequest(iterations: 2, insecureLogDegree: 12))
        }
        #expect(try scratch.contents() == ["data.csv"])
    }

    @Test func theCurveCountsLevelsDownFromTheTop() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("data.csv", tinyCSV(rows: 40))
        let run = try AllInOne.train(
            csv: scratch["data.csv"], test: nil, modelOut: nil, read: readOptions, scaling: .default,
            plan: PlanRequest(iterations: 4, degree: 5, insecureLogDegree: 12))
        let curve = TrainingCurve(name: "twin", twin: run.comparison.polynomialTwin, plan: run.plan)
        #expect(curve.points.map(\.iteration) == [1, 2, 3, 4])
        #expect(curve.points.last!.levelsLeft == run.plan.parameters.maxLevel - run.plan.levelsNeeded)
        #expect(curve.points.allSatisfy { !$0.bootstrapped && $0.meanLogLikelihood < 0 && $0.gradientNorm > 0 })
        let history = run.comparison.polynomialTwin.history
        #expect(curve.points.map(\.gradientNorm) == history.map(\.gradientNorm))
    }
}
