/// The receiver operating characteristic of scores against 0/1 labels: (false-positive rate, true-positive rate)
/// at every threshold, from (0, 0) to (1, 1). Tied scores make one step, so the area under the points is the AUC
/// that ``HEML/Metrics/auc(scores:labels:)`` computes.
struct ROCCurve: Sendable {
    /// The curve's corners, in order of decreasing threshold.
    let points: [(x: Double, y: Double)]

    /// - Precondition: `scores` and `labels` have the same count.
    init(scores: [Double], labels: [Double]) {
        precondition(scores.count == labels.count, "one score per label")
        let positives = Double(labels.filter { $0 == 1 }.count), negatives = Double(labels.count) - positives
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var points: [(x: Double, y: Double)] = [(0, 0)]
        var truePositives = 0.0, falsePositives = 0.0
        var index = 0
        while index < order.count {
            let threshold = scores[order[index]]
            while index < order.count, scores[order[index]] == threshold {
                if labels[order[index]] == 1 { truePositives += 1 } else { falsePositives += 1 }
                index += 1
            }
            points.append(
                (negatives > 0 ? falsePositives / negatives : 0, positives > 0 ? truePositives / positives : 0))
        }
        self.points = points
    }

    /// The trapezoidal area under the points.
    var area: Double {
        zip(points, points.dropFirst()).reduce(0) { $0 + ($1.1.x - $1.0.x) * ($1.1.y + $1.0.y) / 2 }
    }
}
