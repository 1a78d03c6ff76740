import HERing

extension Evaluator {
    /// Multiplicative depth of ``evaluate(_:at:multipliedBy:)`` for a polynomial of this degree: ⌈log2(degree + 1)⌉.
    public static func depth(ofDegree degree: Int) -> Int {
        degree <= 0 ? 0 : Int.bitWidth - degree.leadingZeroBitCount
    }

    /// p(x) slot-wise for p(x) = Σ coefficients[i] · x^i, with minimal depth ⌈log2(deg + 1)⌉; or, with a
    /// `multiplier` z, the product p(x) · z at the same depth below x (z must be at least one level above x).
    ///
    /// Powers x^(2^k) come from repeated squaring; p splits recursively as q(x) + x^(2^k) · r(x) with 2^k the
    /// largest power not above the degree (Paterson–Stockmeyer with baby step 2). Each part is evaluated
    /// directly at the level and scale it must have when combined, and the leaves c_0 + c_1·x (or c_0·z + (c_1·z)·x)
    /// multiply by constants encoded at compensating scales, so every addition lines up exactly and the result
    /// lands on its level's scale (``CKKSContext/levelScales``) without extra rescaling. Zero coefficients cost
    /// nothing. About deg/2 + log2(deg) ciphertext multiplications.
    ///
    /// Folding constants into a fresh multiplier costs it levels it has to spare instead of levels on the critical
    /// path: this is how the logistic-regression gradient σ(−zᵀv)·z is computed in depth ⌈log2(deg + 1)⌉ after zᵀv.
    ///
    /// Keep |x| within the interval the polynomial was fitted on (for power-basis coefficients, about [−1, 1]
    /// keeps rounding errors small); outside it odd-degree fits diverge quickly.
    ///
    /// - Throws: ``CKKSError/levelExhausted(operation:)`` when x has fewer than depth levels left (or z is not
    ///   above x); ``CKKSError/missingRelinearizationKey``.
    public func evaluate(_ coefficients: [Double], at x: Ciphertext, multipliedBy multiplier: Ciphertext? = nil)
        throws(CKKSError) -> Ciphertext
    {
        try evaluate(coefficients, powers: powers(of: x, degree: coefficients.count - 1), multipliedBy: multiplier)
    }

    /// x^(2^k) for every 2^k ≤ degree (x itself at key 1), for reuse across several ``evaluate(_:powers:multipliedBy:)``.
    ///
    /// - Throws: ``CKKSError/levelExhausted(operation:)`` when x has fewer than ⌊log2(degree)⌋ levels;
    ///   ``CKKSError/missingRelinearizationKey``; ``CKKSError/parameterMismatch(_:)`` for an operand of other
    ///   parameters.
    public func powers(of x: Ciphertext, degree: Int) throws(CKKSError) -> [Int: Ciphertext] {
        try check(x)
        var powers = [1: x]
        var power = 1
        while 2 * power <= degree {
            var next = try square(powers[power]!)
            try relinearizeInPlace(&next)
            try rescaleInPlace(&next)
            powers[2 * power] = next
            power *= 2
        }
        return powers
    }

    /// As ``evaluate(_:at:multipliedBy:)`` with the powers of x already computed (see ``powers(of:degree:)``).
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` for powers without x or coefficients that are not finite;
    ///   otherwise as ``evaluate(_:at:multipliedBy:)``.
    public func evaluate(
        _ coefficients: [Double], powers: [Int: Ciphertext], multipliedBy multiplier: Ciphertext? = nil
    ) throws(CKKSError) -> Ciphertext {
        guard let x = powers[1] else { throw .invalidInput("powers must contain x itself (key 1)") }
        guard coefficients.allSatisfy(\.isFinite) else { throw .invalidInput("coefficients must be finite") }
        let degree = coefficients.lastIndex { $0 != 0 } ?? 0
        if let multiplier {
            try check(multiplier)
            guard multiplier.level > x.level else {
                throw .levelExhausted(operation: "a polynomial times a ciphertext (the multiplier must be above x)")
            }
        }
        let depth = Self.depth(ofDegree: degree)
        guard x.level >= max(depth, 1) else {
            throw .levelExhausted(operation: "a degree-\(degree) polynomial (depth \(depth))")
        }
        let level = x.level - max(depth, 1)
        return try evaluate(
            Array(coefficients.prefix(degree + 1)), powers: powers, multiplier: multiplier, level: level,
            scale: context.levelScales[level])
    }

    /// p evaluated at exactly (level, scale); powers holds x^(2^k).
    func evaluate(_ p: [Double], powers: [Int: Ciphertext], multiplier: Ciphertext?, level: Int, scale: Double)
        throws(CKKSError) -> Ciphertext
    {
        let degree = p.lastIndex { $0 != 0 } ?? 0
        if degree <= 1 {
            return try leaf(
                p.first ?? 0, degree == 1 ? p[1] : 0, x: powers[1]!, multiplier: multiplier, level: level, scale: scale)
        }
        let split = 1 << (Int.bitWidth - 1 - degree.leadingZeroBitCount)
        let giant = try dropLevels(powers[split]!, to: level + 1)
        let q = Array(p[..<split]), r = Array(p[split...])
        let rScale = context.landingScale(multiplying: giant.scale, atLevel: level + 1, target: scale)
        var high = try evaluate(r, powers: powers, multiplier: multiplier, level: level + 1, scale: rScale)
        try multiplyRelinearizeRescaleInPlace(&high, giant)
        guard q.contains(where: { $0 != 0 }) else { return high }
        try addInPlace(&high, evaluate(q, powers: powers, multiplier: multiplier, level: level, scale: scale))
        return high
    }

    /// c0 + c1·x (or c0·z + (c1·z)·x) at exactly (level, scale), from one rescale of terms at level + 1.
    func leaf(_ c0: Double, _ c1: Double, x: Ciphertext, multiplier: Ciphertext?, level: Int, scale: Double)
        throws(CKKSError) -> Ciphertext
    {
        guard x.level > level else { throw .levelExhausted(operation: "polynomial evaluation") }
        let dropped = try dropLevels(x, to: level + 1)
        let target = context.landingScale(multiplying: 1, atLevel: level + 1, target: scale)
        guard let z = multiplier else {
            var linear = try multiply(dropped, constant: c1, scale: target / dropped.scale)
            try addInPlace(&linear, constant: c0)
            try rescaleInPlace(&linear)
            return linear
        }
        var sum = try scaledCopy(of: z, constant: c0, level: level + 1, scale: target)
        if c1 != 0 {
            let c1z = try scaledCopy(of: z, constant: c1, level: level + 1, scale: target / dropped.scale)
            var product = try multiply(c1z, dropped)
            try relinearizeInPlace(&product)
            try addInPlace(&sum, product)
        }
        try rescaleInPlace(&sum)
        return sum
    }

    /// c · z at exactly (level, scale), spending one of z's levels above `level` on the constant.
    ///
    /// - Throws: ``CKKSError/levelExhausted(operation:)`` when z is not above `level`;
    ///   ``CKKSError/invalidInput(_:)`` for a constant that does not fit the modulus.
    public func scaledCopy(of z: Ciphertext, constant c: Double, level: Int, scale: Double) throws(CKKSError)
        -> Ciphertext
    {
        guard z.level > level else { throw .levelExhausted(operation: "scaling a ciphertext by a constant") }
        let dropped = try dropLevels(z, to: level + 1)
        var result = try multiply(
            dropped, constant: c,
            scale: context.landingScale(multiplying: dropped.scale, atLevel: level + 1, target: scale))
        try rescaleInPlace(&result)
        return result
    }
}
