/// Homomorphic evaluation of a ``ChebyshevSeries`` by baby-step giant-step (Han and Ki 2020, §4; Bossuat et al.
/// 2021, §4.2), with every partial result placed on an exact level and scale so that additions line up without
/// corrections.
///
/// With g baby steps (a power of two) the basis T_1 … T_(g−1) and the giant steps T_g, T_2g, T_4g, … are computed
/// with T_(2k) = 2·T_k² − 1 and T_(a+b) = 2·T_a·T_b − T_(a−b), T_k at depth ⌈log2 k⌉. A polynomial of degree
/// d ≥ g is divided by the largest giant step T_m ≤ d: from 2·T_m·T_j = T_(m+j) + T_(m−j),
/// p = q·T_m + r with q_0 = c_m, q_j = 2·c_(m+j) and r_(m−j) = c_(m−j) − c_(m+j), both halves recursively; the
/// leaves of degree < g are linear combinations Σ c_i·T_i with each constant encoded at the scale that makes its
/// term land on the leaf's scale, one rescale for all. The division only doubles coefficients, so a decaying
/// series stays well conditioned.
///
/// Depth: ⌈log2(d + 1)⌉ + 1 for g > 2 and d + 1 a power of two (``chebyshevDepth(degree:babySteps:)`` gives it in
/// general), one more than the power basis (the leaves multiply the deepest baby step by a constant); g = 2 reaches
/// ⌈log2(d + 1)⌉ with about d/2 ciphertext products instead of about g + d/g.
extension Evaluator {
    /// The default baby-step count for degree d: 2^⌊⌈log2(d + 1)⌉/2⌋, at least 2 (4 for degrees 8 … 31, 8 for
    /// 32 … 127).
    public static func chebyshevBabySteps(degree: Int) -> Int {
        let bits = Int.bitWidth - max(degree, 1).leadingZeroBitCount
        return max(2, 1 << (bits / 2))
    }

    /// Levels ``evaluate(_:at:babySteps:scale:)`` uses for this degree and baby-step count (a power of two ≥ 2).
    public static func chebyshevDepth(degree: Int, babySteps: Int? = nil) -> Int {
        let g = babySteps ?? chebyshevBabySteps(degree: degree)
        return chebyshevDepth((0...max(degree, 1)).map { Double($0 + 1) }, babySteps: g)
    }

    /// p(x) slot-wise for real slots, given u = (2x − a − b)/(b − a) in [−1, 1] (map x to u beforehand, usually
    /// by folding the affine map into an earlier step). The result is at u.level − depth with exactly `scale`
    /// (default: that level's ``CKKSContext/levelScales``).
    ///
    /// - Parameters:
    ///   - series: the Chebyshev coefficients of p on [a, b], of degree ≥ 1.
    ///   - u: the real slots mapped to [−1, 1].
    ///   - babySteps: g, a power of two ≥ 2 (default ``chebyshevBabySteps(degree:)``).
    ///   - scale: the result's scale (default: the scale of its level).
    /// - Throws: ``CKKSError/invalidInput(_:)`` for a constant series or a bad baby-step count;
    ///   ``CKKSError/levelExhausted(operation:)`` when u has fewer levels than the depth;
    ///   ``CKKSError/missingRelinearizationKey``.
    public func evaluate(_ series: ChebyshevSeries, at u: Ciphertext, babySteps: Int? = nil, scale: Double? = nil)
        throws(CKKSError) -> Ciphertext
    {
        try check(u)
        let degree = series.degree
        guard degree >= 1 else {
            throw .invalidInput("evaluate a series of degree ≥ 1 (a constant needs no ciphertext)")
        }
        let g = babySteps ?? Self.chebyshevBabySteps(degree: degree)
        guard g >= 2, g.nonzeroBitCount == 1 else { throw .invalidInput("baby steps must be a power of two ≥ 2") }
        let p = Array(series.coefficients.prefix(degree + 1))
        let depth = Self.chebyshevDepth(p, babySteps: g)
        guard u.level >= depth else {
            throw .levelExhausted(operation: "a degree-\(degree) Chebyshev series (depth \(depth))")
        }
        var basis = ChebyshevBasis(u: u)
        for k in 1..<min(g, degree + 1) { try basis.compute(k, with: self) }
        var giant = g
        while giant <= degree {
            try basis.compute(giant, with: self)
            giant *= 2
        }
        let level = u.level - depth
        return try evaluateChebyshev(
            p, basis: basis, babySteps: g, level: level, scale: scale ?? context.levelScales[level])
    }

    /// Depth of the recursion below for coefficients p (degree ≥ 1).
    static func chebyshevDepth(_ p: [Double], babySteps g: Int) -> Int {
        let degree = p.lastIndex { $0 != 0 } ?? 0
        if degree < g { return ChebyshevBasis.depth(degree) + 1 }
        let m = giantStep(below: degree, babySteps: g)
        let (q, r) = divide(p, by: m)
        let giantDepth = ChebyshevBasis.depth(m) + 1
        let qDepth = q.count > 1 ? chebyshevDepth(q, babySteps: g) + 1 : giantDepth
        let rDegree = r.lastIndex { $0 != 0 } ?? 0
        return max(giantDepth, qDepth, rDegree >= 1 ? chebyshevDepth(r, babySteps: g) : 0)
    }

    /// The largest g·2^j not above the degree.
    static func giantStep(below degree: Int, babySteps g: Int) -> Int {
        var m = g
        while 2 * m <= degree { m *= 2 }
        return m
    }

    /// p = q·T_m + r for deg p < 2m (see the extension's documentation); q and r trimmed of trailing zeros.
    static func divide(_ p: [Double], by m: Int) -> (q: [Double], r: [Double]) {
        var q = Array(p[m...]), r = Array(p[..<m])
        for j in 1..<q.count {
            r[m - j] -= q[j]
            q[j] *= 2
        }
        let rEnd = (r.lastIndex { $0 != 0 } ?? 0) + 1
        return (q, Array(r.prefix(rEnd)))
    }

    /// p at exactly (level, scale).
    func evaluateChebyshev(_ p: [Double], basis: ChebyshevBasis, babySteps g: Int, level: Int, scale: Double)
        throws(CKKSError) -> Ciphertext
    {
        let degree = p.lastIndex { $0 != 0 } ?? 0
        if degree < g { return try chebyshevLeaf(p, basis: basis, level: level, scale: scale) }
        let m = Self.giantStep(below: degree, babySteps: g)
        let (q, r) = Self.divide(p, by: m)
        var high: Ciphertext
        if q.count == 1 {
            high = try scaledCopy(of: basis[m], constant: q[0], level: level, scale: scale)
        } else {
            let giant = try dropLevels(basis[m], to: level + 1)
            let qScale = context.landingScale(multiplying: giant.scale, atLevel: level + 1, target: scale)
            high = try evaluateChebyshev(q, basis: basis, babySteps: g, level: level + 1, scale: qScale)
            try multiplyRelinearizeRescaleInPlace(&high, giant)
        }
        if r.count > 1 {
            try addInPlace(&high, evaluateChebyshev(r, basis: basis, babySteps: g, level: level, scale: scale))
        } else if r[0] != 0 {
            try addInPlace(&high, constant: r[0])
        }
        return high
    }

    /// c_0 + Σ c_i·T_i at exactly (level, scale): every term lands on scale·q_(level+1), one rescale.
    func chebyshevLeaf(_ p: [Double], basis: ChebyshevBasis, level: Int, scale: Double) throws(CKKSError)
        -> Ciphertext
    {
        var sum: Ciphertext?
        for (i, c) in p.enumerated().dropFirst() where c != 0 {
            let t = try dropLevels(basis[i], to: level + 1)
            let term = try multiply(
                t, constant: c, scale: context.landingScale(multiplying: t.scale, atLevel: level + 1, target: scale))
            if sum == nil { sum = term } else { try addInPlace(&sum!, term) }
        }
        guard var result = sum else { throw .invalidInput("a leaf of degree 0") }
        try addInPlace(&result, constant: p[0])
        try rescaleInPlace(&result)
        return result
    }
}

/// T_k(u) for the k a Chebyshev evaluation needs, each computed once, T_k at u.level − ⌈log2 k⌉.
struct ChebyshevBasis {
    private var powers: [Int: Ciphertext]

    init(u: Ciphertext) { powers = [1: u] }

    /// ⌈log2 k⌉, the depth of T_k (0 for k ≤ 1).
    static func depth(_ k: Int) -> Int { k <= 1 ? 0 : Int.bitWidth - (k - 1).leadingZeroBitCount }

    subscript(k: Int) -> Ciphertext { powers[k]! }

    /// Computes T_k (and what it needs): T_(2a) = 2·T_a² − 1; otherwise, with a the largest power of two below k
    /// and b = k − a, T_k = 2·T_a·T_b − T_(a−b).
    mutating func compute(_ k: Int, with evaluator: Evaluator) throws(CKKSError) {
        guard powers[k] == nil else { return }
        let a = 1 << (Int.bitWidth - 1 - (k - 1).leadingZeroBitCount)
        let b = k - a
        try compute(a, with: evaluator)
        if b == a {
            var square = try evaluator.square(powers[a]!)
            try evaluator.relinearizeInPlace(&square)
            try evaluator.rescaleInPlace(&square)
            var result = try evaluator.multiply(square, integer: 2)
            try evaluator.addInPlace(&result, constant: -1)
            powers[k] = result
            return
        }
        try compute(b, with: evaluator)
        try compute(a - b, with: evaluator)
        var result = try evaluator.multiply(evaluator.multiplyRelinearizeRescale(powers[a]!, powers[b]!), integer: 2)
        // T_(a−b) is at least one level above: spend it on landing exactly on the product's scale (dropping primes
        // when the scales are merely within the evaluator's tolerance would leave a relative error up to 1e-9).
        let lower = try evaluator.scaledCopy(of: powers[a - b]!, constant: 1, level: result.level, scale: result.scale)
        result = try evaluator.subtract(result, lower)
        powers[k] = result
    }
}
