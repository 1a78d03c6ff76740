import Foundation
import HEML

extension TrainingReport {
    /// The report as one HTML page: plan, scores, timings, ROC curves, training curves, weights.
    var html: String {
        let summary = plan.parameterSummary
        var body: [Markup] = [
            .element("h1", text: "Encrypted logistic regression"),
            .element(
                "p", [("class", "subtitle")],
                text: "\(dataSummary). \(plan.iterations) iterations, \(plan.sigmoid.name) sigmoid, N = 2^"
                    + "\(summary.logDegree). Generated \(generated) by heml \(HEMLVersion.string)."),
        ]
        if !summary.isSecure {
            body.append(
                .element("p", [("class", "warning")], text: "Insecure test ring: these parameters give NO security."))
        }
        body += [
            .element("h2", text: "Plan"), planTable,
            .element("h2", text: "Models"), scoreTable,
            .element("h2", text: "Timings"), timingTable,
            .element("h2", text: "ROC curves"), rocCharts,
            .element("h2", text: "Training curve"), curveCharts,
            .element("h2", text: "Weights"), weightSection,
        ]
        return HTMLPage.render(title: "heml training report: \(dataSummary)", body: body)
    }

    private var planTable: Markup {
        let p = plan.parameterSummary, layout = plan.layout
        let rows: [(String, String)] = [
            ("rows × features", "\(layout.rowCount) × \(layout.width - 1) (+ intercept)"),
            (
                "ciphertexts", "\(layout.ciphertextCount) of \(layout.rowsPerBlock) rows × \(layout.blockWidth) columns"
            ),
            ("iterations", "\(plan.iterations) (Nesterov, learning rate \(plan.learningRate))"),
            (
                "sigmoid",
                "\(plan.sigmoid.name): degree \(plan.sigmoid.degree) on [−\(number(plan.sigmoid.radius)), "
                    + "\(number(plan.sigmoid.radius))]"
            ),
            ("ring", "N = 2^\(p.logDegree), log QP = \(p.logQP) bits, scale 2^\(p.scaleBits)"),
            ("security", p.isSecure ? "\(p.securityBits) bits" : "none (test ring)"),
            (
                "levels",
                "\(p.levels) (\(plan.levelsNeeded) used: 1 + \(plan.levelsPerIteration) per iteration after the first)"
            ),
            ("key switching", "\(p.specialPrimes) special primes, \(p.digits) digits"),
            ("keys", "relinearization + \(plan.rotationSteps.count) rotations"),
        ]
        return table(header: [], rows: rows.map { [.text($0.0), .text($0.1)] }, numeric: [])
    }

    private var scoreTable: Markup {
        var header = ["model", "train AUC", "train accuracy"]
        if comparison.test != nil { header += ["test AUC", "test accuracy"] }
        let rows = ModelComparison.Model.allCases.enumerated().map { index, model in
            var cells = [
                model.label, fixed(comparison.training[index].auc), fixed(comparison.training[index].accuracy),
            ]
            if let test = comparison.test { cells += [fixed(test[index].auc), fixed(test[index].accuracy)] }
            return cells.map(Markup.text)
        }
        return .sequence([
            table(header: header, rows: rows, numeric: Set(1..<header.count)),
            .element(
                "p", [("class", "note")],
                text: "Largest |encrypted − polynomial twin| weight difference: "
                    + String(format: "%.2e", comparison.maxWeightDifference) + " (scaled units)."),
        ])
    }

    private var rocCharts: Markup {
        func chart(_ curves: [ROCCurve], _ title: String) -> Markup {
            let series = zip(ModelComparison.Model.allCases, curves).enumerated().map { index, pair in
                Chart.Series(
                    name: "\(pair.0.label) (AUC \(fixed(pair.1.area)))", points: pair.1.points,
                    style: index == 0 ? .line : .dashedLine, color: Chart.palette[index])
            }
            let diagonal = Chart.Series(
                name: "chance", points: [(0, 0), (1, 1)], style: .dashedLine, color: "#bbbbbb")
            return Chart(
                title: title, xLabel: "false-positive rate", yLabel: "true-positive rate",
                series: series + [diagonal], xInclude: 0...1, yInclude: 0...1, width: 460, height: 440
            ).svg
        }
        var charts = [chart(trainingROC, "ROC on the training rows")]
        if let testROC { charts.append(chart(testROC, "ROC on the test rows")) }
        return .element("div", [("class", "charts")], charts)
    }

    private var curveCharts: Markup {
        let first = curves[0].points
        let markers = first.map { point in
            Chart.Marker(
                x: Double(point.iteration),
                label: point.bootstrapped ? "BTS \(point.levelsLeft)" : "\(point.levelsLeft)",
                emphasized: point.bootstrapped)
        }
        func chart(_ title: String, _ yLabel: String, _ value: (TrainingCurve.Point) -> Double) -> Markup {
            Chart(
                title: title, xLabel: "iteration", yLabel: yLabel,
                series: curves.enumerated().map { index, curve in
                    Chart.Series(
                        name: curve.name, points: curve.points.map { (Double($0.iteration), value($0)) },
                        style: .lineAndPoints, color: Chart.palette[index + 1])
                }, markers: markers, markerCaption: "levels left", integerX: true
            ).svg
        }
        return .sequence([
            .element(
                "div", [("class", "charts")],
                [
                    chart("Mean log-likelihood", "mean log-likelihood", \.meanLogLikelihood),
                    chart("Gradient norm", "‖gradient‖", \.gradientNorm),
                ]),
            .element(
                "p", [("class", "note")],
                text: "Computed from the plaintext twins, which run the encrypted algorithm step for step. The numbers "
                    + "above each plot are the levels the encrypted weights have left after that iteration; a "
                    + "bootstrap is drawn as a red dashed line marked BTS."),
        ])
    }

    private var weightSection: Markup {
        let names = ["(intercept)"] + featureNames
        let models = [comparison.encrypted, comparison.polynomialTwin.coefficients, comparison.exactTwin.coefficients]
        // The encrypted model as small dots over the twins' circles: where they agree, the dot sits in the circle.
        let series = zip(ModelComparison.Model.allCases, models).enumerated().reversed().map { index, pair in
            Chart.Series(
                name: pair.0.label, points: pair.1.enumerated().map { (Double($0.offset), $0.element) },
                style: index == 0 ? .points : .hollowPoints, color: Chart.palette[index], radius: [2.5, 4, 6][index])
        }
        let chart = Chart(
            title: "Weights (scaled units), intercept at 0", xLabel: "coefficient (0 = intercept, then features)",
            yLabel: "weight", series: series, width: 1100, height: 380
        ).svg
        let rows = names.indices.map { i in
            [
                names[i], exponent(models[0][i]), exponent(models[1][i]), exponent(models[2][i]),
                exponent(abs(models[0][i] - models[1][i])),
            ].map(Markup.text)
        }
        let header = ["coefficient", "encrypted", "polynomial twin", "exact twin", "|encrypted − polynomial twin|"]
        return .sequence([
            chart,
            .element("div", [("class", "scroll")], [table(header: header, rows: rows, numeric: [1, 2, 3, 4])]),
        ])
    }

    private var timingTable: Markup {
        let total = timings.first { $0.0 == "total" }?.1 ?? timings.reduce(0) { $0 + $1.1 }
        let rows = timings.map { phase, seconds in
            [phase, String(format: "%.3f", seconds), total > 0 ? String(format: "%.1f %%", 100 * seconds / total) : ""]
                .map(Markup.text)
        }
        return table(header: ["phase", "seconds", "share of total"], rows: rows, numeric: [1, 2])
    }

    private func table(header: [String], rows: [[Markup]], numeric: Set<Int>) -> Markup {
        let head: [Markup] = header.isEmpty ? [] : [.element("tr", [], header.map { .element("th", text: $0) })]
        let body = rows.map { cells in
            Markup.element(
                "tr", [],
                cells.enumerated().map { index, cell in
                    .element("td", numeric.contains(index) ? [("class", "number")] : [], [cell])
                })
        }
        return .element("table", [], head + body)
    }

    private func fixed(_ value: Double) -> String { String(format: "%.4f", value) }
    private func exponent(_ value: Double) -> String { String(format: "%.5g", value) }
    private func number(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
}
