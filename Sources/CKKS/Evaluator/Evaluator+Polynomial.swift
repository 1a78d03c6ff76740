import HERing

extension Evaluator {
    /// Multiplicative depth of ``evaluate(_:at:)`` for a polynomial of this degree: ⌈log2(degree + 1)⌉.
    public static func depth(ofDegree degree: Int) -> Int {
        degree <= 0 ? 0 : Int.bitWidth - degree.leadingZeroBitCount
    }

    /// p(x) slot-wise for p(x) = Σ coefficients[i] · x^i, with minimal depth ⌈log2(deg + 1)⌉.
    ///
    /// Powers x^(2^k) come from repeated squaring; p splits recursively as q(x) + x^(2^k) · r(x) with 2^k the
    /// largest power not above the degree (Paterson–Stockmeyer with baby step 2). Each part is evaluated
    /// directly at the level and scale it must have when combined, and the leaves c_0 + c_1·x multiply by
    /// constants encoded at compensating scales, so every addition lines up exactly and the result lands on the
    /// level's scale (``CKKSContext/levelScales``) without extra rescaling. Zero coefficients cost nothing.
    /// Costs about deg/2 + log2(deg) ciphertext multiplications.
    ///
    /// Keep |x| within the interval the polynomial was fitted on (for power-basis coefficients, about [−1, 1]
    /// keeps rounding errors small); outside it odd-degree fits diverge quickly.
    ///
    /// - Throws: ``CKKSError/levelExhausted(operation:)`` when x has fewer than depth levels left;
    ///   ``CKKSError/missingRelinearizationKey``.
    public func evaluate(_ coefficients: [Double], at x: Ciphertext) throws(CKKSError) -> Ciphertext {
        try check(x)
        let degree = coefficients.lastIndex { $0 != 0 } ?? 0
        guard coefficients.allSatisfy(\.isFinite) else { throw .invalidInput("coefficients must be finite") }
        let depth = Self.depth(ofDegree: degree)
        guard degree > 0 else { return try add(multiply(x, integer: 0), constant: coefficients.first ?? 0) }
        guard x.level >= depth else { throw .levelExhausted(operation: "a degree-\(degree) polynomial (depth \(depth))") }
        var powers = [1: x]
        var power = 1
        while 2 * power <= degree {
            powers[2 * power] = try rescale(relinearize(square(powers[power]!)))
            power *= 2
        }
        let level = x.level - depth
        return try evaluate(Array(coefficients.prefix(degree + 1)), powers: powers, level: level,
                            scale: context.levelScales[level])
    }

    /// p evaluated at exactly (level, scale); powers holds x^(2^k).
    func evaluate(_ p: [Double], powers: [Int: Ciphertext], level: Int, scale: Double) throws(CKKSError) -> Ciphertext {
        let degree = p.lastIndex { $0 != 0 } ?? 0
        if degree <= 1 { return try leaf(p.first ?? 0, degree == 1 ? p[1] : 0, x: powers[1]!, level: level, scale: scale) }
        let split = 1 << (Int.bitWidth - 1 - degree.leadingZeroBitCount)
        let giant = try dropLevels(powers[split]!, to: level + 1)
        let q = Array(p[..<split]), r = Array(p[split...])
        let rScale = scale * Double(context.modulus(level: level + 1)) / giant.scale
        let high = try rescale(multiplyRelinearize(giant, evaluate(r, powers: powers, level: level + 1, scale: rScale)))
        guard q.contains(where: { $0 != 0 }) else { return high }
        return try add(high, evaluate(q, powers: powers, level: level, scale: scale))
    }

    /// c0 + c1·x at exactly (level, scale): x dropped to level + 1, multiplied by c1 at the compensating scale,
    /// c0 added at the pre-rescale scale, then one rescale.
    func leaf(_ c0: Double, _ c1: Double, x: Ciphertext, level: Int, scale: Double) throws(CKKSError) -> Ciphertext {
        guard x.level > level else { throw .levelExhausted(operation: "polynomial evaluation") }
        let dropped = try dropLevels(x, to: level + 1)
        let target = scale * Double(context.modulus(level: level + 1))
        let linear = try multiply(dropped, constant: c1, scale: target / dropped.scale)
        return try rescale(add(linear, constant: c0))
    }
}
