import CKKS
import Foundation

/// Where encrypted training bootstraps, and what each bootstrap costs.
///
/// What is bootstrapped: only the weights w_t and, from the second iteration on, w_(t−1), which the Nesterov step
/// needs (Han, Song, Cheon and Park 2019 bootstrap only the weights; the data never needs more levels). The
/// ciphertext of feature block k holds weights k·B ..< (k+1)·B repeated in every row (``SlotLayout``): its N/2
/// slots have period B, so it is a polynomial in X^(N/(2n)) for any n that B divides.
///
/// Packed (when 2F ≤ N/2 for the padded width F = C·B): the 2C ciphertexts are masked into the 2C windows of B
/// slots of one period of 2F slots (block k of w_t in window k, of w_(t−1) in window C + k) and summed, with the
/// mask landing at level 0 on the output level's scale; one bootstrap of n = 2F slots refreshes them all; each is
/// then masked out of its window (one level) and replicated over the period with log2(2C) rotations. Weights
/// w_t at level 0 cannot be masked: their C ciphertexts are bootstrapped on their own (period B divides 2F) and
/// multiplied by 1 to land on the scale, also one level. Either way the weights come back at ``outputLevel`` − 1.
/// Direct (when 2F > N/2): each ciphertext bootstraps on its own with n = max(2, B) slots, landing its scale before
/// the bootstrap (weights at level 0 after it, one level less).
///
/// The trace in CoeffToSlot averages the replicated copies, which removes part of the noise.
///
/// Where: iteration 0 leaves the weights one level below the data; each later iteration needs
/// ``TrainingPlan/levelsPerIteration`` levels (the last also the reserved levels). A bootstrap runs right before
/// the first iteration that would not fit. The data stays at ``BootstrapConfiguration/dataLevel``, which must then
/// be above ``outputLevel`` (each iteration multiplies the data by constants down to the weights' level).
public struct BootstrapSchedule: Sendable, Equatable {
    /// The parameter set and the bootstrapper's budgets and modular reduction.
    public let configuration: BootstrapConfiguration
    /// Whether the weight ciphertexts are packed into one bootstrap (see the type's documentation).
    public let packed: Bool
    /// n, the bootstrapper's slot count: 2F packed, max(2, B) direct.
    public let slots: Int
    /// B, weights per feature block (the period of a weight ciphertext's slots).
    public let blockWidth: Int
    /// C, weight ciphertexts per weight vector.
    public let featureBlocks: Int
    /// Levels one bootstrap consumes from the top of the chain.
    public let depth: Int
    /// Completed iterations after which the weights are bootstrapped: increasing, each in 1 ..< iterations.
    public let positions: [Int]
    /// Bootstraps run at each position.
    public let bootstraps: [Int]
    /// The level iteration t runs at, t = 0 ..< iterations: the data's level for t = 0, then the weights' level
    /// after any bootstrap before t.
    public let iterationLevels: [Int]
    /// Modelled single-thread seconds of one bootstrap (see `TrainingPlan.bootstrapSeconds`), packing included.
    public let secondsPerBootstrap: Double

    /// The level a bootstrap leaves (the weights get one less when packed or from level 0).
    public var outputLevel: Int { configuration.parameters.maxLevel - depth }
    /// Bootstrap events (positions).
    public var count: Int { positions.count }
    /// Bootstraps over the whole run.
    public var totalBootstraps: Int { bootstraps.reduce(0, +) }
    /// Modelled single-thread seconds of all bootstraps.
    public var estimatedSeconds: Double { Double(totalBootstraps) * secondsPerBootstrap }
    /// The rotations of unpacking: an inner sum over the 2C windows of B slots (none when direct).
    public var unpackingSteps: Set<Int> {
        packed ? Evaluator.innerSumSteps(batch: blockWidth, count: 2 * featureBlocks) : []
    }

    /// Places the bootstraps of a run (see the type's documentation).
    ///
    /// - Parameters:
    ///   - layout: the plan's layout, on the configuration's slot count.
    ///   - iterations: 1 … ``TrainingPlan/maximumIterations``.
    ///   - levelsPerIteration: levels of each iteration after the first (≥ 1).
    ///   - reservedLevels: levels left on the final weights.
    /// - Throws: ``HEMLError/planDoesNotFit(reason:maxIterations:)`` when a bootstrap leaves too few levels for one
    ///   iteration, or the chain too few for the first.
    init(
        configuration: BootstrapConfiguration, layout: SlotLayout, iterations: Int, levelsPerIteration: Int,
        reservedLevels: Int
    ) throws(HEMLError) {
        self.configuration = configuration
        blockWidth = layout.blockWidth
        featureBlocks = layout.featureBlocks
        packed = 2 * layout.paddedWidth <= layout.slotCount
        slots = packed ? 2 * layout.paddedWidth : max(2, layout.blockWidth)
        depth = configuration.depth(slots: slots)
        secondsPerBootstrap = TrainingPlan.bootstrapSeconds(
            configuration: configuration, slots: slots,
            unpackingRotations: packed ? 2 * featureBlocks * (2 * featureBlocks).trailingZeroBitCount : 0)
        let top = configuration.dataLevel, output = configuration.parameters.maxLevel - depth
        guard output >= 1 else {
            throw .planDoesNotFit(
                reason: "the chain has \(configuration.parameters.maxLevel) levels and bootstrapping \(slots) slots "
                    + "needs \(depth)", maxIterations: 0)
        }
        guard top >= 1 + (iterations == 1 ? reservedLevels : 0) else {
            throw .planDoesNotFit(reason: "the data has \(top) levels", maxIterations: 0)
        }
        var positions: [Int] = [], bootstraps: [Int] = [], levels = [top]
        var level = top - 1
        for t in 1..<max(1, iterations) {
            let need = levelsPerIteration + (t == iterations - 1 ? reservedLevels : 0)
            if level < need {
                let previous = t > 1 ? featureBlocks : 0
                if packed {
                    bootstraps.append(level == 0 ? featureBlocks + (previous > 0 ? 1 : 0) : 1)
                } else {
                    bootstraps.append(featureBlocks + previous)
                }
                level = packed || level == 0 ? output - 1 : output
                guard level >= need else {
                    throw .planDoesNotFit(
                        reason: "a bootstrap leaves the weights \(level) levels; an iteration needs "
                            + "\(levelsPerIteration)"
                            + (need > levelsPerIteration ? " and the model \(reservedLevels) more" : ""),
                        maxIterations: t)
                }
                positions.append(t)
            }
            levels.append(level)
            level -= levelsPerIteration
        }
        let restored = packed ? output - 1 : output
        if let first = positions.first, top <= restored {
            throw .planDoesNotFit(
                reason: "the data at level \(top) must sit above the level bootstraps restore the weights to "
                    + "(\(restored))", maxIterations: first)
        }
        self.positions = positions
        self.bootstraps = bootstraps
        iterationLevels = levels
    }
}
