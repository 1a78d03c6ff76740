import Foundation

/// The mean log-likelihood of logistic regression on scaled data, ℓ(β) = (1/n) Σ log σ(zᵢᵀβ) with Kim et al.'s
/// zᵢ = yᵢ·(1, xᵢ), and its gradient and Hessian (exact sigmoid). The owner uses it to say how close a trained
/// model is to the optimum; ``IRLS`` uses it to find the optimum.
public struct LogisticObjective: Sendable {
    /// Z, row-major n × (d + 1) (``KimEncoding/zMatrix(_:)``).
    let z: [Double]
    /// d + 1.
    public let width: Int
    /// n.
    public let rowCount: Int

    /// The objective on `scaled` (features already scaled).
    public init(_ scaled: Dataset) {
        z = KimEncoding.zMatrix(scaled)
        width = scaled.featureCount + 1
        rowCount = scaled.rowCount
    }

    /// ℓ(β) (≤ 0). β has ``width`` entries, intercept first (traps otherwise).
    public func meanLogLikelihood(at beta: [Double]) -> Double {
        precondition(beta.count == width, "one coefficient per column of Z")
        return PlainLogisticRegression.meanLogLikelihood(z: z, width: width, beta: beta)
    }

    /// ∇ℓ(β) = (1/n) Σ σ(−zᵢᵀβ) zᵢ.
    public func gradient(at beta: [Double]) -> [Double] {
        precondition(beta.count == width, "one coefficient per column of Z")
        var g = [Double](repeating: 0, count: width)
        z.withUnsafeBufferPointer { z in
            for i in 0..<rowCount {
                let row = i * width
                var ip = 0.0
                for k in 0..<width { ip += z[row + k] * beta[k] }
                let s = logistic(-ip)
                for k in 0..<width { g[k] += s * z[row + k] }
            }
        }
        return g.map { $0 / Double(rowCount) }
    }

    /// ‖∇ℓ(β)‖₂.
    public func gradientNorm(at beta: [Double]) -> Double {
        IRLS.norm(gradient(at: beta))
    }

    /// −∇²ℓ(β) = (1/n) Σ σ(zᵢᵀβ)(1 − σ(zᵢᵀβ)) zᵢzᵢᵀ, row-major width × width (positive semi-definite).
    func hessian(at beta: [Double]) -> [Double] {
        var h = [Double](repeating: 0, count: width * width)
        z.withUnsafeBufferPointer { z in
            for i in 0..<rowCount {
                let row = i * width
                var ip = 0.0
                for k in 0..<width { ip += z[row + k] * beta[k] }
                let s = logistic(ip), weight = s * (1 - s)
                for a in 0..<width {
                    let za = weight * z[row + a]
                    for b in 0...a { h[a * width + b] += za * z[row + b] }
                }
            }
        }
        for a in 0..<width {
            for b in 0...a {
                h[a * width + b] /= Double(rowCount)
                h[b * width + a] = h[a * width + b]
            }
        }
        return h
    }
}
