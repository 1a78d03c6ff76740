import Foundation

/// The modular reduction of CKKS bootstrapping ("EvalMod"): for real slots t = I + ε with I an integer, |t| ≤ K
/// and |ε| small, it computes ε = t − round(t) as (1/2π)·sin(2πt), whose error against ε is about
/// (2π)²·|ε|³/6 (Cheon, Han, Kim, Kim and Song 2018, §4.3).
///
/// The sine comes from a cosine with double angles (Han and Ki 2020, §3.2; Bossuat et al. 2021, §4): a Chebyshev
/// interpolant of c_0(u) = cos(2π(K·u − ¼)/2^r) on u = t/K ∈ [−1, 1], then r steps c_(i+1) = 2·c_i² − 1, so
/// c_r = cos(2π(t − ¼)) = sin(2πt). Dividing the angle by 2^r keeps the degree small (the argument spans
/// 2π(K + ¼)/2^r radians); each double angle multiplies the error by up to 4, so the interpolant must be 2r bits
/// more precise than the result.
///
/// Depth: 1 (u = t/K, an exact integer constant) + the Chebyshev depth + r: 10 for the defaults (degree 30 with
/// 4 baby steps, depth 5; r = 4). The factor 1/2π costs nothing: it changes only the declared scale of the result.
/// With K = 17, degree 30 and r = 4 the float64 model is within 1e-12 of (1/2π)·sin(2πt) on [−K, K]; each
/// halving of r needs about twice the degree (the argument spans 2π(K + ¼)/2^r radians).
public struct EvalMod: Sendable {
    /// K: the input must satisfy |t| ≤ K (for ModRaise with a secret of Hamming weight h, |I| ≤ ⌊(h + 1)/2⌋, so
    /// K = ⌊(h + 1)/2⌋ + 1 always suffices; a few standard deviations √((h + 1)/12) suffice in practice).
    public let bound: Double
    /// r, the number of double angles.
    public let doublings: Int
    /// The interpolant c_0 on [−1, 1].
    public let series: ChebyshevSeries
    /// The baby-step count of its evaluation.
    public let babySteps: Int

    /// - Parameters:
    ///   - bound: K > 0.
    ///   - degree: of the Chebyshev interpolant, 2 … 255 (default 30).
    ///   - doublings: r, 0 … 10 (default 4).
    ///   - babySteps: a power of two ≥ 2 (default ``Evaluator/chebyshevBabySteps(degree:)``).
    /// - Throws: ``CKKSError/invalidInput(_:)`` for values outside these ranges.
    public init(bound: Double, degree: Int = 30, doublings: Int = 4, babySteps: Int? = nil) throws(CKKSError) {
        guard bound > 0, bound.isFinite else { throw .invalidInput("the bound K must be positive and finite") }
        guard (2...255).contains(degree), (0...10).contains(doublings) else {
            throw .invalidInput("degree 2 … 255 and 0 … 10 double angles")
        }
        let g = babySteps ?? Evaluator.chebyshevBabySteps(degree: degree)
        guard g >= 2, g.nonzeroBitCount == 1 else { throw .invalidInput("baby steps must be a power of two ≥ 2") }
        let divisor = Double(1 << doublings)
        series = try ChebyshevSeries(
            interpolating: { u in cos(2 * Double.pi * (bound * u - 0.25) / divisor) }, degree: degree, on: -1...1)
        self.bound = bound
        self.doublings = doublings
        self.babySteps = g
    }

    /// Levels used: 1 + Chebyshev depth + r.
    public var depth: Int {
        1 + Evaluator.chebyshevDepth(Array(series.coefficients.prefix(series.degree + 1)), babySteps: babySteps)
            + doublings
    }

    /// (1/2π)·sin(2πt) in float64: what the homomorphic evaluation approximates.
    public func reference(_ t: Double) -> Double { sin(2 * Double.pi * t) / (2 * Double.pi) }

    /// The float64 model of the homomorphic evaluation: interpolant, then double angles, divided by 2π.
    public func approximation(_ t: Double) -> Double {
        var c = series(t / bound)
        for _ in 0..<doublings { c = 2 * c * c - 1 }
        return c / (2 * Double.pi)
    }
}

extension Evaluator {
    /// t − round(t) ≈ (1/2π)·sin(2πt) in every real slot (see ``EvalMod``), for slots holding t with |t| ≤ K at
    /// a's scale. The result is at a.level − depth with declared scale `outputScale` (default: that level's
    /// ``CKKSContext/levelScales``).
    ///
    /// - Throws: ``CKKSError/levelExhausted(operation:)`` when a has fewer levels than the depth;
    ///   ``CKKSError/missingRelinearizationKey``.
    public func evalMod(_ a: Ciphertext, _ mod: EvalMod, outputScale: Double? = nil) throws(CKKSError) -> Ciphertext {
        try check(a)
        guard a.level >= mod.depth else {
            throw .levelExhausted(operation: "EvalMod (depth \(mod.depth))")
        }
        let outputLevel = a.level - mod.depth
        // The last r levels square: work back from the wanted scale to the interpolant's, s_i = √(s_(i+1)·q).
        var scale = (outputScale ?? context.levelScales[outputLevel]) / (2 * Double.pi)
        for level in stride(from: outputLevel + 1, through: outputLevel + mod.doublings, by: 1) {
            scale = (scale * Double(context.modulus(level: level))).squareRoot()
        }
        var c = try evaluate(
            mod.series, at: exactlyScaled(a, by: 1 / mod.bound), babySteps: mod.babySteps, scale: scale)
        for _ in 0..<mod.doublings {
            var square = try self.square(c)
            try relinearizeInPlace(&square)
            try rescaleInPlace(&square)
            c = try multiply(square, integer: 2)
            try addInPlace(&c, constant: -1)
        }
        c.scale *= 2 * Double.pi
        return c
    }

    /// x·a one level down, the constant encoded at a scale s with x·s an integer near the landing scale, so the
    /// constant carries no rounding error; the result's scale is close to (not exactly) the next level's.
    func exactlyScaled(_ a: Ciphertext, by x: Double) throws(CKKSError) -> Ciphertext {
        guard a.level > 0 else { throw .levelExhausted(operation: "multiplication by a constant") }
        let integer = (x * context.landingScale(multiplying: a.scale, atLevel: a.level)).rounded()
        var result = try multiply(a, constant: x, scale: integer / x)
        try rescaleInPlace(&result)
        return result
    }
}
