internal import CKernels

/// A polynomial of Z_Q[X]/(X^N + 1) in RNS form: one limb of N residues per prime of its ``RingContext``.
///
/// Value semantics with copy-on-write: the residues live in one contiguous buffer, limb-major
/// (limb i occupies `i*N ..< (i+1)*N`), every residue in [0, q_i). `Format` says whether limbs hold
/// coefficients or NTT evaluations.
///
/// Operations on two polynomials require the same ring; a mismatch is a programming error and traps.
public struct RNSPolynomial<Format: PolynomialFormat>: Sendable {
    /// The ring this polynomial lives in.
    public let context: RingContext
    /// Residues, limb-major, `context.limbCount * context.degree` words.
    public internal(set) var residues: [UInt64]

    /// The zero polynomial.
    public init(zeroIn context: RingContext) {
        self.context = context
        residues = [UInt64](repeating: 0, count: context.limbCount * context.degree)
    }

    /// A polynomial from limb-major residues.
    ///
    /// - Throws: ``HERingError/invalidArgument(_:)`` when the count is not limbCount·N or a residue is not
    ///   below its prime.
    public init(context: RingContext, residues: [UInt64]) throws(HERingError) {
        guard residues.count == context.limbCount * context.degree else {
            throw .invalidArgument("expected \(context.limbCount * context.degree) residues, got \(residues.count)")
        }
        for (i, q) in context.moduli.enumerated() {
            let limb = residues[i * context.degree..<(i + 1) * context.degree]
            guard limb.allSatisfy({ $0 < q.value }) else {
                throw .invalidArgument("a residue of limb \(i) is not below its prime")
            }
        }
        self.context = context
        self.residues = residues
    }

    init(uncheckedContext context: RingContext, residues: [UInt64]) {
        self.context = context
        self.residues = residues
    }

    /// Ring degree N.
    public var degree: Int { context.degree }
    /// Number of limbs (primes).
    public var limbCount: Int { context.limbCount }

    /// Residues of limb `i` (coefficients or evaluations modulo `context.moduli[i]`).
    public func limb(_ i: Int) -> ArraySlice<UInt64> {
        residues[i * degree..<(i + 1) * degree]
    }

    /// Keeps the first `count` limbs (dropping primes from the end of the basis); no arithmetic.
    public func truncated(toLimbs count: Int) -> RNSPolynomial {
        RNSPolynomial(uncheckedContext: context.prefix(count), residues: Array(residues.prefix(count * degree)))
    }

    func requireSameRing(_ other: RNSPolynomial) {
        precondition(context.isSameRing(as: other.context), "polynomials are over different rings")
    }

    /// Runs `body(limbIndex, offset, modulus)` for every limb, with `offset` = limbIndex·N.
    func forEachLimb(_ body: (Int, Int, UnsafePointer<ck_modulus>) -> Void) {
        for (i, q) in context.moduli.enumerated() {
            withUnsafePointer(to: q.c) { body(i, i * degree, $0) }
        }
    }
}

extension RNSPolynomial: CustomStringConvertible {
    /// Shape only: residues may be key material and never appear in text.
    public var description: String {
        "RNSPolynomial<\(Format.self)>(N = \(degree), \(limbCount) limbs)"
    }
}

extension RNSPolynomial: Equatable {
    public static func == (lhs: RNSPolynomial, rhs: RNSPolynomial) -> Bool {
        lhs.context.isSameRing(as: rhs.context) && lhs.residues == rhs.residues
    }
}

extension RNSPolynomial {
    /// Overwrites the residues with zeros in place (for secret material about to be released). Copies made
    /// earlier are not affected, so owners of secrets must avoid making them.
    public mutating func wipe() {
        residues.withUnsafeMutableBytes { ck_secure_zero($0.baseAddress, $0.count) }
    }
}

extension RNSPolynomial {
    /// The limbs at `indices` of this polynomial as a polynomial over `ring`, whose primes must be those limbs'
    /// primes in that order (e.g. q_0 … q_ℓ and P out of a key over q_0 … q_L and P).
    package func selectingLimbs(_ indices: [Int], in ring: RingContext) -> RNSPolynomial {
        precondition(
            indices.count == ring.limbCount
                && indices.enumerated().allSatisfy { ring.moduli[$0] == context.moduli[$1] },
            "selected limbs must match the target ring's primes")
        var out = [UInt64]()
        out.reserveCapacity(indices.count * degree)
        for i in indices { out += residues[i * degree..<(i + 1) * degree] }
        return RNSPolynomial(uncheckedContext: ring, residues: out)
    }
}
