import Foundation
import Testing

@testable import HEML

/// Several parties share DP-GD's noise: the widths each draws, what their sum and any P − t of them carry, and the
/// budget against observers who know some shares.
@Suite struct NoiseSharingTests {
    /// A calibration with σ_t = 2 for three iterations (the sensitivity is not used by the sampler).
    static func calibration() throws -> DPCalibration {
        DPCalibration(
            budget: try DPRelease(epsilon: 1, delta: 1e-5),
            sensitivity: try GradientSensitivity(rows: 1, iterations: 3, sigmoid: .kim3, rowNormBound: 1),
            standardDeviations: [2, 2, 2])
    }

    /// The root mean square of every entry (the noise has mean 0).
    func rms(_ noise: GradientNoise) -> Double {
        let all = noise.vectors.flatMap { $0 }
        return (all.reduce(0) { $0 + $1 * $1 } / Double(all.count)).squareRoot()
    }

    /// P = 4 parties tolerating t = 2 colluders, σ = 2: each share has σ/√2, the sum of any P − t = 2 shares σ,
    /// the sum of all four σ·√2. 3 × 20000 samples per share: a sample standard deviation's relative spread is
    /// √(1/120000) ≈ 0.29 %, and each is asserted within 1.5 % (five spreads) of the stated width.
    @Test func sharesCarryTheStatedWidths() throws {
        let calibration = try Self.calibration()
        let sharing = try NoiseSharing(parties: 4, colluders: 2)
        #expect(abs(sharing.shareFactor - 1 / 2.0.squareRoot()) < 1e-15)
        #expect(abs(sharing.totalFactor - 2.0.squareRoot()) < 1e-15)
        var generator = SplitMix64(seed: 11)
        let shares = try (0..<4).map { _ in try calibration.noiseShare(sharing, width: 20000, using: &generator) }
        let widths: [(String, GradientNoise, Double)] = [
            ("one share", shares[0], 2 * sharing.shareFactor),
            ("two honest shares", try shares[2] + shares[3], 2),
            ("all four", try shares[0] + shares[1] + shares[2] + shares[3], 2 * sharing.totalFactor),
        ]
        for (what, noise, stated) in widths {
            #expect(abs(rms(noise) / stated - 1) < 0.015, "\(what): \(rms(noise)) against \(stated)")
        }
    }

    /// The default tolerates every coalition short of all: each share alone carries σ.
    @Test func defaultToleratesAllButOne() throws {
        let sharing = try NoiseSharing.tolerating(parties: 3)
        #expect(sharing.colluders == 2 && sharing.shareFactor == 1)
        var generator = SplitMix64(seed: 12)
        let share = try Self.calibration().noiseShare(sharing, width: 20000, using: &generator)
        #expect(abs(rms(share) / 2 - 1) < 0.015, "share width \(rms(share))")
    }

    /// ρ against c known shares is ρ·(P − t)/(P − c); ε from ρ inverts the budget's conversion.
    @Test func budgetAgainstObserversKnowingShares() throws {
        let budget = try DPRelease(epsilon: 1, delta: 1e-5)
        #expect(abs(DPRelease.epsilon(rho: budget.rho, delta: 1e-5) - 1) < 1e-12)
        let sharing = try NoiseSharing(parties: 3, colluders: 1)
        #expect(abs(try sharing.rho(knownShares: 1, of: budget) - budget.rho) < 1e-15)
        #expect(abs(try sharing.rho(knownShares: 0, of: budget) - budget.rho * 2 / 3) < 1e-15)
        #expect(abs(try sharing.rho(knownShares: 2, of: budget) - budget.rho * 2) < 1e-15)
        #expect(throws: HEMLError.self) { try sharing.rho(knownShares: 3, of: budget) }
        #expect(DPRelease.epsilon(rho: budget.rho * 2 / 3, delta: 1e-5) < 1)
        #expect(sharing.summary(budget).contains("against the public alone ε = 0.8"))
    }

    @Test(arguments: [(0, 0), (2, 2), (2, -1), (3, 3)])
    func refusesCountsOutOfRange(parties: Int, colluders: Int) {
        #expect(throws: HEMLError.self) { try NoiseSharing(parties: parties, colluders: colluders) }
    }
}
