import Foundation

/// The step sizes and momentum weights of Kim et al.'s Nesterov accelerated gradient (identical in Han et al.).
///
/// α₀ = 0.01, α_{t+1} = (1 + √(1 + 4α_t²)) / 2, η_t = (1 − α_t) / α_{t+1}, step γ_t = c / (t + 1) + f with learning
/// rate c and step offset f (Kim et al.: f = 0; a positive f keeps a constant part as in Chiang's enhanced NAG, where
/// the step is (1 + decaying term) times a preconditioned gradient). Iteration t (0-based) performs
/// `w_{t+1} = v_t + γ_t · g(v_t)` and `v_{t+1} = (1 − η_t) · w_{t+1} + η_t · w_t`,
/// where g is the mean gradient (1/n) Σ σ(−zᵢᵀv) zᵢ. η₀ ≈ 0.990, η₁ ≈ −0.0001, then η_t decreases towards −1
/// (negative η is ordinary momentum). The encrypted trainer multiplies by the same constants.
public struct NesterovSchedule: Sendable, Equatable {
    /// c in γ_t = c / (t + 1) (positive).
    public let learningRate: Double
    /// α₀ (Kim et al.: 0.01).
    public let initialAlpha: Double
    /// f in γ_t = c / (t + 1) + f (finite, ≥ 0).
    public let stepOffset: Double

    /// - Throws: ``HEMLError/invalidArgument(_:)`` unless the learning rate and α₀ are finite and positive and the
    ///   step offset finite and non-negative.
    public init(
        learningRate: Double = PlainLogisticRegression.defaultLearningRate,
        initialAlpha: Double = 0.01, stepOffset: Double = 0
    ) throws(HEMLError) {
        guard learningRate.isFinite, learningRate > 0 else {
            throw .invalidArgument("learning rate must be finite and positive")
        }
        guard initialAlpha.isFinite, initialAlpha > 0 else {
            throw .invalidArgument("initial alpha must be finite and positive")
        }
        guard stepOffset.isFinite, stepOffset >= 0 else {
            throw .invalidArgument("step offset must be finite and non-negative")
        }
        self.learningRate = learningRate
        self.initialAlpha = initialAlpha
        self.stepOffset = stepOffset
    }

    /// α_t for t ≥ 0 (t < 0 traps).
    public func alpha(_ t: Int) -> Double {
        precondition(t >= 0, "iteration index must be non-negative")
        var a = initialAlpha
        for _ in 0..<t { a = Self.nextAlpha(a) }
        return a
    }

    /// η_t = (1 − α_t) / α_{t+1}, the weight of w_t in v_{t+1}.
    public func eta(_ t: Int) -> Double {
        let a = alpha(t)
        return (1 - a) / Self.nextAlpha(a)
    }

    /// γ_t = c / (t + 1) + f, the step applied to the mean gradient.
    public func step(_ t: Int) -> Double {
        precondition(t >= 0, "iteration index must be non-negative")
        return learningRate / Double(t + 1) + stepOffset
    }

    /// (γ_t, η_t) for t = 0 ..< iterations, computed with the same recurrence order as Kim et al.'s code.
    public func constants(iterations: Int) -> [(step: Double, eta: Double)] {
        var result = [(step: Double, eta: Double)]()
        var a0 = initialAlpha, a1 = Self.nextAlpha(initialAlpha)
        for t in 0..<max(0, iterations) {
            result.append((step(t), (1 - a0) / a1))
            a0 = a1
            a1 = Self.nextAlpha(a0)
        }
        return result
    }

    @inline(__always)
    static func nextAlpha(_ a: Double) -> Double { (1 + (1 + 4 * a * a).squareRoot()) / 2 }
}
