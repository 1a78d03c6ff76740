import HERing

/// ModRaise, the first step of CKKS bootstrapping (Cheon, Han, Kim, Kim and Song, "Bootstrapping for approximate
/// homomorphic encryption", Eurocrypt 2018, §4.1).
///
/// A ciphertext (c_0, c_1) at level 0 decrypts to m = [c_0 + c_1·s]_(q_0). Reading each coefficient of c_0 and c_1
/// as its centered representative in (−q_0/2, q_0/2] and reducing it modulo every prime q_0 … q_L gives a
/// ciphertext at the top level that decrypts, modulo Q, to c_0 + c_1·s = m + q_0·I over the integers, for an
/// integer polynomial I. Each coefficient satisfies |q_0·I_k| ≤ |c_0,k| + |(c_1·s)_k| + |m_k| < (h + 2)·q_0/2 for a
/// secret with h nonzero coefficients in {−1, 0, 1}, so |I_k| ≤ ⌊(h + 1)/2⌋; with c_1 uniform, I_k is close to a
/// sum of h independent uniform variables on (−1/2, 1/2], of standard deviation √(h/12). The rest of bootstrapping
/// (CoeffToSlot, a modular reduction by q_0 in the slots, SlotToCoeff) removes q_0·I.
extension Evaluator {
    /// The ciphertext read modulo the whole chain: level L, same scale, decrypting to m + q_0·I (see the type's
    /// documentation for the bound on I). Levels above 0 are dropped first.
    ///
    /// - Throws: ``CKKSError/invalidInput(_:)`` for a size-3 ciphertext; ``CKKSError/parameterMismatch(_:)``.
    public func modRaise(_ a: Ciphertext) throws(CKKSError) -> Ciphertext {
        guard a.size == 2 else { throw .invalidInput("raise a relinearized (size-2) ciphertext") }
        let bottom = try dropLevels(a, to: 0)
        let ring = context.ring(level: context.maxLevel)
        var components: [RNSPolynomial<Evaluation>] = []
        for component in bottom.components {
            let lifted = try ringCall { () throws(HERingError) in try component.inverseNTT().centeredLift(to: ring) }
            components.append(lifted.forwardNTT())
        }
        return Ciphertext(components: components, scale: a.scale, parametersFingerprint: a.parametersFingerprint)
    }
}
