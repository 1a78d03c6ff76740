import HERing

extension Evaluator {
    /// a + b (component-wise; a size-3 operand stays size 3).
    ///
    /// - Throws: ``CKKSError/scaleMismatch(_:_:)`` for different scales; ``CKKSError/parameterMismatch(_:)`` for
    ///   an operand of other parameters.
    public func add(_ a: Ciphertext, _ b: Ciphertext) throws(CKKSError) -> Ciphertext {
        var (x, y) = try aligned(a, b)
        if y.size > x.size { swap(&x, &y) }
        try addInPlace(&x, y)
        return x
    }

    /// a − b.
    ///
    /// - Throws: as ``add(_:_:)-(Ciphertext,Ciphertext)``.
    public func subtract(_ a: Ciphertext, _ b: Ciphertext) throws(CKKSError) -> Ciphertext {
        try add(a, negate(b))
    }

    /// −a.
    ///
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` for an operand of other parameters.
    public func negate(_ a: Ciphertext) throws(CKKSError) -> Ciphertext {
        try check(a)
        var result = a
        for i in result.components.indices { result.components[i].negate() }
        result.seed = nil
        return result
    }

    /// a += b in place, reusing a's storage. The scales must agree; when the levels differ both are brought to the
    /// lower one (a is truncated in place of a copy only when b is the lower). a must have at least b's size.
    ///
    /// - Throws: ``CKKSError/scaleMismatch(_:_:)`` for different scales or a smaller a.
    public func addInPlace(_ a: inout Ciphertext, _ b: Ciphertext) throws(CKKSError) {
        try check(a)
        try check(b)
        guard Self.sameScale(a.scale, b.scale), a.size >= b.size else { throw .scaleMismatch(a.scale, b.scale) }
        if a.level > b.level { a = try dropLevels(a, to: b.level) }
        let y = try dropLevels(b, to: a.level)
        a.seed = nil
        for i in y.components.indices { a.components[i].add(y.components[i]) }
    }

    /// a + p for a plaintext at the same scale and a level at least a's.
    ///
    /// - Throws: ``CKKSError/levelMismatch(_:_:)`` for a plaintext below a's level;
    ///   ``CKKSError/scaleMismatch(_:_:)``; ``CKKSError/parameterMismatch(_:)`` for an operand of other
    ///   parameters.
    public func add(_ a: Ciphertext, _ plaintext: Plaintext) throws(CKKSError) -> Ciphertext {
        try combine(a, plaintext) { $0.add($1) }
    }

    /// a − p for a plaintext at the same scale and a level at least a's.
    ///
    /// - Throws: as ``add(_:_:)-(Ciphertext,Plaintext)``.
    public func subtract(_ a: Ciphertext, _ plaintext: Plaintext) throws(CKKSError) -> Ciphertext {
        try combine(a, plaintext) { $0.subtract($1) }
    }

    /// Applies `operation` to c_0 and the plaintext brought to a's level.
    func combine(
        _ a: Ciphertext, _ plaintext: Plaintext,
        _ operation: (inout RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>) -> Void
    ) throws(CKKSError) -> Ciphertext {
        let p = try aligned(plaintext, to: a, matchScale: true)
        var result = a
        operation(&result.components[0], p)
        result.seed = nil
        return result
    }

    /// a + c in every slot (c encoded at a's scale; no level used).
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` for a constant that is not finite or too large for the modulus;
    ///   ``CKKSError/parameterMismatch(_:)`` for an operand of other parameters.
    public func add(_ a: Ciphertext, constant: Double) throws(CKKSError) -> Ciphertext {
        var result = a
        try addInPlace(&result, constant: constant)
        return result
    }

    /// a += c in every slot, in place (see ``add(_:constant:)``).
    ///
    /// - Throws: as ``add(_:constant:)``.
    public func addInPlace(_ a: inout Ciphertext, constant: Double) throws(CKKSError) {
        try check(a)
        a.components[0].add(residues: try constantResidues(constant, scale: a.scale, level: a.level))
        a.seed = nil
    }

    /// a · p for a plaintext of a level at least a's; the result's scale is the product of both scales, so
    /// follow with ``rescale(_:)``.
    ///
    /// - Throws: ``CKKSError/levelMismatch(_:_:)`` for a plaintext below a's level;
    ///   ``CKKSError/parameterMismatch(_:)`` for an operand of other parameters.
    public func multiply(_ a: Ciphertext, _ plaintext: Plaintext) throws(CKKSError) -> Ciphertext {
        var result = a
        try multiplyInPlace(&result, plaintext)
        return result
    }

    /// a ·= p in place, reusing a's storage: the in-place form of multiplying by a plaintext.
    ///
    /// - Throws: as ``multiply(_:_:)-(Ciphertext,Plaintext)``.
    public func multiplyInPlace(_ a: inout Ciphertext, _ plaintext: Plaintext) throws(CKKSError) {
        let p = try aligned(plaintext, to: a, matchScale: false)
        for i in a.components.indices { a.components[i].multiply(p) }
        a.scale *= plaintext.scale
        a.seed = nil
    }

    /// a · c for a real constant encoded as round(c · scale); the result's scale is a.scale · scale.
    ///
    /// - Parameters:
    ///   - a: the ciphertext.
    ///   - constant: c, finite.
    ///   - scale: default: the value that makes the result land exactly on the next level's scale after
    ///     ``rescale(_:)`` (``CKKSContext/landingScale(multiplying:atLevel:target:)``), so it adds to other
    ///     ciphertexts there.
    /// - Throws: ``CKKSError/levelExhausted(operation:)`` at level 0 without an explicit scale.
    public func multiply(_ a: Ciphertext, constant: Double, scale: Double? = nil) throws(CKKSError) -> Ciphertext {
        var result = a
        try multiplyInPlace(&result, constant: constant, scale: scale)
        return result
    }

    /// a ·= c in place, reusing a's storage (see ``multiply(_:constant:scale:)``).
    ///
    /// - Throws: as ``multiply(_:constant:scale:)``.
    public func multiplyInPlace(_ a: inout Ciphertext, constant: Double, scale: Double? = nil) throws(CKKSError) {
        try check(a)
        guard a.level > 0 || scale != nil else { throw .levelExhausted(operation: "multiplication by a constant") }
        let constantScale = scale ?? context.landingScale(multiplying: a.scale, atLevel: a.level)
        let residues = try constantResidues(constant, scale: constantScale, level: a.level)
        for i in a.components.indices { a.components[i].multiply(byResidues: residues) }
        a.scale *= constantScale
        a.seed = nil
    }

    /// a · k for an integer k: no encoding error, no scale change, no level used.
    ///
    /// - Throws: ``CKKSError/parameterMismatch(_:)`` for an operand of other parameters.
    public func multiply(_ a: Ciphertext, integer: Int64) throws(CKKSError) -> Ciphertext {
        try check(a)
        var result = a
        for i in result.components.indices { result.components[i].multiply(by: integer) }
        result.seed = nil
        return result
    }
}
