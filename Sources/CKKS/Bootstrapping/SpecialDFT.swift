import ComplexModule
import RealModule

/// The CKKS "special" DFT factored into radix-2 butterfly stages, and those stages grouped into a level budget
/// (Cheon, Han, Kim, Kim and Song 2018, §4.2; Chen, Chillotti and Song, "Improved bootstrapping for approximate
/// homomorphic encryption", Eurocrypt 2019, §3; Han and Ki, CT-RSA 2020).
///
/// With n slots (a power of two, n ≤ N/2), a real polynomial in Y = X^(N/(2n)) with coefficients m_0 … m_(2n−1)
/// has slot values z_j = Σ_(k<n) w_k·ξ^(5^j·k), where w_k = m_k + i·m_(k+n) and ξ = e^(2πi/(4n)) (the slots of
/// ``CKKSEncoder``, because ξ^(5^j·n) = i). Call this matrix V. Splitting w into even and odd indices,
/// z_j = E_j + x_j·O_j and z_(j+n/2) = E_j − x_j·O_j with x_j = ξ^(5^j) and E, O the same transform of size n/2
/// (since 5^(n/2) ≡ 1 + 2n mod 4n, x_(j+n/2) = −x_j). Unrolled, V = S_(log n) ⋯ S_1 · R where R is the
/// bit-reversal permutation and S_s (block size b = 2^s) maps, within each block, (u_j, v_j) for j < b/2 to
/// (u_j + ω_j·v_j, u_j − ω_j·v_j) with ω_j = e^(2πi·5^j/(4b)). Each S_s has three diagonals, 0 and ±b/2, and its
/// inverse (u, v) = ((a + c)/2, conj(ω_j)·(a − c)/2) has the same three.
///
/// R is not sparse, so the transforms leave it out: CoeffToSlot computes S_1⁻¹ ⋯ S_(log n)⁻¹·z = R·w, the
/// coefficients in bit-reversed order, and SlotToCoeff expects that order. The modular reduction between them
/// acts slot by slot, so the order never matters to bootstrapping.
enum SpecialDFT {
    /// ω = e^(2πi·(5^j mod 4b)/(4b)), the twiddle of row j < b/2 in a block of size b.
    static func twiddle(blockSize b: Int, index j: Int) -> Complex<Double> {
        var power = 1
        for _ in 0..<j { power = power * 5 % (4 * b) }
        let angle = 2 * Double.pi * Double(power) / Double(4 * b)
        return Complex(Double.cos(angle), Double.sin(angle))
    }

    /// S_s on n values (or its inverse), 1 ≤ s ≤ log2 n.
    static func stage(_ s: Int, slots n: Int, inverse: Bool) -> DiagonalMatrix {
        let block = 1 << s, half = block / 2
        let twiddles = (0..<half).map { twiddle(blockSize: block, index: $0) }
        var m = DiagonalMatrix(period: n)
        for row in 0..<n {
            let position = row % block
            if position < half {
                let w = twiddles[position]
                m.add(inverse ? Complex(0.5) : Complex(1), row: row, offset: 0)
                m.add(inverse ? Complex(0.5) : w, row: row, offset: half)
            } else {
                let w = twiddles[position - half]
                m.add(inverse ? Complex(-0.5) * w.conjugate : -w, row: row, offset: 0)
                m.add(inverse ? Complex(0.5) * w.conjugate : Complex(1), row: row, offset: -half)
            }
        }
        return m
    }

    /// How many consecutive stages each group holds: `stages` split into `budget` groups as evenly as possible,
    /// the larger groups last (they run at the lower, cheaper levels).
    static func groupSizes(stages: Int, budget: Int) -> [Int] {
        (0..<budget).map { stages / budget + ($0 >= budget - stages % budget ? 1 : 0) }
    }

    /// The stages grouped into `budget` matrices, in the order they are applied: for SlotToCoeff (forward)
    /// S_1 first; for CoeffToSlot (inverse) S_(log n)⁻¹ first. Their product is V·R⁻¹ or R·V⁻¹.
    static func groups(slots n: Int, budget: Int, inverse: Bool) -> [DiagonalMatrix] {
        let logSlots = n.trailingZeroBitCount
        let order = inverse ? Array((1...max(logSlots, 1)).reversed()) : Array(1...max(logSlots, 1))
        var remaining = logSlots == 0 ? [] : order[...]
        return groupSizes(stages: logSlots, budget: budget).map { size in
            var product = DiagonalMatrix.identity(period: n)
            for s in remaining.prefix(size) { product = stage(s, slots: n, inverse: inverse).multiplied(by: product) }
            remaining = remaining.dropFirst(size)
            return product
        }
    }
}
