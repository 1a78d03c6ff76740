import CKernels
import Testing

@testable import HERing

/// The C element-wise kernels called directly, on every path: lengths 1 … 19 (whole vectors and masked tails) and
/// edge words, including inputs beyond [0, q) where a kernel accepts them (any word for reduction, [0, 2q) after a
/// lazy subtraction), against the full-width reference.
@Suite struct LimbKernelEdgeTests {
    static let primes: [UInt64] = {
        let wide = (try? widePrimes(logDegree: 10)) ?? []
        let small = (try? Modulus.nttPrimes(bits: 30, logDegree: 10, count: 1)) ?? []
        return small + wide
    }()

    /// Edge residues in [0, q), then pseudo-random ones from `seed`.
    func residues(_ q: UInt64, count: Int, seed: UInt64) -> [UInt64] {
        let edges: [UInt64] = [0, 1, 2, q - 1, q - 2, q / 2, q / 2 + 1]
        var state = seed
        return (0..<count).map { i in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return i < edges.count ? edges[i] : state % q
        }
    }

    @Test(arguments: availablePaths)
    func tailsAndEdgesMatchReference(path: KernelPath) throws {
        #expect(!Self.primes.isEmpty)
        for q in Self.primes {
            var m = ck_modulus()
            #expect(ck_modulus_init(&m, q) == CK_OK)
            for n in 1...19 {
                let a = residues(q, count: n, seed: 1), b = Array(residues(q, count: n, seed: 2).reversed())
                var r = [UInt64](repeating: 0, count: n)
                ck_mul(&r, a, b, n, &m, path.cValue)
                #expect(r == zip(a, b).map { Reference.mulMod($0, $1, q) }, "mul q=\(q) n=\(n) \(path)")
                var acc = b
                ck_mul_add(&acc, a, b, n, &m, path.cValue)
                #expect(acc == zip(a, b).map { (Reference.mulMod($0, $1, q) + $1) % q }, "mul_add q=\(q) n=\(n)")
                ck_mul_scalar(&r, a, q - 1, n, &m, path.cValue)
                #expect(r == a.map { Reference.mulMod($0, q - 1, q) }, "mul_scalar q=\(q) n=\(n) \(path)")
                ck_sub_mul_scalar(&r, a, b, q - 2, n, &m, path.cValue)
                #expect(r == zip(a, b).map { Reference.mulMod(($0 + q - $1) % q, q - 2, q) }, "sub_mul q=\(q) n=\(n)")
                ck_add(&r, a, b, n, &m, path.cValue)
                #expect(r == zip(a, b).map { ($0 + $1) % q }, "add q=\(q) n=\(n) \(path)")
                ck_sub(&r, a, b, n, &m, path.cValue)
                #expect(r == zip(a, b).map { ($0 + q - $1) % q }, "sub q=\(q) n=\(n) \(path)")
            }
        }
    }

    /// ck_reduce_limb takes any 64-bit word: multiples of q and their neighbours up to 4q, 2^61, 2^63 and 2^64 − 1.
    @Test(arguments: availablePaths)
    func reductionOfAnyWordMatchesReference(path: KernelPath) {
        for q in Self.primes {
            var m = ck_modulus()
            #expect(ck_modulus_init(&m, q) == CK_OK)
            var words: [UInt64] = [0, q - 1, q, q + 1, 2 * q - 1, 2 * q, 3 * q - 1, 4 * q - 1, 4 * q, 1 << 61, 1 << 63]
            words += [UInt64.max, UInt64.max - 1, UInt64.max / q * q, UInt64.max / q * q - 1]
            var r = [UInt64](repeating: 0, count: words.count)
            ck_reduce_limb(&r, words, words.count, &m, path.cValue)
            #expect(r == words.map { $0 % q }, "q=\(q) \(path)")
        }
    }
}
