import Testing

@testable import HERing

/// Independent scalar references and fixtures shared by the ring tests.
enum Reference {
    /// a · b mod q through the standard library's full-width multiply and divide.
    static func mulMod(_ a: UInt64, _ b: UInt64, _ q: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return q.dividingFullWidth((high: product.high, low: product.low)).remainder
    }

    /// Negacyclic schoolbook product mod (X^N + 1, q).
    static func negacyclicProduct(_ a: [UInt64], _ b: [UInt64], _ q: UInt64) -> [UInt64] {
        let n = a.count
        var out = [UInt64](repeating: 0, count: n)
        for i in 0..<n where a[i] != 0 {
            for j in 0..<n {
                let term = mulMod(a[i], b[j], q)
                let k = i + j
                if k < n {
                    out[k] = (out[k] + term) % q
                } else {
                    out[k - n] = (out[k - n] + q - term) % q
                }
            }
        }
        return out
    }

    /// Integer given as little-endian two's-complement words, reduced mod q.
    static func wordsMod(_ words: ArraySlice<UInt64>, _ q: UInt64) -> UInt64 {
        var result: UInt64 = 0
        let twoTo64 = (UInt64(1) << 63) % q * 2 % q
        for word in words.reversed() {
            result = (mulMod(result, twoTo64, q) + word % q) % q
        }
        if let top = words.last, top >> 63 == 1 {
            // Subtract 2^(64·count) to undo two's complement.
            var power: UInt64 = 1
            for _ in words { power = mulMod(power, twoTo64, q) }
            result = (result + q - power) % q
        }
        return result
    }
}

/// The first index where two equal-length arrays differ, so failures print one position instead of whole limbs.
func firstMismatch<T: Equatable>(_ a: [T], _ b: [T]) -> Int? {
    guard a.count == b.count else { return -1 }
    return a.indices.first { a[$0] != b[$0] }
}

/// A random polynomial over `ring` from a fixed-seed generator.
func randomPolynomial(_ ring: RingContext, seed: UInt64) throws -> RNSPolynomial<Coefficient> {
    var random = SeededRandomSource(testSeed: seed)
    return try RNSPolynomial<Coefficient>(uniformIn: ring, using: &random)
}

/// Paths to cross-check: scalar, and the AVX-512 paths (IFMA52, AVX-512F) this CPU has.
let availablePaths = KernelPath.allCases.filter(\.isAvailable)

/// Whether the path comparisons can run (they show as skipped where they cannot).
let severalPathsAvailable = availablePaths.count > 1

/// Ring sizes every oracle test covers: up to 2^13 in the fast run, 2^14 … 2^16 in the `Slow` suites.
let smallRingSizes = Array(10...13)
let largeRingSizes = Array(14...16)

extension Tag {
    /// Tests at N ≥ 2^14. They sit in suites named `Slow`, so that `make test-fast` can skip them by name
    /// (`swift test --skip /Slow/`: `swift test` cannot filter by tag); `make test` runs them.
    @Tag static var slow: Self
}

/// Prime sizes covering the IFMA range (< 50 bits) and the 64-bit lane kernels above it.
let primeSizes = [30, 45, 49, 60]

/// Primes from 2^50 up to the largest supported size, where the AVX-512 paths run their 64-bit lane kernels (the
/// peers' and bootstrapping chains): the smallest NTT prime above 2^50, the largest of 55, 59 and 60 bits, and the
/// largest below 2^61.
func widePrimes(logDegree: Int) throws -> [UInt64] {
    let step = UInt64(2) << logDegree
    let aboveTwoTo50 = sequence(first: (UInt64(1) << 50) + 1) { $0 + step }.first(where: Modulus.isPrime)!
    return try [aboveTwoTo50]
        + [55, 59, 60, 61].flatMap { try Modulus.nttPrimes(bits: $0, logDegree: logDegree, count: 1) }
}
