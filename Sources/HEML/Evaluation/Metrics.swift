import Foundation

/// Classification metrics for 0/1 labels and scores or probabilities.
public enum Metrics {
    /// Area under the ROC curve, rank-based (Mann–Whitney U), ties given average ranks (a tie between a positive
    /// and a negative counts ½). Any monotone score works (logits or probabilities). Result in [0, 1].
    ///
    /// - Throws: ``HEMLError/dimensionMismatch(what:expected:found:)`` if the counts differ;
    ///   ``HEMLError/invalidArgument(_:)`` if a label is not 0/1, a score is NaN, or one class is absent.
    public static func auc(scores: [Double], labels: [Double]) throws(HEMLError) -> Double {
        try check(scores, labels)
        let positives = labels.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { throw .invalidArgument("AUC needs both classes") }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSumPositive = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let averageRank = Double(start + end) / 2 + 1  // 1-based ranks start+1 … end+1
            for k in start...end where labels[order[k]] == 1 { rankSumPositive += averageRank }
            start = end + 1
        }
        let p = Double(positives), q = Double(negatives)
        return (rankSumPositive - p * (p + 1) / 2) / (p * q)
    }

    /// Fraction of rows where (probability ≥ threshold) equals (label == 1). Result in [0, 1].
    ///
    /// - Throws: as ``auc(scores:labels:)`` (both classes are not required); ``HEMLError/invalidArgument(_:)`` for
    ///   an empty input.
    public static func accuracy(probabilities: [Double], labels: [Double], threshold: Double = 0.5) throws(HEMLError)
        -> Double
    {
        try check(probabilities, labels)
        guard !labels.isEmpty else { throw .invalidArgument("accuracy of an empty set") }
        let correct = zip(probabilities, labels).reduce(0) { $0 + (($1.0 >= threshold) == ($1.1 == 1) ? 1 : 0) }
        return Double(correct) / Double(labels.count)
    }

    /// Mean negative log-likelihood −(1/n) Σ [y log p + (1 − y) log(1 − p)], probabilities clipped to
    /// [1e-15, 1 − 1e-15]. Natural log; ≥ 0; log 2 ≈ 0.693 for p = ½ everywhere.
    ///
    /// - Throws: as ``accuracy(probabilities:labels:threshold:)``; ``HEMLError/invalidArgument(_:)`` if a
    ///   probability lies outside [0, 1].
    public static func logLoss(probabilities: [Double], labels: [Double]) throws(HEMLError) -> Double {
        try check(probabilities, labels)
        guard !labels.isEmpty else { throw .invalidArgument("log-loss of an empty set") }
        guard probabilities.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            throw .invalidArgument("probabilities must lie in [0, 1]")
        }
        let epsilon = 1e-15
        var total = 0.0
        for (p, y) in zip(probabilities, labels) {
            let clipped = min(max(p, epsilon), 1 - epsilon)
            total -= y == 1 ? log(clipped) : log(1 - clipped)
        }
        return total / Double(labels.count)
    }

    private static func check(_ scores: [Double], _ labels: [Double]) throws(HEMLError) {
        guard scores.count == labels.count else {
            throw .dimensionMismatch(what: "scores and labels", expected: labels.count, found: scores.count)
        }
        guard labels.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw .invalidArgument("labels must be 0 or 1") }
        guard !scores.contains(where: \.isNaN) else { throw .invalidArgument("scores must not be NaN") }
    }
}
