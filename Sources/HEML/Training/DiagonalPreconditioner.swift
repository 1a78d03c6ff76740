/// Bonte and Vercauteren's simplified fixed Hessian, diagonal form, folded into the feature scaling.
///
/// For the mean log-likelihood the Hessian is bounded below (in the Loewner order) by −(1/4n) ZᵀZ, and by
/// diagonal dominance that by −H̃ with H̃ = diag(h₀, …, h_d), h_k = (1/4n) Σ_j |Σ_i z_ik z_ij|. A gradient step
/// preconditioned by H̃⁻¹ is then a majorize–minimize step; with zᵢ = yᵢ(1, xᵢ) the products z_ik z_ij do not
/// depend on the labels, so only the features are used.
///
/// Encrypted training takes the preconditioned step without spending a level: the data owner multiplies scaled
/// feature k by m_k = √(h₀ / h_k) before encrypting (``FeatureScaling/multipliers``). Gradient ascent with step c
/// in these units is gradient ascent on the original scaled units with step c·h₀/h_k for weight k (and c for the
/// intercept, whose column yᵢ is not rescaled), that is, H̃⁻¹-preconditioning with the overall factor h₀ folded
/// into the step constant. A model trained this way maps back to plain scaled units as w_k·m_k.
public enum DiagonalPreconditioner {
    /// Bound on the multipliers it returns: each lies in [2^−10, 2^10]. A column beyond it (nearly all zero after
    /// scaling) is held at the bound so no scaled value grows without limit.
    public static let maximumMultiplier = 1024.0

    /// The diagonal h₀ … h_d of H̃ for features already scaled (intercept first).
    public static func diagonal(_ scaled: Dataset) -> [Double] {
        diagonal(gram: gram(scaled), rowCount: scaled.rowCount)
    }

    /// The upper triangle of ZᵀZ for the rows (1, x) of features already scaled, row by row: entry (a, b), a ≤ b,
    /// of the (d + 1) × (d + 1) matrix at a·(d + 1) + b (the lower triangle is 0). Additive over rows, so several
    /// owners' matrices sum to the union's.
    public static func gram(_ scaled: Dataset) -> [Double] {
        let n = scaled.rowCount, d = scaled.featureCount, width = d + 1
        var gram = [Double](repeating: 0, count: width * width)
        var row = [Double](repeating: 1, count: width)
        for i in 0..<n {
            for j in 0..<d { row[j + 1] = scaled.features[i * d + j] }
            for a in 0..<width where row[a] != 0 {
                for b in a..<width { gram[a * width + b] += row[a] * row[b] }
            }
        }
        return gram
    }

    /// The diagonal h_k = (1/4n) Σ_j |G_kj| from the upper triangle of the Gram matrix G of n rows (as ``gram(_:)``
    /// lays it out).
    ///
    /// - Precondition: `gram.count` is a square (d + 1)², `rowCount` > 0.
    public static func diagonal(gram: [Double], rowCount n: Int) -> [Double] {
        let width = Int(Double(gram.count).squareRoot().rounded())
        precondition(width * width == gram.count && n > 0, "a square Gram matrix of at least one row")
        return (0..<width).map { k in
            var sum = 0.0
            for j in 0..<width { sum += abs(k <= j ? gram[k * width + j] : gram[j * width + k]) }
            return sum / (4 * Double(n))
        }
    }

    /// m_k = √(h₀ / h_k) for k = 1 … d, clamped to [1/``maximumMultiplier``, ``maximumMultiplier``]
    /// (h_k = 0, an all-zero column, gets the upper bound).
    public static func multipliers(_ scaled: Dataset) -> [Double] { multipliers(diagonal: diagonal(scaled)) }

    /// m_k = √(h₀ / h_k), clamped as ``multipliers(_:)``, from the diagonal h₀ … h_d.
    public static func multipliers(diagonal h: [Double]) -> [Double] {
        h.dropFirst().map { hk in
            hk > 0 ? min(max((h[0] / hk).squareRoot(), 1 / maximumMultiplier), maximumMultiplier) : maximumMultiplier
        }
    }
}
