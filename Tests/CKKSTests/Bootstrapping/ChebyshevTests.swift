import Foundation
import Testing

@testable import CKKS

/// Chebyshev interpolation in float64 and its homomorphic baby-step giant-step evaluation.
@Suite struct ChebyshevTests {
    /// exp(x)·sin(3x) on [−2, 3]: the interpolant of degree 30 is within 1e-12 of f; the Clenshaw sum matches a
    /// direct sum of T_k(u) = cos(k·arccos u).
    @Test func interpolantConvergesAndClenshawMatchesTheBasis() throws {
        let f = { (x: Double) in exp(x) * sin(3 * x) }
        let series = try ChebyshevSeries(interpolating: f, degree: 30, on: -2...3)
        let xs = stride(from: -2.0, through: 3.0, by: 0.01)
        let error = xs.map { abs(series($0) - f($0)) }.max()!
        #expect(error < 1e-12, "\(error)")
        for x in [-2.0, -0.3, 1.7, 3.0] {
            let theta = acos(series.normalized(x))
            let direct = series.coefficients.enumerated().reduce(0) { $0 + $1.1 * cos(Double($1.0) * theta) }
            #expect(abs(direct - series(x)) < 1e-12)
        }
    }

    /// The depth formula (exact for d + 1 a power of two, an upper bound otherwise) against the levels the
    /// evaluation actually uses.
    @Test(arguments: [(3, 2), (7, 4), (15, 4), (30, 8), (31, 2), (40, 8)])
    func depthIsWhatTheEvaluationUses(degree: Int, babySteps: Int) throws {
        let f = try Fixture.small.get()
        let series = try ChebyshevSeries(interpolating: { cos(4 * $0) + $0 / 3 }, degree: degree, on: -1...1)
        let depth = Evaluator.chebyshevDepth(degree: degree, babySteps: babySteps)
        let bits = Int.bitWidth - degree.leadingZeroBitCount
        let formula = bits + (babySteps > 2 ? 1 : 0)
        let exact = (degree + 1).nonzeroBitCount == 1
        #expect(exact ? depth == formula : depth <= formula, "degree \(degree), g \(babySteps): depth \(depth)")
        let u = try f.encrypt(f.values(seed: 3))
        let result = try f.evaluator.evaluate(series, at: u, babySteps: babySteps)
        #expect(result.level == u.level - depth)
        #expect(abs(result.scale / f.context.levelScales[result.level] - 1) < 1e-9)
    }

    /// A degree-15 interpolant of a function with large Chebyshev coefficients, evaluated on N = 2^12, L = 6,
    /// 40-bit scale, against the float64 series.
    @Test(arguments: [2, 4, 8])
    func encryptedEvaluationMatchesThePlaintextSeries(babySteps: Int) throws {
        let f = try Fixture.small.get()
        let function = { (x: Double) in 2 * sin(5 * x) + cos(2 * x) - 0.5 }
        let series = try ChebyshevSeries(interpolating: function, degree: 15, on: -1...1)
        let x = f.values(seed: 21)
        let result = try f.evaluator.evaluate(series, at: f.encrypt(x), babySteps: babySteps)
        let bits = precisionBits(try f.decrypt(result), x.map { series($0) })
        // Measured 23.9–24.6 bits for each g (f′ reaches about 12, amplifying the inputs' fresh noise).
        #expect(bits >= 22, "g = \(babySteps): \(bits) bits")
    }

    @Test func refusesConstantsBadBabyStepsAndTooFewLevels() throws {
        let f = try Fixture.small.get()
        let u = try f.encrypt(f.values(seed: 5), level: 2)
        let constant = try ChebyshevSeries(coefficients: [1, 0])
        #expect(throws: CKKSError.self) { try f.evaluator.evaluate(constant, at: u) }
        let cube = try ChebyshevSeries(coefficients: [0, 0.75, 0, 0.25])
        #expect(throws: CKKSError.self) { try f.evaluator.evaluate(cube, at: u, babySteps: 3) }
        #expect(throws: CKKSError.levelExhausted(operation: "a degree-3 Chebyshev series (depth 2)")) {
            try f.evaluator.evaluate(cube, at: f.evaluator.dropLevels(u, to: 1), babySteps: 2)
        }
        #expect(throws: CKKSError.self) { try ChebyshevSeries(coefficients: [1], interval: 1...1) }
    }
}
