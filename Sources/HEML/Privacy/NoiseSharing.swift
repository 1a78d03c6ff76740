import Foundation

/// How P parties split the noise of one DP-GD run so that no party knows it, and against whom the budget holds.
///
/// Each party draws its share of every ξ_t independently with variance σ_t²/(P − t) per coordinate, where t is the
/// number of colluding parties the run tolerates (0 ≤ t ≤ P − 1). The shares add up under encryption, so:
/// - anyone who knows at most t shares (t parties pooling theirs, or nobody's) still faces at least P − t unknown
///   shares, of total variance σ_t² or more: the calibrated (ε, δ) holds against them;
/// - an observer who knows c shares faces variance σ_t²·(P − c)/(P − t), so its zCDP parameter is
///   ρ·(P − t)/(P − c) (``rho(knownShares:of:)``): for c = 0 (the public) that is below ρ when t > 0;
/// - a coalition of more than t parties is not covered by (ε, δ); it gets the weaker ρ·(P − t)/(P − c) for c < P,
///   and all P parties together know the noise.
///
/// The default ``tolerating(parties:)`` takes t = P − 1, the threat model of N-out-of-N decryption (secure while one
/// party is honest): each party's share alone carries σ_t², and the total noise is P times the single owner's
/// variance. The derivation is in `docs/differential-privacy.md`.
public struct NoiseSharing: Sendable, Equatable {
    /// P ≥ 1.
    public let parties: Int
    /// t, 0 ≤ t ≤ P − 1: colluders whose pooled shares still leave σ_t².
    public let colluders: Int

    /// - Throws: ``HEMLError/invalidArgument(_:)`` unless P ≥ 1 and 0 ≤ t ≤ P − 1.
    public init(parties: Int, colluders: Int) throws(HEMLError) {
        guard parties >= 1 else { throw .invalidArgument("noise shares need at least one party") }
        guard (0..<parties).contains(colluders) else {
            throw .invalidArgument("the tolerated colluders must be 0 … \(parties - 1) for \(parties) parties")
        }
        self.parties = parties
        self.colluders = colluders
    }

    /// The sharing against any coalition short of all P parties (t = P − 1).
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` for P below 1.
    public static func tolerating(parties: Int) throws(HEMLError) -> NoiseSharing {
        try NoiseSharing(parties: parties, colluders: max(parties - 1, 0))
    }

    /// One party: a share's standard deviation as a multiple of σ_t, 1/√(P − t).
    public var shareFactor: Double { 1 / Double(parties - colluders).squareRoot() }

    /// The sum of all P shares: its standard deviation as a multiple of σ_t, √(P / (P − t)).
    public var totalFactor: Double { (Double(parties) / Double(parties - colluders)).squareRoot() }

    /// The zCDP parameter against an observer who knows `knownShares` (c, 0 ≤ c < P) of the shares:
    /// ρ·(P − t)/(P − c), with ρ the calibrated budget's.
    ///
    /// - Throws: ``HEMLError/invalidArgument(_:)`` unless 0 ≤ c < P (all P shares known leave no noise).
    public func rho(knownShares c: Int, of budget: DPRelease) throws(HEMLError) -> Double {
        guard (0..<parties).contains(c) else {
            throw .invalidArgument("an observer knowing all \(parties) shares knows the noise")
        }
        return budget.rho * Double(parties - colluders) / Double(parties - c)
    }

    /// Lines for a terminal: who draws what, and ε against the public, one party and the tolerated coalition.
    public func summary(_ budget: DPRelease) -> String {
        let public_ = (try? rho(knownShares: 0, of: budget)) ?? budget.rho
        var text =
            "noise shares: each of \(parties) parties draws σ_t/√\(parties - colluders) from its own CSPRNG "
            + "(total σ_t·\(short(totalFactor))); ε = \(short(budget.epsilon)) holds against anyone knowing up to "
            + "\(colluders) share(s); against the public alone ε = "
            + "\(short(DPRelease.epsilon(rho: public_, delta: budget.delta)))"
        if colluders < parties - 1, let one = try? rho(knownShares: colluders + 1, of: budget) {
            text += "; against \(colluders + 1) pooling, ε = \(short(DPRelease.epsilon(rho: one, delta: budget.delta)))"
        }
        return text
    }

    private func short(_ x: Double) -> String { String(format: "%.4g", x) }
}
