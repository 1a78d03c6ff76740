/// Hybrid key switching over a modulus chain Q = q_0 · … · q_L with special primes P (Han–Ki, dnum digits).
///
/// The primes of Q are split into digits of `primesPerDigit` consecutive primes. A switching key for digit j
/// encrypts P · s' on the primes of digit j (and 0 elsewhere) under s, over Q_L ∪ P. At level ℓ a polynomial
/// c over Q_ℓ is decomposed into its digits, each raised to Q_ℓ ∪ P by fast base conversion (ModUp); the digits
/// are multiplied into the key and summed (the inner product); the sum is divided by P back to Q_ℓ (ModDown).
/// The noise added is about Σ_j |digit_j| · |e| / P, small when P exceeds the largest digit. A key used only up to
/// level ℓ_k needs only Q_ℓk ∪ P and the digits of that level: a key with fewer limbs switches any polynomial at a
/// level up to ℓ_k, bit for bit as the whole key would.
///
/// Holds one plan per level (rings and base converters); immutable and shareable across threads. One key switch
/// may use several cores (``threads``): the NTTs, conversions and products of every stage are split by limb or by
/// coefficient, each part computed as one thread would, so the results are identical for every thread count.
package final class HybridKeySwitching: @unchecked Sendable {
    /// The special primes P as a ring.
    package let ringP: RingContext
    /// Number of consecutive primes of Q per digit (α).
    package let primesPerDigit: Int
    let plans: [LevelPlan]
    let scratch = ScratchPool()
    /// How the stages of one key switch are split over cores.
    let parallel: ParallelChunks

    /// One level's rings and converters.
    struct LevelPlan {
        let ringQ: RingContext
        let ringQP: RingContext
        let digits: [DigitPlan]
        let pToQ: BaseConverter
        let pInverse: [UInt64]
        /// h = (P − 1)/2 on each special prime: added to every coefficient before dividing, so the quotient is
        /// rounded rather than floored.
        let halfPOnP: [UInt64]
        /// −h on each prime of Q_ℓ: removes h from the converted correction.
        let minusHalfPOnQ: [UInt64]
    }

    /// How one digit is raised from its own primes to the rest of Q_ℓ ∪ P. A raised digit is stored as the
    /// converter's target limbs followed by the digit's own limbs; `positions` maps each to its limb of Q_ℓ ∪ P.
    struct DigitPlan {
        let limbs: Range<Int>
        let converter: BaseConverter
        let positions: [Int]
        let targetTables: [NTTTables]

        /// The converted rows that land on `positions` of Q_ℓ ∪ P: those below the digit's own limbs (row = position)
        /// and those above them (row = position − α), each contiguous, either possibly empty.
        func convertedRows(in positions: Range<Int>) -> (below: Range<Int>, above: Range<Int>) {
            let below = positions.clamped(to: 0..<limbs.lowerBound)
            let above = positions.clamped(to: limbs.upperBound..<max(limbs.upperBound, positions.upperBound))
            return (below, (above.lowerBound - limbs.count)..<(above.upperBound - limbs.count))
        }

        /// The row of a raised digit that lands on `position` of Q_ℓ ∪ P (the inverse of `positions`).
        func row(of position: Int) -> Int {
            if limbs.contains(position) { return targetTables.count + position - limbs.lowerBound }
            return position < limbs.lowerBound ? position : position - limbs.count
        }
    }

    /// - Parameters:
    ///   - chain: the ring over q_0 … q_L (the top level).
    ///   - special: the ring over P (at least one prime, none shared with the chain).
    ///   - primesPerDigit: α ≥ 1.
    ///   - threads: cores one key switch may use, 1…64 (1: all on the calling thread).
    /// - Throws: ``HERingError/invalidArgument(_:)`` for an empty P, shared primes, α < 1 or a thread count
    ///   outside 1…64.
    package init(chain: RingContext, special: RingContext, primesPerDigit: Int, threads: Int = 1) throws(HERingError) {
        guard primesPerDigit >= 1 else { throw .invalidArgument("a digit needs at least one prime") }
        guard (1...64).contains(threads) else { throw .invalidArgument("a key switch uses 1…64 threads") }
        parallel = ParallelChunks(threads: threads)
        guard Set(chain.moduli).isDisjoint(with: special.moduli) else {
            throw .invalidArgument("special primes must differ from the chain's primes")
        }
        ringP = special
        self.primesPerDigit = primesPerDigit
        var plans: [LevelPlan] = []
        for level in 0..<chain.limbCount {
            plans.append(try Self.plan(level: level, chain: chain, special: special, primesPerDigit: primesPerDigit))
        }
        self.plans = plans
    }

    static func plan(level: Int, chain: RingContext, special: RingContext, primesPerDigit: Int) throws(HERingError)
        -> LevelPlan
    {
        let ringQ = chain.prefix(level + 1)
        let ringQP = try ringQ.appending(special)
        var digits: [DigitPlan] = []
        for start in stride(from: 0, through: level, by: primesPerDigit) {
            let limbs = start..<min(start + primesPerDigit, level + 1)
            let positions = Array(0..<limbs.lowerBound) + Array(limbs.upperBound..<ringQP.limbCount)
            let ring = try RingContext(tables: Array(ringQP.tables[limbs]), path: chain.path)
            let target = try RingContext(tables: positions.map { ringQP.tables[$0] }, path: chain.path)
            digits.append(
                DigitPlan(
                    limbs: limbs, converter: try BaseConverter(from: ring, to: target),
                    positions: positions + Array(limbs), targetTables: target.tables))
        }
        let pToQ = try BaseConverter(from: special, to: ringQ)
        let pInverse = ringQ.moduli.map { q in q.inverse(residue(of: special, modulo: q)) }
        let half = { (q: Modulus) in q.multiply((residue(of: special, modulo: q) + q.value - 1) % q.value, q.inverse(2))
        }
        return LevelPlan(
            ringQ: ringQ, ringQP: ringQP, digits: digits, pToQ: pToQ, pInverse: pInverse,
            halfPOnP: special.moduli.map(half),
            minusHalfPOnQ: ringQ.moduli.map { q in (q.value - half(q)) % q.value })
    }

    /// The product of a ring's primes modulo q.
    static func residue(of ring: RingContext, modulo q: Modulus) -> UInt64 {
        ring.moduli.reduce(UInt64(1)) { q.multiply($0, q.reduce($1.value)) }
    }

    /// Cores one key switch may use.
    package var threads: Int { parallel.threads }

    /// Highest level L.
    package var maxLevel: Int { plans.count - 1 }

    /// The ring over q_0 … q_ℓ.
    package func ringQ(level: Int) -> RingContext { plans[level].ringQ }

    /// The ring over q_0 … q_ℓ followed by P.
    package func ringQP(level: Int) -> RingContext { plans[level].ringQP }

    /// Number of digits at the top level (the number of key components).
    package var digitCount: Int { plans[maxLevel].digits.count }

    /// Residues, on each limb of Q_L ∪ P, of digit j's gadget factor: P mod q_i on the primes of digit j,
    /// 0 on every other prime (including P's).
    package func gadgetResidues(digit j: Int) -> [UInt64] {
        let top = plans[maxLevel]
        let limbs = top.digits[j].limbs
        return top.ringQP.moduli.enumerated().map { i, q in limbs.contains(i) ? Self.residue(of: ringP, modulo: q) : 0 }
    }

    /// Level of a polynomial over Q_ℓ, checked against this chain.
    func level(of c: RNSPolynomial<Evaluation>) -> Int {
        let level = c.limbCount - 1
        precondition(
            level <= maxLevel && c.context.isSameRing(as: plans[level].ringQ),
            "key switching input is not over a level of this chain")
        return level
    }
}
