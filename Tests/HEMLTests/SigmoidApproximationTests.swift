import Foundation
import Testing

@testable import HEML

@Suite struct SigmoidApproximationTests {
    /// max |p − q| on [−R, R].
    func distance(_ p: SigmoidApproximation, _ q: SigmoidApproximation) -> Double {
        (0...4000).map { k -> Double in
            let x = -p.radius + 2 * p.radius * Double(k) / 4000
            return abs(p.evaluate(x) - q.evaluate(x))
        }.max()!
    }

    @Test func leastSquaresReproducesKimPresets() throws {
        let fit3 = try SigmoidApproximation.leastSquares(degree: 3, radius: 8)
        let fit5 = try SigmoidApproximation.leastSquares(degree: 5, radius: 8)
        let fit7 = try SigmoidApproximation.leastSquares(degree: 7, radius: 8)
        for (fit, kim) in [(fit3, SigmoidApproximation.kim3), (fit7, .kim7)] {
            #expect(distance(fit, kim) < 1e-3, "\(kim.name)")
            for (a, b) in zip(fit.normalizedCoefficients, kim.normalizedCoefficients) { #expect(abs(a - b) < 3e-3) }
        }
        #expect(distance(fit3, .kim3) < 1e-5)  // Kim's coefficients are rounded to 5 digits
        // Degree 5: x and x³ agree; the published x⁵ coefficient is 2.4 % off the least-squares value.
        #expect(abs(fit5.normalizedCoefficients[1] - SigmoidApproximation.kim5.normalizedCoefficients[1]) < 1e-3)
        #expect(abs(fit5.normalizedCoefficients[3] - SigmoidApproximation.kim5.normalizedCoefficients[3]) < 1e-3)
        #expect(abs(fit5.coefficients[5] - 4.22294e-5) < 1e-9)
        #expect(abs(distance(fit5, .kim5) - 0.0327) < 1e-3)
        // The documented normalised form: 0.5 + 1.20096 u − 0.81562 u³.
        #expect(abs(SigmoidApproximation.kim3.normalizedCoefficients[1] - 1.20096) < 1e-12)
        #expect(abs(SigmoidApproximation.kim3.normalizedCoefficients[3] + 0.815616) < 1e-12)
    }

    @Test(arguments: [(3, 0.1144, 0.1162, 0.0895), (5, 0.0614, 0.0620, 0.0409), (7, 0.0322, 0.0297, 0.0189)])
    func errorsOnMinusEightToEightStayBelowBounds(
        degree: Int, leastSquaresBound: Double, chebyshevBound: Double,
        minimaxBound: Double
    ) throws {
        let ls = try SigmoidApproximation.leastSquares(degree: degree, radius: 8)
        let cheb = try SigmoidApproximation.chebyshev(degree: degree, radius: 8)
        let mm = try SigmoidApproximation.minimax(degree: degree, radius: 8)
        #expect(ls.maxError < leastSquaresBound)
        #expect(cheb.maxError < chebyshevBound)
        #expect(mm.maxError < minimaxBound)
        #expect(mm.maxError < ls.maxError && mm.maxError < cheb.maxError)
        for p in [ls, cheb, mm] {
            #expect(p.degree == degree && p.interval == -8...8)
            #expect(p.coefficients[0] == 0.5)
            #expect(stride(from: 2, through: degree, by: 2).allSatisfy { p.coefficients[$0] == 0 })
        }
    }

    /// Chebyshev's theorem: the minimax error equioscillates at degree + 3 points (odd target, symmetric interval).
    @Test(arguments: [1, 3, 5, 7, 9])
    func minimaxErrorEquioscillates(degree: Int) throws {
        let p = try SigmoidApproximation.minimax(degree: degree, radius: 8)
        let grid = (0...20_000).map { -8 + 16 * Double($0) / 20_000 }
        let errors = grid.map { logistic($0) - p.evaluate($0) }
        var signs = [Double]()
        for e in errors where abs(e) > p.maxError * (1 - 1e-4) {
            let s: Double = e > 0 ? 1 : -1
            if signs.last != s { signs.append(s) }
        }
        #expect(signs.count >= degree + 3, "alternations \(signs.count)")
        #expect(errors.map(abs).max()! <= p.maxError * (1 + 1e-9))
    }

    @Test func minimaxOnMinusFiveToFiveMatchesChen() throws {
        // Chen et al. (TenSEAL): 0.5 + 0.197 x − 0.004 x³ on [−5, 5], published to three decimals.
        let p = try SigmoidApproximation.minimax(degree: 3, radius: 5)
        #expect(abs(p.coefficients[1] - 0.197) < 1e-3)
        #expect(abs(p.coefficients[3] + 0.004) < 5e-4)
    }

    @Test func normalisedAndPowerCoefficientsAgree() throws {
        let p = try SigmoidApproximation.leastSquares(degree: 5, radius: 12)
        for x in stride(from: -12.0, through: 12, by: 0.75) {
            let u = x / 12
            let viaU = p.normalizedCoefficients.enumerated().reduce(0) { $0 + $1.element * pow(u, Double($1.offset)) }
            #expect(abs(viaU - p.evaluate(x)) < 1e-13)
        }
        let q = try SigmoidApproximation(normalizedCoefficients: p.normalizedCoefficients, radius: 12)
        #expect(zip(q.coefficients, p.coefficients).allSatisfy { abs($0 - $1) <= 1e-15 * max(1, abs($1)) })
        #expect(abs(q.maxError - p.maxError) < 1e-12)
        #expect(SigmoidApproximation.kim(degree: 7) == .kim7 && SigmoidApproximation.kim(degree: 9) == nil)
    }

    @Test func refusesBadDegreesAndIntervals() {
        let degree = HEMLError.invalidArgument("sigmoid approximation degree must be odd, 1 to 31")
        #expect(throws: degree) { try SigmoidApproximation.leastSquares(degree: 4, radius: 8) }
        #expect(throws: degree) { try SigmoidApproximation.minimax(degree: 33, radius: 8) }
        #expect(throws: degree) { try SigmoidApproximation(coefficients: [0.5], radius: 8) }
        #expect(throws: HEMLError.invalidArgument("interval radius must be finite and positive")) {
            try SigmoidApproximation.chebyshev(degree: 3, radius: 0)
        }
        #expect(throws: HEMLError.invalidArgument("coefficients must be finite")) {
            try SigmoidApproximation(coefficients: [0.5, .nan], radius: 8)
        }
    }

    @Test func logisticIsStable() {
        #expect(logistic(0) == 0.5)
        #expect(logistic(800) == 1 && logistic(-800) == 0)
        #expect(abs(logistic(-3) + logistic(3) - 1) < 1e-15)
    }
}
