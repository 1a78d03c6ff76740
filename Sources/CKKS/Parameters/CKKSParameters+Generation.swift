import Foundation
import HERing

extension CKKSParameters {
    /// Builds a chain from sizes: q_0 of `firstModulusBits`, L scaling primes chosen so that the scale after
    /// every rescale stays within about 2^-20 of 2^scaleBits, optionally larger primes on
    /// top for bootstrapping, and the special primes.
    ///
    /// Scaling primes are picked greedily: going down from the top, each is the NTT prime nearest to s²/2^scaleBits
    /// where s is the current scale, so s²/q stays at 2^scaleBits instead of drifting. The choice is
    /// deterministic.
    ///
    /// Bootstrapping levels (Bossuat et al. 2021, §5: EvalMod and CoeffToSlot want more precision than the
    /// computation) sit above the scaling primes, one prime of `bootstrappingModulusBits[i]` bits each. The scale rises
    /// through them as s_ℓ = √(s_(ℓ−1)·q_ℓ), so that a product rescaled by q_ℓ lands exactly on the level below
    /// (``CKKSContext/levelScales``) and the top levels work at nearly their primes' size; the parameters' scale is
    /// the top one, and the scale of the level `levels` is 2^scaleBits again.
    ///
    /// - Parameters:
    ///   - logDegree: log2 N, 10 … 17.
    ///   - levels: L ≥ 0, the number of rescalings.
    ///   - scaleBits: 20…60.
    ///   - firstModulusBits: 20…61, above `scaleBits`.
    ///   - specialModulusBits: 20…61. Primes below 2^50 use the AVX-512 IFMA kernels.
    ///   - specialModulusCount: special primes, ≥ 1.
    ///   - bootstrappingModulusBits: the sizes of the levels above the scaling primes, bottom to top, 20…61 each
    ///     (default none).
    ///   - primesPerDigit: α; defaults to the number of special primes.
    ///   - secret: the secret-key distribution (sparse secrets need `security: .unchecked`).
    ///   - security: `.classical128` checks the 128-bit bound; `.unchecked` is for tests only.
    /// - Throws: as ``init(logDegree:ciphertextModuli:specialModuli:scale:secret:primesPerDigit:security:)``.
    public init(
        logDegree: Int, levels: Int, scaleBits: Int, firstModulusBits: Int, specialModulusBits: Int,
        specialModulusCount: Int, bootstrappingModulusBits: [Int] = [], primesPerDigit: Int? = nil,
        secret: SecretDistribution = .ternary, security: SecurityPolicy = .classical128
    ) throws(CKKSError) {
        guard levels >= 0, (20...60).contains(scaleBits), (20...61).contains(firstModulusBits),
            (20...61).contains(specialModulusBits), bootstrappingModulusBits.allSatisfy((20...61).contains),
            specialModulusCount >= 1, (10...17).contains(logDegree)
        else {
            throw .invalidParameters("levels ≥ 0, scale 20…60 bits, primes 20…61 bits, at least one special prime")
        }
        let chainLevels = levels + bootstrappingModulusBits.count
        guard chainLevels < Self.maximumPrimeCount, specialModulusCount <= Self.maximumPrimeCount - chainLevels - 1
        else {
            throw .invalidParameters("at most \(Self.maximumPrimeCount) primes (levels + 1 + special primes)")
        }
        let scaling = try ringCall { () throws(HERingError) in
            try Self.scalingPrimes(count: levels, scaleBits: scaleBits, logDegree: logDegree)
        }
        let first = try ringCall { () throws(HERingError) in
            try Modulus.nttPrimes(bits: firstModulusBits, logDegree: logDegree, count: 1, excluding: scaling)
        }
        var top: [UInt64] = []
        for bits in bootstrappingModulusBits {
            top += try ringCall { () throws(HERingError) in
                try Modulus.nttPrimes(bits: bits, logDegree: logDegree, count: 1, excluding: first + scaling + top)
            }
        }
        let special = try ringCall { () throws(HERingError) in
            try Modulus.nttPrimes(
                bits: specialModulusBits, logDegree: logDegree, count: specialModulusCount,
                excluding: first + scaling + top)
        }
        let scale = top.reduce(Double(sign: .plus, exponent: scaleBits, significand: 1)) {
            ($0 * Double($1)).squareRoot()
        }
        try self.init(
            logDegree: logDegree, ciphertextModuli: first + scaling + top, specialModuli: special, scale: scale,
            secret: secret, primesPerDigit: primesPerDigit, security: security)
    }

    /// q_1 … q_L, chosen from the top level down to keep the per-level scale at 2^scaleBits.
    static func scalingPrimes(count: Int, scaleBits: Int, logDegree: Int) throws(HERingError) -> [UInt64] {
        let target = Double(sign: .plus, exponent: scaleBits, significand: 1)
        var scale = target
        var chosen: [UInt64] = []
        for _ in 0..<count {
            let q = try nearestNTTPrime(to: scale * scale / target, logDegree: logDegree, excluding: chosen)
            chosen.append(q)
            scale = scale * scale / Double(q)
        }
        return chosen.reversed()
    }

    /// The prime q ≡ 1 (mod 2N) closest to `value`, not in `excluding`.
    static func nearestNTTPrime(to value: Double, logDegree: Int, excluding: [UInt64]) throws(HERingError) -> UInt64 {
        let step = UInt64(2) << logDegree
        let center = UInt64((value / Double(step)).rounded())
        for distance in 0..<UInt64(1 << 20) {
            for k in distance == 0 ? [center] : [center + distance, center &- distance]
            where k > 0 && k <= center + distance {
                let candidate = k * step + 1
                if candidate < 1 << 61, !excluding.contains(candidate), Modulus.isPrime(candidate) { return candidate }
            }
        }
        throw .invalidArgument("no NTT prime near 2^\(Int(Foundation.log2(value)))")
    }
}
