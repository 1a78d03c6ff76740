import CKKS
import Foundation
import HEML

extension MultipartySession {
    /// Plans training for the union of the parties' rows and writes the session file (mode 0600, never over an
    /// existing one unless `overwrite`: files of the old session would no longer be accepted).
    ///
    /// - Parameters:
    ///   - csv: any party's training data: read for its columns and the label's classes (every party's CSV must
    ///     have the same).
    ///   - url: where to write the session; its directory becomes the exchange directory.
    ///   - parties: the parties' names (2 … 64, distinct; letters, digits, '-', '_'), in the order of their rows.
    ///   - rows: each party's row count.
    ///   - label: the label column (nil: the last one).
    ///   - clip: the z-score clip c of the joint scaling.
    ///   - request: the plan's options (with levels reserved for the joint aggregates as in ``MultipartyAllInOne``);
    ///     plans that bootstrap are refused.
    ///   - statisticalSecurity: bits of the flooded decryption shares (1 … 100).
    ///   - floodRelease: whether the parties flood their decryption shares of the model.
    ///   - privacy: train with DP-GD under this budget: the joint scaling then skips the preconditioner (its Gram
    ///     round), every party encrypts a share of the gradient noise with its rows (``PartyNoise``), and the
    ///     server adds their sum to every iteration.
    ///   - colluders: the t of ``NoiseSharing`` (nil: parties − 1, the budget holds against any coalition short of
    ///     all parties); only with `privacy`.
    /// - Throws: ``WorkflowError`` for an unusable path, a malformed CSV, names or counts out of range (colluders
    ///   without `privacy` or outside 0 … parties − 1 included), or a plan that does not fit or would bootstrap.
    public static func create(
        csv: URL, out url: URL, parties: [String], rows: [Int], label: String? = nil, clip: Double = 4,
        plan request: PlanRequest, statisticalSecurity: Int = NoiseFlooding.defaultStatisticalSecurity,
        floodRelease: Bool = false, privacy: DPRelease? = nil, colluders: Int? = nil, overwrite: Bool = false,
        allowInsecure: Bool = false,
        observer: any WorkflowObserver = SilentObserver()
    ) throws(WorkflowError) -> MultipartySession {
        do {
            try OutputPath.check(url, option: "--out", overwrite: overwrite)
            guard parties.count == rows.count else {
                throw WorkflowError.unusablePath(
                    "give one row count per party (\(parties.count) parties, \(rows.count) counts)")
            }
            guard privacy != nil || colluders == nil else {
                throw WorkflowError.heml(.invalidArgument("colluders belong to a differentially private session"))
            }
            var phases = Phases(observer)
            let data = try phases.run(
                "read", "reading \(csv.lastPathComponent)",
                { try CSVReader.read(csv, options: CSVReadOptions(labelColumn: label)) },
                done: { "\($0.featureCount) features, label \($0.labelName)" })
            let plan = try JointAggregate.reservingLevels(request)
                .plan(rows: rows.reduce(0, +), features: data.featureCount, observer: observer)
            guard plan.bootstrapping == nil else {
                throw WorkflowError.heml(
                    .invalidArgument("multiparty training does not bootstrap; plan fewer iterations"))
            }
            _ = try phases.run(
                "write", "writing \(url.lastPathComponent)",
                {
                    try write(
                        to: url, columnsOf: data, parties: parties, rows: rows, plan: plan, clip: clip,
                        statisticalSecurity: statisticalSecurity, floodRelease: floodRelease,
                        privacy: privacy.map {
                            Privacy(epsilon: $0.epsilon, delta: $0.delta, colluders: colluders ?? parties.count - 1)
                        })
                }, done: { "session \($0.short) written" })
            return try MultipartySession(reading: url, allowInsecure: allowInsecure)
        } catch {
            throw WorkflowError(error)
        }
    }
}
