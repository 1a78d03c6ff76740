import Foundation

/// The converged reference fit: Newton's method (iteratively reweighted least squares) on the mean log-likelihood
/// with the exact sigmoid, in Float64 on plaintext.
///
/// Each step solves (H + λI) δ = g with g = (1/n) Σ σ(−zᵢᵀβ) zᵢ and H = (1/n) Σ σ(zᵢᵀβ)(1 − σ(zᵢᵀβ)) zᵢzᵢᵀ
/// (Cholesky), then β ← β + δ. The tiny ridge λ keeps the system solvable when columns are collinear (one-hot
/// groups with the intercept); it moves the optimum by far less than the AUC resolution. Inputs are scaled
/// features; outputs are in the same scaled units (intercept first), like ``PlainLogisticRegression``.
public enum IRLS {
    /// A converged fit.
    public struct Fit: Sendable, Equatable {
        /// β: intercept first, then one weight per feature (scaled units).
        public let coefficients: [Double]
        /// Newton steps taken.
        public let iterations: Int
        /// Mean log-likelihood (1/n) Σ log σ(zᵢᵀβ) at β (≤ 0).
        public let meanLogLikelihood: Double
        /// Euclidean norm of the mean gradient at β.
        public let gradientNorm: Double

        /// The fit as a model (scaled units).
        public var linearModel: LinearModel { try! LinearModel(coefficients: coefficients) }
    }

    /// Ridge λ added to the mean Hessian's diagonal.
    public static let ridge = 1e-8

    /// Fits until the gradient's norm is below `tolerance` or `maxIterations` steps were taken.
    ///
    /// - Parameters:
    ///   - scaled: labelled rows with scaled features.
    ///   - maxIterations: 1 … 1000 (default 100; the shipped data converge in under 10).
    ///   - tolerance: positive (default 1e-9; Float64 sums over the rows stop near 1e-15 per row).
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for arguments out of range; ``HEMLError/numericalFailure(_:)``
    ///   when the Hessian is not positive definite even with the ridge, or the fit becomes non-finite (separable
    ///   data).
    public static func fit(_ scaled: Dataset, maxIterations: Int = 100, tolerance: Double = 1e-9)
        throws(HEMLError) -> Fit
    {
        guard (1...1000).contains(maxIterations) else { throw .invalidArgument("IRLS iterations must be 1 … 1000") }
        guard tolerance.isFinite, tolerance > 0 else { throw .invalidArgument("IRLS tolerance must be positive") }
        let objective = LogisticObjective(scaled)
        let width = objective.width
        var beta = [Double](repeating: 0, count: width)
        var steps = 0
        var gradient = objective.gradient(at: beta)
        while steps < maxIterations, norm(gradient) >= tolerance {
            steps += 1
            var hessian = objective.hessian(at: beta)
            for k in 0..<width { hessian[k * width + k] += ridge }
            guard let delta = choleskySolve(hessian, gradient, size: width) else {
                throw .numericalFailure("IRLS: the Hessian is not positive definite")
            }
            for k in 0..<width { beta[k] += delta[k] }
            guard beta.allSatisfy(\.isFinite) else { throw .numericalFailure("IRLS diverged (separable data?)") }
            gradient = objective.gradient(at: beta)
        }
        return Fit(
            coefficients: beta, iterations: steps, meanLogLikelihood: objective.meanLogLikelihood(at: beta),
            gradientNorm: norm(gradient))
    }

    static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// Solves A x = b for symmetric positive definite A (row-major, size × size); nil if A is not.
    static func choleskySolve(_ a: [Double], _ b: [Double], size n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
            y[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { y[i] -= l[k * n + i] * y[k] }
            y[i] /= l[i * n + i]
        }
        return y
    }
}
