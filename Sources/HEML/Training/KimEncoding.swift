/// Kim et al.'s sample encoding: zᵢ = yᵢ · (1, xᵢ) with yᵢ ∈ {−1, +1}.
///
/// Folding the label and the intercept into one vector makes the log-likelihood gradient (1/n) Σ σ(−zᵢᵀβ) zᵢ, so
/// the encrypted trainer needs no separate label ciphertext. Label 1 becomes y = +1, label 0 becomes y = −1.
public enum KimEncoding {
    /// The n × (d + 1) matrix Z, row-major: `z[i * (d + 1)] = yᵢ`, `z[i * (d + 1) + 1 + j] = yᵢ · x[i, j]`.
    /// Pass scaled features (every entry then lies in [−1, 1]).
    public static func zMatrix(_ dataset: Dataset) -> [Double] {
        let d = dataset.featureCount, width = d + 1
        var z = [Double](repeating: 0, count: dataset.rowCount * width)
        for i in 0..<dataset.rowCount {
            let y = dataset.labels[i] == 1 ? 1.0 : -1.0
            z[i * width] = y
            for j in 0..<d { z[i * width + 1 + j] = y * dataset.features[i * d + j] }
        }
        return z
    }
}
