import ComplexModule

/// A p×p complex matrix stored by its nonzero cyclic diagonals: the form in which a homomorphic linear transform
/// consumes a matrix (Halevi and Shoup, "Algorithms in HElib", Crypto 2014).
///
/// Diagonal d (0 ≤ d < p) holds the entries M[j][(j + d) mod p] for j = 0 … p − 1, so that
/// M·x = Σ_d diagonal_d ⊙ rot_d(x), where rot_d(x)_j = x_((j+d) mod p) is a left rotation. On slot vectors of
/// period p (N/2 slots holding N/(2p) copies of p values), rot_d is the ciphertext rotation by d or by any
/// d' ≡ d (mod p), so a transform of p-dimensional vectors needs only rotations and plaintext products.
///
/// Products compose diagonals directly: (A·B) has diagonal a + b with entries A_a[j]·B_b[(j + a) mod p], so a
/// product of k butterfly stages with 3 diagonals each has at most 2^(k+1) − 1 diagonals.
struct DiagonalMatrix: Sendable {
    /// p, the dimension.
    let period: Int
    /// Nonzero diagonals by offset d in 0 ..< p, each of p entries.
    private(set) var diagonals: [Int: [Complex<Double>]]

    /// The zero matrix.
    init(period: Int) {
        self.period = period
        diagonals = [:]
    }

    /// The p×p identity.
    static func identity(period: Int) -> DiagonalMatrix {
        var m = DiagonalMatrix(period: period)
        m.diagonals[0] = [Complex<Double>](repeating: 1, count: period)
        return m
    }

    /// M[row][(row + offset) mod p] += value.
    mutating func add(_ value: Complex<Double>, row: Int, offset: Int) {
        let d = ((offset % period) + period) % period
        diagonals[d, default: [Complex<Double>](repeating: 0, count: period)][row] += value
    }

    /// self · other (apply other first).
    func multiplied(by other: DiagonalMatrix) -> DiagonalMatrix {
        precondition(period == other.period, "matrices of different dimensions")
        var product = DiagonalMatrix(period: period)
        for (a, left) in diagonals {
            for (b, right) in other.diagonals {
                var entries = product.diagonals[(a + b) % period] ?? [Complex<Double>](repeating: 0, count: period)
                for j in 0..<period { entries[j] += left[j] * right[(j + a) % period] }
                product.diagonals[(a + b) % period] = entries
            }
        }
        product.diagonals = product.diagonals.filter { $0.value.contains { $0 != .zero } }
        return product
    }

    /// diag(factors) · self: row j multiplied by factors[j].
    func scalingRows(by factors: [Complex<Double>]) -> DiagonalMatrix {
        precondition(factors.count == period, "one factor per row")
        var result = self
        for (d, entries) in diagonals { result.diagonals[d] = zip(entries, factors).map { $0 * $1 } }
        return result
    }

    /// The same matrix acting on vectors of period 2p that are p-periodic: row j of the result is row j mod p of
    /// this matrix. Diagonal d keeps its signed offset d' ∈ (−p/2, p/2] (offset d' mod 2p), so the rotations stay
    /// as short as they were; reading x_((j+d') mod 2p) equals reading x_((j+d) mod p) on a p-periodic x.
    func doublingPeriod() -> DiagonalMatrix {
        var result = DiagonalMatrix(period: 2 * period)
        for (d, entries) in diagonals { result.diagonals[(signed(d) + 2 * period) % (2 * period)] = entries + entries }
        return result
    }

    /// M·C on vectors of period 2p, for C mapping a 2p-periodic real vector y to the p complex values
    /// w_k = y_k + i·y_(k+p): the first step of SlotToCoeff for sparse slots, where real and imaginary parts arrive
    /// side by side. Each diagonal d of M becomes two, at d' and d' + p (d' its signed offset); the result's rows
    /// repeat with period p.
    func readingComplexPairs() -> DiagonalMatrix {
        let wide = 2 * period
        var result = DiagonalMatrix(period: wide)
        for (d, entries) in diagonals {
            let offset = signed(d)
            for j in 0..<wide {
                let value = entries[j % period]
                let firstHalf = ((j + offset) % wide + wide) % wide < period
                result.add(firstHalf ? value : value * .i, row: j, offset: offset)
                result.add(firstHalf ? value * .i : value, row: j, offset: offset + period)
            }
        }
        return result
    }

    /// The representative of offset d in (−p/2, p/2]: the shorter rotation.
    func signed(_ d: Int) -> Int { d > period / 2 ? d - period : d }

    /// M·x for a vector of p values (the plaintext reference of the homomorphic transform).
    func applied(to x: [Complex<Double>]) -> [Complex<Double>] {
        precondition(x.count == period, "one value per column")
        var y = [Complex<Double>](repeating: 0, count: period)
        for (d, entries) in diagonals {
            for j in 0..<period { y[j] += entries[j] * x[(j + d) % period] }
        }
        return y
    }
}
