import HERing

extension Evaluator {
    /// a + b (component-wise; a size-3 operand stays size 3).
    public func add(_ a: Ciphertext, _ b: Ciphertext) throws(CKKSError) -> Ciphertext {
        var (x, y) = try aligned(a, b)
        if y.size > x.size { swap(&x, &y) }
        for i in y.components.indices { x.components[i].add(y.components[i]) }
        return x
    }

    /// a − b.
    public func subtract(_ a: Ciphertext, _ b: Ciphertext) throws(CKKSError) -> Ciphertext {
        try add(a, negate(b))
    }

    /// −a.
    public func negate(_ a: Ciphertext) throws(CKKSError) -> Ciphertext {
        try check(a)
        var result = a
        for i in result.components.indices { result.components[i].negate() }
        result.seed = nil
        return result
    }

    /// a += b in place (same level and scale), without allocating.
    public func addInPlace(_ a: inout Ciphertext, _ b: Ciphertext) throws(CKKSError) {
        try check(a)
        try check(b)
        guard a.level == b.level else { throw .levelMismatch(a.level, b.level) }
        guard Self.sameScale(a.scale, b.scale), a.size >= b.size else { throw .scaleMismatch(a.scale, b.scale) }
        a.seed = nil
        for i in b.components.indices { a.components[i].add(b.components[i]) }
    }

    /// a + p for a plaintext at the same scale and a level at least a's.
    public func add(_ a: Ciphertext, _ plaintext: Plaintext) throws(CKKSError) -> Ciphertext {
        try combine(a, plaintext) { $0.add($1) }
    }

    /// a − p for a plaintext at the same scale and a level at least a's.
    public func subtract(_ a: Ciphertext, _ plaintext: Plaintext) throws(CKKSError) -> Ciphertext {
        try combine(a, plaintext) { $0.subtract($1) }
    }

    /// Applies `operation` to c_0 and the plaintext brought to a's level.
    func combine(_ a: Ciphertext, _ plaintext: Plaintext,
                 _ operation: (inout RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>) -> Void) throws(CKKSError) -> Ciphertext {
        let p = try aligned(plaintext, to: a, matchScale: true)
        var result = a
        operation(&result.components[0], p)
        result.seed = nil
        return result
    }

    /// a + c in every slot (c encoded at a's scale; no level used).
    public func add(_ a: Ciphertext, constant: Double) throws(CKKSError) -> Ciphertext {
        try check(a)
        var result = a
        result.components[0].add(residues: try constantResidues(constant, scale: a.scale, level: a.level))
        result.seed = nil
        return result
    }

    /// a · p for a plaintext of a level at least a's; the result's scale is the product of both scales, so
    /// follow with ``rescale(_:)``.
    public func multiply(_ a: Ciphertext, _ plaintext: Plaintext) throws(CKKSError) -> Ciphertext {
        let p = try aligned(plaintext, to: a, matchScale: false)
        var result = a
        for i in result.components.indices { result.components[i].multiply(p) }
        result.scale *= plaintext.scale
        result.seed = nil
        return result
    }

    /// a · c for a real constant encoded as round(c · scale); the result's scale is a.scale · scale.
    ///
    /// - Parameter scale: default: the value that makes the result land exactly on the next level's scale
    ///   after ``rescale(_:)`` (``CKKSContext/levelScales``), so it adds to other ciphertexts there.
    public func multiply(_ a: Ciphertext, constant: Double, scale: Double? = nil) throws(CKKSError) -> Ciphertext {
        try check(a)
        guard a.level > 0 || scale != nil else { throw .levelExhausted(operation: "multiplication by a constant") }
        let constantScale = scale ?? rescaleTargetFactor(a)
        var result = a
        let residues = try constantResidues(constant, scale: constantScale, level: a.level)
        for i in result.components.indices { result.components[i].multiply(byResidues: residues) }
        result.scale *= constantScale
        result.seed = nil
        return result
    }

    /// a · k for an integer k: no encoding error, no scale change, no level used.
    public func multiply(_ a: Ciphertext, integer: Int64) throws(CKKSError) -> Ciphertext {
        try check(a)
        var result = a
        for i in result.components.indices { result.components[i].multiply(by: integer) }
        result.seed = nil
        return result
    }

    /// The factor f with a.scale · f / q_level = the scale of level − 1: multiplying by a constant encoded at f
    /// and rescaling lands on the next level's scale.
    func rescaleTargetFactor(_ a: Ciphertext) -> Double {
        context.levelScales[a.level - 1] * Double(context.modulus(level: a.level)) / a.scale
    }
}
