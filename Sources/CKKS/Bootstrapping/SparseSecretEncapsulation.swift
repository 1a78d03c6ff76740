import HERing

/// Sparse-secret encapsulation (Bossuat, Troncoso-Pastoriza and Hubaux, "Bootstrapping for approximate
/// homomorphic encryption with negligible failure-probability by using sparse-secret encapsulation", ACNS 2022;
/// OpenFHE and Lattigo bootstrap this way).
///
/// ModRaise leaves q_0·I in the plaintext with |I| ≤ ⌊(h + 1)/2⌋ for a secret of Hamming weight h, and EvalMod's
/// depth grows with that bound. A dense ternary secret (h ≈ 2N/3, |I| up to several hundred) would make EvalMod
/// deep; a sparse secret for everything would weaken the whole chain. Encapsulation keeps the dense secret s and
/// bootstraps through an ephemeral sparse secret s' of weight h' (32 by default, so |I| ≤ 16):
///
/// 1. at level 0, switch from s to s' with a key over q_0 and one 61-bit prime p' only. A sparse secret is weak
///    at a large modulus, but this key lives at log2(q_0·p') ≈ 121 bits (60-bit q_0), a small fraction of the
///    dense chain's modulus: the paper's argument for encapsulation. The switch adds about √N·σ·q_0/p' per
///    coefficient (2^8 at N = 2^16), which is why bootstrapping first boosts the message to q_0/2^10
///    (``Bootstrapper/inputBoost``): measured, an encapsulated ModRaise of an unboosted 2^40-scale message keeps
///    17.4 bits at N = 2^16;
/// 2. ModRaise under s' (the bound on I is the sparse one);
/// 3. at the top level, switch from s' back to s with an ordinary key over q_0 … q_L and P, encrypted under the
///    dense s.
///
/// The two switches add noise of the order of a key switch (well below Δ); s' exists only while the keys are made.
package struct EncapsulationKeys: Sendable, Equatable {
    /// Switches s to s' over q_0 and p' (encrypted under s').
    package let toSparse: KeySwitchingKey
    /// Switches s' to s over q_0 … q_L and P (encrypted under s).
    package let toDense: KeySwitchingKey
}

extension KeyGenerator {
    /// Both encapsulation keys for a fresh ephemeral secret of Hamming weight `h`, drawn from the system CSPRNG and
    /// wiped before returning.
    func encapsulationKeys(secret s: RNSPolynomial<Evaluation>, ephemeralWeight h: Int) throws(CKKSError)
        -> EncapsulationKeys
    {
        let n = context.parameters.degree
        guard (1...n).contains(h) else { throw .invalidInput("ephemeral secret weight \(h) outside 1 … \(n)") }
        var random = SystemRandomSource()
        var coefficients = try ringCall { () throws(HERingError) in
            try SmallSampler.sparseTernary(count: n, hammingWeight: h, using: &random)
        }
        defer { coefficients.wipe() }
        var sparse = RNSPolynomial<Coefficient>(context: context.keyRing, signedCoefficients: coefficients)
            .forwardNTT()
        defer { sparse.wipe() }
        let small = context.encapsulationSwitching
        let smallRing = small.ringQP(level: 0)
        var sparseSmall = RNSPolynomial<Coefficient>(context: smallRing, signedCoefficients: coefficients).forwardNTT()
        defer { sparseSmall.wipe() }
        var denseBottom = s.selectingLimbs([0], in: context.ring(level: 0)).inverseNTT()
        defer { denseBottom.wipe() }
        var denseSmall = try ringCall { () throws(HERingError) in try denseBottom.centeredLift(to: smallRing) }
            .forwardNTT()
        defer { denseSmall.wipe() }
        return EncapsulationKeys(
            toSparse: try switchingKey(from: denseSmall, to: sparseSmall, over: small),
            toDense: try switchingKey(from: sparse, to: s))
    }
}

extension Evaluator {
    /// ModRaise (see ``modRaise(_:)``) through the ephemeral sparse secret of the evaluation keys: the result is
    /// at level L under the dense secret, and |I| is bounded by the ephemeral weight h' (⌊(h' + 1)/2⌋), not by the
    /// secret's.
    ///
    /// - Throws: ``CKKSError/missingEncapsulationKeys`` without keys from a request with
    ///   ``EvaluationKeyRequest/ephemeralSecretWeight``; ``CKKSError/invalidInput(_:)`` for a size-3 ciphertext.
    public func modRaise(_ a: Ciphertext, encapsulated: Bool) throws(CKKSError) -> Ciphertext {
        guard encapsulated else { return try modRaise(a) }
        guard let keys = keys?.encapsulation else { throw .missingEncapsulationKeys }
        guard a.size == 2 else { throw .invalidInput("raise a relinearized (size-2) ciphertext") }
        var bottom = try dropLevels(a, to: 0)
        let (u0, u1) = context.encapsulationSwitching.switchKey(
            bottom.components[1], keyB: keys.toSparse.b, keyA: keys.toSparse.a)
        bottom.components[0].add(u0)
        bottom.components[1] = u1
        var raised = try modRaise(bottom)
        let (v0, v1) = switchKey(raised.components[1], with: keys.toDense)
        raised.components[0].add(v0)
        raised.components[1] = v1
        return raised
    }
}
