/// Deterministic, seeded train/test splits and stratified k-fold partitions.
///
/// The shuffles use SplitMix64 and a Fisher–Yates pass written here, so a seed gives the same split on every
/// platform and Swift version. Stratified means each class is shuffled and dealt round-robin, so every fold
/// (or the test part) holds the same class proportions up to one sample.
public enum DataSplits {
    /// One fold: indices into the dataset, each sorted ascending.
    public struct Fold: Sendable, Equatable {
        /// Rows to train on (0-based, ascending).
        public let train: [Int]
        /// Rows to evaluate on (0-based, ascending), disjoint from ``train``.
        public let test: [Int]
    }

    /// Stratified k-fold: `k` folds whose test parts partition `0..<labels.count`.
    ///
    /// - Parameters:
    ///   - labels: 0/1 labels.
    ///   - k: number of folds, 2 ≤ k ≤ the size of the smaller class.
    ///   - seed: any value; equal seeds give equal folds.
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for k out of range or labels other than 0/1.
    public static func stratifiedKFold(labels: [Double], k: Int, seed: UInt64) throws(HEMLError) -> [Fold] {
        guard labels.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw .invalidArgument("labels must be 0 or 1") }
        let positives = labels.indices.filter { labels[$0] == 1 }, negatives = labels.indices.filter { labels[$0] == 0 }
        guard k >= 2, k <= min(positives.count, negatives.count) else {
            throw .invalidArgument("k must lie between 2 and the size of the smaller class")
        }
        var generator = SplitMix64(seed: seed)
        var assignment = [Int](repeating: 0, count: labels.count)
        var next = 0
        for group in [negatives, positives] {
            for index in shuffled(group, &generator) {
                assignment[index] = next % k
                next += 1
            }
        }
        return (0..<k).map { fold in
            Fold(
                train: labels.indices.filter { assignment[$0] != fold },
                test: labels.indices.filter { assignment[$0] == fold })
        }
    }

    /// A stratified train/test split with `round(testFraction · n_c)` test rows from each class c.
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` unless 0 < testFraction < 1, labels are 0/1 and both parts
    ///   get at least one row of each class.
    public static func trainTestSplit(labels: [Double], testFraction: Double, seed: UInt64) throws(HEMLError) -> Fold {
        guard testFraction > 0, testFraction < 1 else {
            throw .invalidArgument("test fraction must lie strictly between 0 and 1")
        }
        guard labels.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw .invalidArgument("labels must be 0 or 1") }
        var generator = SplitMix64(seed: seed)
        var train = [Int](), test = [Int]()
        for label in [0.0, 1.0] {
            let group = shuffled(labels.indices.filter { labels[$0] == label }, &generator)
            let count = Int((testFraction * Double(group.count)).rounded())
            guard count >= 1, count < group.count else {
                throw .invalidArgument("test fraction leaves a class empty in the train or test part")
            }
            test += group.prefix(count)
            train += group.dropFirst(count)
        }
        return Fold(train: train.sorted(), test: test.sorted())
    }

    static func shuffled(_ values: [Int], _ generator: inout SplitMix64) -> [Int] {
        var result = values
        guard result.count > 1 else { return result }
        for i in stride(from: result.count - 1, to: 0, by: -1) {
            let j = Int(generator.next(below: UInt64(i + 1)))
            result.swapAt(i, j)
        }
        return result
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a small deterministic generator for shuffles. Not for secrets.
package struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound (bound > 0), by rejection (no modulo bias).
    mutating func next(below bound: UInt64) -> UInt64 {
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let value = next()
            if value < limit { return value % bound }
        }
    }
}
