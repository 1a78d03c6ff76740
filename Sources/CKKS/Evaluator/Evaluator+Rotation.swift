import HERing

extension Evaluator {
    /// Rotates slots left by `step` (slot j + step moves to slot j; negative steps rotate right), modulo N/2.
    ///
    /// - Throws: ``CKKSError/missingRotationKey(step:)`` when no key for that step was generated.
    public func rotate(_ a: Ciphertext, by step: Int) throws(CKKSError) -> Ciphertext {
        try rotations(of: a, by: [step])[step]!
    }

    /// Complex conjugation of every slot.
    ///
    /// - Throws: ``CKKSError/missingConjugationKey``.
    public func conjugate(_ a: Ciphertext) throws(CKKSError) -> Ciphertext {
        try check(a)
        let element = try ringCall { () throws(HERingError) in try GaloisElement.conjugation(logDegree: context.parameters.logDegree) }
        guard let key = keys?.galois[element.exponent] else { throw .missingConjugationKey }
        return apply(element, to: a, switched: switchKey(a.components[1], with: key))
    }

    /// Several rotations of one ciphertext sharing one decomposition of c_1 (hoisting): the expensive ModUp
    /// runs once, then each step costs an inner product, a ModDown and two permutations.
    ///
    /// - Returns: the rotated ciphertext for every requested step.
    /// - Throws: ``CKKSError/missingRotationKey(step:)`` naming the first step without a key.
    public func rotations(of a: Ciphertext, by steps: [Int]) throws(CKKSError) -> [Int: Ciphertext] {
        try check(a)
        guard a.size == 2 else { throw .invalidInput("rotate a relinearized (size-2) ciphertext") }
        let logN = context.parameters.logDegree
        var plan: [(Int, GaloisElement?, KeySwitchingKey?)] = []
        for step in steps {
            guard step % context.slotCount != 0 else {
                plan.append((step, nil, nil))
                continue
            }
            let element = try ringCall { () throws(HERingError) in try GaloisElement.rotation(by: step, logDegree: logN) }
            guard let key = keys?.galois[element.exponent] else { throw .missingRotationKey(step: step) }
            plan.append((step, element, key))
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
            let switched = digits.map { switching.switchKey($0, keyB: key.b, keyA: key.a) } ?? switchKey(a.components[1], with: key)
            result[step] = apply(element, to: a, switched: switched)
        }
        return result
    }

    /// (φ(c_0 + u_0), φ(u_1)) where (u_0, u_1) switched c_1 with a Galois key stored as φ⁻¹ of the usual key
    /// (see ``KeyGenerator``): permuting these two results replaces permuting every digit.
    func apply(_ element: GaloisElement, to a: Ciphertext,
               switched: (RNSPolynomial<Evaluation>, RNSPolynomial<Evaluation>)) -> Ciphertext {
        var c0 = a.components[0]
        c0.add(switched.0)
        return Ciphertext(components: [c0.applying(element), switched.1.applying(element)], scale: a.scale,
                          parametersFingerprint: a.parametersFingerprint)
    }

    /// Σ over windows of `count` consecutive slots: slot j becomes Σ_(k < count) slot (j + k) (indices mod N/2),
    /// by log2(count) rotations by 1, 2, 4, …
    ///
    /// - Parameter count: a power of two, 1 … N/2 (N/2 sums every slot into every slot).
    /// - Throws: ``CKKSError/missingRotationKey(step:)`` for a missing power-of-two step.
    public func sumSlots(_ a: Ciphertext, count: Int) throws(CKKSError) -> Ciphertext {
        guard count > 0, count & (count - 1) == 0, count <= context.slotCount else {
            throw .invalidInput("slot count to sum must be a power of two up to \(context.slotCount)")
        }
        var result = a
        var step = 1
        while step < count {
            try addInPlace(&result, rotate(result, by: step))
            step <<= 1
        }
        return result
    }

    /// The steps among `steps` this evaluator has no Galois key for, in ascending order (step 0 and multiples of the
    /// slot count need none).
    public func missingRotationKeys(_ steps: some Sequence<Int>) -> [Int] {
        let logN = context.parameters.logDegree
        return steps.filter { step in
            guard step % context.slotCount != 0,
                  let element = try? GaloisElement.rotation(by: step, logDegree: logN) else { return false }
            return keys?.galois[element.exponent] == nil
        }.sorted()
    }

    /// The rotation steps ``sumSlots(_:count:)`` needs.
    public static func sumSlotsSteps(count: Int) -> Set<Int> {
        Set(sequence(first: 1) { $0 * 2 }.prefix { $0 < count })
    }
}
