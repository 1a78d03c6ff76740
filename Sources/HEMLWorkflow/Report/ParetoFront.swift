/// The points no other point beats: none is both at most as costly and at least as good, and strictly better in
/// one of the two (lower cost, higher value), e.g. training time against AUC.
enum ParetoFront {
    /// Indices of the non-dominated points, in order of increasing cost. Non-finite points are never on the front.
    static func indices(cost: [Double], value: [Double]) -> [Int] {
        precondition(cost.count == value.count, "one value per cost")
        let candidates = cost.indices.filter { cost[$0].isFinite && value[$0].isFinite }
        let front = candidates.filter { i in
            !candidates.contains { j in
                cost[j] <= cost[i] && value[j] >= value[i] && (cost[j] < cost[i] || value[j] > value[i])
            }
        }
        return front.sorted { cost[$0] < cost[$1] || (cost[$0] == cost[$1] && $0 < $1) }
    }
}
