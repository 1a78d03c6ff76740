import HERing

extension Evaluator {
    /// Rotates slots left by `step` (slot j + step moves to slot j; negative steps rotate right), modulo N/2.
    ///
    /// - Throws: ``CKKSError/missingRotationKey(step:)`` when no key for that step was generated.
    public func rotate(_ a: Ciphertext, by step: Int) throws(CKKSError) -> Ciphertext {
        try rotations(of: a, by: [step])[step]!
    }

    /// Writes a rotated by `step` into `result`, reusing its storage when it already has a's level and size 2
    /// (otherwise it is replaced). a and result must be different variables; see ``rotateInPlace(_:by:)``.
    ///
    /// - Throws: ``CKKSError/missingRotationKey(step:)``.
    public func rotate(_ a: Ciphertext, by step: Int, into result: inout Ciphertext) throws(CKKSError) {
        guard let (element, key) = try rotationKey(for: a, step: step) else {
            result = a
            return
        }
        if result.size != 2 || result.level != a.level || result.parametersFingerprint != a.parametersFingerprint {
            result = a
        }
        var switched = switchKey(a.components[1], with: key)
        switched.0.add(a.components[0])
        permute(switched, by: element, into: &result)
        result.scale = a.scale
    }

    /// Rotates a by `step` in place, reusing its storage.
    ///
    /// - Throws: ``CKKSError/missingRotationKey(step:)``.
    public func rotateInPlace(_ a: inout Ciphertext, by step: Int) throws(CKKSError) {
        guard let (element, key) = try rotationKey(for: a, step: step) else { return }
        var switched = switchKey(a.components[1], with: key)
        switched.0.add(a.components[0])
        permute(switched, by: element, into: &a)
    }

    /// The Galois element and key of a rotation by `step`, or nil when the step is a multiple of the slot count.
    func rotationKey(for a: Ciphertext, step: Int) throws(CKKSError) -> (GaloisElement, KeySwitchingKey)? {
        try check(a)
        guard a.size == 2 else { throw .invalidInput("rotate a relinearized (size-2) ciphertext") }
        guard step % context.slotCount != 0 else { return nil }
        let element = try ringCall { () throws(HERingError) in
            try GaloisElement.rotation(by: step, logDegree: context.parameters.logDegree)
        }
        guard let key = keys?.galois[element.exponent] else { throw .missingRotationKey(step: step) }
        return (element, try reaching(key, a))
    }

    /// result = (φ(u_0), φ(u_1)) over result's storage (same level and size 2).
    func permute(
        _ switched: (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>), by element: GaloisElement,
        into result: inout Ciphertext
    ) {
        switched.0.applying(element, into: &result.components[0])
        switched.1.applying(element, into: &result.components[1])
        result.seed = nil
    }

    /// Complex conjugation of every slot.
    ///
    /// - Throws: ``CKKSError/missingConjugationKey``.
    public func conjugate(_ a: Ciphertext) throws(CKKSError) -> Ciphertext {
        try check(a)
        let element = try ringCall { () throws(HERingError) in
            try GaloisElement.conjugation(logDegree: context.parameters.logDegree)
        }
        guard let key = keys?.galois[element.exponent] else { throw .missingConjugationKey }
        return apply(element, to: a, switched: switchKey(a.components[1], with: try reaching(key, a)))
    }

    /// Several rotations of one ciphertext sharing one decomposition of c_1 (hoisting): the expensive ModUp
    /// runs once, then each step costs an inner product, a ModDown and two permutations.
    ///
    /// - Returns: the rotated ciphertext for every requested step.
    /// - Throws: ``CKKSError/missingRotationKey(step:)`` naming the first step without a key.
    public func rotations(of a: Ciphertext, by steps: [Int]) throws(CKKSError) -> [Int: Ciphertext] {
        try check(a)
        var plan: [(Int, GaloisElement?, KeySwitchingKey?)] = []
        for step in steps {
            let found = try rotationKey(for: a, step: step)
            plan.append((step, found?.0, found?.1))
        }
        let switching = context.keySwitching
        let single = plan.filter { $0.1 != nil }.count == 1
        let digits = single ? nil : switching.decompose(a.components[1])
        var result: [Int: Ciphertext] = [:]
        for (step, element, key) in plan {
            guard let element, let key else {
                result[step] = try dropLevels(a, to: a.level)
                continue
            }
            let switched =
                digits.map { switching.switchKey($0, keyB: key.b, keyA: key.a) }
                ?? switchKey(a.components[1], with: key)
            result[step] = apply(element, to: a, switched: switched)
        }
        return result
    }

    /// (φ(c_0 + u_0), φ(u_1)) where (u_0, u_1) switched c_1 with a Galois key stored as φ⁻¹ of the usual key
    /// (see ``KeyGenerator``): permuting these two results replaces permuting every digit.
    func apply(
        _ element: GaloisElement, to a: Ciphertext,
        switched: (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>)
    ) -> Ciphertext {
        var c0 = a.components[0]
        c0.add(switched.0)
        return Ciphertext(
            components: [c0.applying(element), switched.1.applying(element)], scale: a.scale,
            parametersFingerprint: a.parametersFingerprint)
    }

    /// The steps among `steps` this evaluator has no Galois key for, in ascending order (step 0 and multiples of the
    /// slot count need none).
    public func missingRotationKeys(_ steps: some Sequence<Int>) -> [Int] {
        let logN = context.parameters.logDegree
        return steps.filter { step in
            guard step % context.slotCount != 0,
                let element = try? GaloisElement.rotation(by: step, logDegree: logN)
            else { return false }
            return keys?.galois[element.exponent] == nil
        }.sorted()
    }
}
