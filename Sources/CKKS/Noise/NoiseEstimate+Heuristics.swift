import Foundation
import HERing

/// The average-case CKKS noise model, one function per operation (Costache et al., ePrint 2022/162, §3): noise
/// coefficients are treated as independent with mean 0, so variances add; a product of a polynomial a with a noise
/// polynomial of coefficient variance v has coefficient variance ‖a‖₂²·v; a rounding leaves r_0 + r_1·s with
/// r_0, r_1 uniform on [−½, ½], of variance (1 + h)/12 where h = E‖s‖₂² (2N/3 for a uniform ternary secret,
/// the Hamming weight for a sparse one). Nothing here looks at a key or a ciphertext: the estimate depends on the
/// parameters and on the circuit only.
extension NoiseEstimate {
    /// Rounding Δ·m to integers when encoding: variance 1/12 (a plaintext's noise against its exact values).
    public static func encoding(context: CKKSContext) -> NoiseEstimate {
        NoiseEstimate(variance: 1.0 / 12, degree: context.parameters.degree)
    }

    /// A fresh encryption, including the encoding's rounding.
    ///
    /// - Secret key: the RLWE error, variance σ² with σ = 3.2.
    /// - Public key: (b·u + e_0, a·u + e_1)/P decrypts to (e·u + e_0 + e_1·s)/P plus the rounding term of the
    ///   division by P, variance (1 + h)/12 + (N·σ²·(2/3) + σ² + N·σ²·h/N)/P².
    public static func freshEncryption(context: CKKSContext, publicKey: Bool) -> NoiseEstimate {
        let parameters = context.parameters
        let n = Double(parameters.degree), sigma2 = pow(SmallSampler.gaussianStandardDeviation, 2)
        let variance: Double
        if publicKey {
            let p2 = pow(2, 2 * parameters.logP)
            let beforeDivision = n * sigma2 * 2 / 3 + sigma2 + sigma2 * secretNormSquared(parameters)
            variance = roundingVariance(parameters) + beforeDivision / p2
        } else {
            variance = sigma2
        }
        return NoiseEstimate(variance: variance + encoding(context: context).variance, degree: parameters.degree)
    }

    /// The noise of a product of two ciphertexts (or of a ciphertext and a plaintext, whose estimate is
    /// ``encoding(context:)``), before relinearization and rescaling: (Δ₁m₁ + e₁)(Δ₂m₂ + e₂) − Δ₁m₁Δ₂m₂ has
    /// coefficient variance Δ₁²·ρ₁²·v₂ + Δ₂²·ρ₂²·v₁ + N·v₁·v₂, since ‖Δ·m‖₂² = Δ²·ρ² for slot values of root
    /// mean square ρ (over all N/2 slots).
    ///
    /// - Parameters:
    ///   - other: the other operand's noise estimate.
    ///   - ownScale: this operand's scale Δ₁.
    ///   - ownRMS: root mean square ρ₁ of this operand's slot values (a bound on it keeps the estimate a bound).
    ///   - otherScale: the other operand's scale Δ₂.
    ///   - otherRMS: root mean square ρ₂ of the other operand's slot values.
    ///
    /// The model takes each operand's noise as independent of the other operand and of its values. For a square,
    /// or operands computed from the same inputs, the terms correlate and the estimate comes out low: for
    /// (a·b)·(a·b) after a·b, on the N = 4096 test ring, it was 18 % below the measured noise (still inside
    /// ``l2Bound``'s factor 2). Prefer a known-answer run for such circuits.
    public func multiplied(
        by other: NoiseEstimate, ownScale: Double, ownRMS: Double,
        otherScale: Double, otherRMS: Double
    ) -> NoiseEstimate {
        let n = Double(degree)
        let own = ownScale * ownScale * ownRMS * ownRMS, others = otherScale * otherScale * otherRMS * otherRMS
        return NoiseEstimate(
            variance: own * other.variance + others * variance + n * variance * other.variance,
            degree: degree)
    }

    /// The sum of two independent noises (addition or subtraction of ciphertexts).
    public func adding(_ other: NoiseEstimate) -> NoiseEstimate {
        NoiseEstimate(variance: variance + other.variance, degree: degree)
    }

    /// After a key switch at `level` (relinearization, rotation, conjugation): hybrid key switching adds
    /// Σ_j d_j·e_j / P for the digits d_j (coefficients taken uniform on ±Q_j/2, Q_j the product of the digit's
    /// primes) and key errors e_j (σ = 3.2), plus the rounding of the division by P:
    /// N·σ²·Σ_j Q_j²/(12·P²) + (1 + h)/12.
    public func keySwitched(context: CKKSContext, level: Int) -> NoiseEstimate {
        let parameters = context.parameters, alpha = parameters.primesPerDigit
        let sigma2 = pow(SmallSampler.gaussianStandardDeviation, 2)
        let logQ = parameters.ciphertextModuli.prefix(level + 1).map { log2(Double($0)) }
        let digits = stride(from: 0, through: level, by: alpha).map { start in
            pow(2, 2 * (logQ[start..<min(start + alpha, level + 1)].reduce(0, +) - parameters.logP))
        }
        let added = Double(degree) * sigma2 * digits.reduce(0, +) / 12 + Self.roundingVariance(parameters)
        return NoiseEstimate(variance: variance + added, degree: degree)
    }

    /// After rescaling at `level` (division by q_level, rounded): v²/q_level² + (1 + h)/12.
    public func rescaled(context: CKKSContext, level: Int) -> NoiseEstimate {
        let q = Double(context.modulus(level: level))
        return NoiseEstimate(
            variance: variance / (q * q) + Self.roundingVariance(context.parameters),
            degree: degree)
    }

    /// h = E‖s‖₂²: 2N/3 for a uniform ternary secret, the Hamming weight for a sparse one.
    static func secretNormSquared(_ parameters: CKKSParameters) -> Double {
        switch parameters.secret {
        case .ternary: 2 * Double(parameters.degree) / 3
        case .sparseTernary(let h): Double(h)
        }
    }

    /// Variance of r_0 + r_1·s with r_0, r_1 uniform on [−½, ½]: (1 + h)/12.
    static func roundingVariance(_ parameters: CKKSParameters) -> Double { (1 + secretNormSquared(parameters)) / 12 }
}
