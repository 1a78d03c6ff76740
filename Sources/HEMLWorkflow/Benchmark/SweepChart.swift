/// A sweep as an SVG chart: training time against the encrypted model's AUC, one point per set (labelled), the
/// Pareto front (no other set both faster and more accurate) joined by a line and filled.
package enum SweepChart {
    /// A standalone SVG document.
    package static func svg(_ results: [SweepResult], title: String) -> String {
        let point = { (r: SweepResult) in (x: r.trainSeconds, y: r.encryptedAUC) }
        let front = results.filter(\.pareto).sorted { $0.trainSeconds < $1.trainSeconds }
        let others = results.filter { !$0.pareto }
        let chart = Chart(
            title: title, xLabel: "training time on ciphertexts (s)", yLabel: "AUC of the encrypted model",
            series: [
                Chart.Series(
                    name: "Pareto front", points: front.map(point),
                    style: .lineAndPoints, color: Chart.palette[1], pointLabels: front.map(\.set.name)),
                Chart.Series(
                    name: "other sets (beaten by one on the front)", points: others.map(point),
                    style: .hollowPoints, color: Chart.palette[0],
                    pointLabels: others.map(\.set.name), labelsBelow: true),
            ], width: 720, height: 460)
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + chart.svg.rendered + "\n"
    }
}
