import CKKS
import Foundation

/// Where encrypted training bootstraps, and what each bootstrap costs.
///
/// What is bootstrapped: only the weights (Han, Song, Cheon and Park 2019 bootstrap only the weights; the data
/// never needs more levels than the top). The ciphertext of feature block k holds weights k·B ..< (k+1)·B repeated
/// in every row (``SlotLayout``), so its N/2 slots have period B: it is a polynomial in X^(N/(2n)) for n =
/// max(2, B) and bootstraps directly with n slots, with no packing and no level spent on masks; the trace in
/// CoeffToSlot averages the replicated copies, which removes part of the noise. A bootstrap event refreshes the C
/// weight ciphertexts w_t and, from the second iteration on, the C ciphertexts of w_(t−1) the Nesterov step needs.
///
/// Where: iteration 0 leaves the weights one level below the data; each later iteration needs
/// ``TrainingPlan/levelsPerIteration`` levels (the last also the reserved levels). A bootstrap runs right before
/// the first iteration that would not fit, and restores the weights to ``outputLevel``. The data stays at
/// ``BootstrapConfiguration/dataLevel``, which must then be above ``outputLevel`` (each iteration multiplies the
/// data by constants down to the weights' level).
///
/// Scale: a bootstrap keeps its input's scale, and the next iteration expects the canonical scale of its level.
/// Weights with a level left are first multiplied by 1 down to level 0, landing on the output level's scale (that
/// level would go unused); weights already at level 0 take the multiplication after the bootstrap, which costs one
/// of the restored levels.
public struct BootstrapSchedule: Sendable, Equatable {
    /// The parameter set and the bootstrapper's budgets and modular reduction.
    public let configuration: BootstrapConfiguration
    /// n, the bootstrapper's slot count: max(2, B) for block width B.
    public let slots: Int
    /// Levels one bootstrap consumes from the top of the chain.
    public let depth: Int
    /// Completed iterations after which the weights are bootstrapped: increasing, each in 1 ..< iterations.
    public let positions: [Int]
    /// Weight ciphertexts each bootstrap refreshes (one entry per position): C after the first iteration, 2·C later.
    public let ciphertexts: [Int]
    /// The level iteration t runs at, t = 0 ..< iterations: the data's level for t = 0, then the weights' level
    /// after any bootstrap before t.
    public let iterationLevels: [Int]
    /// Modelled single-thread seconds of one bootstrap of one ciphertext (see ``TrainingPlan/bootstrapSeconds``).
    public let secondsPerCiphertext: Double

    /// The level of bootstrapped weights (one less for weights bootstrapped from level 0).
    public var outputLevel: Int { configuration.parameters.maxLevel - depth }
    /// Bootstrap events.
    public var count: Int { positions.count }
    /// Bootstrapped ciphertexts over the whole run.
    public var totalCiphertexts: Int { ciphertexts.reduce(0, +) }
    /// Modelled single-thread seconds of all bootstraps.
    public var estimatedSeconds: Double { Double(totalCiphertexts) * secondsPerCiphertext }

    /// Places the bootstraps of a run (see the type's documentation).
    ///
    /// - Parameters:
    ///   - iterations: 1 … ``TrainingPlan/maximumIterations``.
    ///   - levelsPerIteration: levels of each iteration after the first (≥ 1).
    ///   - reservedLevels: levels left on the final weights.
    ///   - featureBlocks: C, weight ciphertexts per weight vector.
    /// - Throws: ``HEMLError/planDoesNotFit(reason:maxIterations:)`` when a bootstrap leaves too few levels for one
    ///   iteration, or the chain too few for the first.
    init(
        configuration: BootstrapConfiguration, slots: Int, iterations: Int, levelsPerIteration: Int,
        reservedLevels: Int, featureBlocks: Int, secondsPerCiphertext: Double
    ) throws(HEMLError) {
        self.configuration = configuration
        self.slots = slots
        self.secondsPerCiphertext = secondsPerCiphertext
        depth = configuration.depth(slots: slots)
        let top = configuration.dataLevel, output = configuration.parameters.maxLevel - depth
        guard output >= 1 else {
            throw .planDoesNotFit(
                reason: "the chain has \(configuration.parameters.maxLevel) levels and bootstrapping \(slots) slots "
                    + "needs \(depth)", maxIterations: 0)
        }
        guard top >= 1 + (iterations == 1 ? reservedLevels : 0) else {
            throw .planDoesNotFit(reason: "the data has \(top) levels", maxIterations: 0)
        }
        var positions: [Int] = [], ciphertexts: [Int] = [], levels = [top]
        var level = top - 1
        for t in 1..<max(1, iterations) {
            let need = levelsPerIteration + (t == iterations - 1 ? reservedLevels : 0)
            if level < need {
                level = level == 0 ? output - 1 : output
                guard level >= need else {
                    throw .planDoesNotFit(
                        reason: "a bootstrap leaves \(level) levels; an iteration needs \(levelsPerIteration)"
                            + (need > levelsPerIteration ? " and the model \(reservedLevels) more" : ""),
                        maxIterations: t)
                }
                positions.append(t)
                ciphertexts.append(t == 1 ? featureBlocks : 2 * featureBlocks)
            }
            levels.append(level)
            level -= levelsPerIteration
        }
        if let first = positions.first, top <= output {
            throw .planDoesNotFit(
                reason: "the data at level \(top) must sit above the level a bootstrap restores (\(output))",
                maxIterations: first)
        }
        self.positions = positions
        self.ciphertexts = ciphertexts
        iterationLevels = levels
    }
}
