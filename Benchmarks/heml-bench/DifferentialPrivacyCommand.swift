import ArgumentParser
import Foundation
import HEML

/// `heml-bench dp`: the AUC cost of differentially private training (DP-GD, zCDP) per ε, by stratified k-fold
/// cross-validation of the plaintext twin with heml's defaults (the encrypted run matches it to 1e-5 given the
/// same noise).
struct DifferentialPrivacyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dp",
        abstract: "AUC of DP-GD training per ε (plaintext twin, stratified k-fold CV, seeded noise).",
        discussion: """
            Per fold: z-score clipped at 4 (and the diagonal preconditioner unless --no-precondition) fitted on the \
            training part, the twin (kim3; heml's plan unless --iterations, --learning-rate, --step-offset say \
            otherwise) without noise (ε = ∞) and, for every ε, with noise \
            calibrated by DPRelease for the training part's n, drawn `--repeats` times from seeded generators. \
            Reports the held-out AUC (mean and standard deviation over folds × repeats), σ, and how often the \
            domain condition of the guarantee held (every later iterate v_t has |v₀| + Σ c·m_k·|v_k| ≤ 8).
            """)

    @Argument(help: ArgumentHelp("The labelled CSV file.", valueName: "data.csv"))
    var data: String

    @Argument(help: ArgumentHelp("The label column.", valueName: "label"))
    var label: String

    @Option(help: "Number of folds.")
    var folds = 5

    @Option(help: "Seed of the fold assignment and of the noise.")
    var seed: UInt64 = 0

    @Option(parsing: .upToNextOption, help: "Values of ε.")
    var epsilons: [Double] = [0.5, 1, 2, 4, 8]

    @Option(help: "δ.")
    var delta = DPRelease.defaultDelta

    @Option(help: "Noise draws per fold and ε.")
    var repeats = 10

    @OptionGroup var twin: TwinOptions

    @Option(help: "The argument bound A of the sensitivity (default: the polynomial's radius, 8).")
    var argumentBound: Double?

    @Flag(help: "Print JSON instead of a Markdown table.")
    var json = false

    func validate() throws {
        guard (2...20).contains(folds) else { throw ValidationError("folds must be 2 … 20") }
        guard repeats >= 1 else { throw ValidationError("repeats must be at least 1") }
    }

    struct Row: Codable {
        /// nil for the noise-free run.
        var epsilon: Double?
        var delta: Double?
        var rho: Double?
        /// σ of iterations t ≥ 1 on the first fold (per gradient coordinate).
        var sigma: Double?
        var meanAUC: Double
        var standardDeviationAUC: Double
        var runs: Int
        var diverged: Int
        var domainConditionHeld: Int
        /// Median over runs of the largest domain-wide argument |v₀| + Σ c·m_k·|v_k| over iterations t ≥ 1.
        var medianDomainArgument: Double
    }

    struct Summary: Codable {
        var data: String
        var machine: String
        var rows: [Row]
    }

    func run() throws {
        let dataset = try CSVReader.read(URL(fileURLWithPath: data), options: CSVReadOptions(labelColumn: label))
        let splits = try DataSplits.stratifiedKFold(labels: dataset.labels, k: folds, seed: seed)
        let configuration = twin.configuration
        let budgets: [DPRelease?] = [nil] + (try epsilons.map { try DPRelease(epsilon: $0, delta: delta) })
        var results = [[Run]](repeating: [], count: budgets.count)
        var sigmas = [Double?](repeating: nil, count: budgets.count)
        for (index, split) in splits.enumerated() {
            let train = try dataset.selecting(rows: split.train), test = try dataset.selecting(rows: split.test)
            let scaling = try twin.scaling(fittedOn: train)
            let scaledTrain = try scaling.apply(to: train), scaledTest = try scaling.apply(to: test)
            let sensitivity = try GradientSensitivity(
                rows: train.rowCount, iterations: configuration.iterations, sigmoid: .kim3, scaling: scaling,
                argumentBound: argumentBound)
            let bounds =
                [1] + (scaling.multipliers ?? Array(repeating: 1, count: train.featureCount)).map { $0 * scaling.clip! }
            for (b, budget) in budgets.enumerated() {
                guard let budget else {
                    results[b].append(
                        try Run(
                            scaledTrain, scaledTest, configuration, noise: nil, bounds: bounds, sensitivity: sensitivity
                        ))
                    continue
                }
                let calibration = budget.calibrate(sensitivity)
                if sigmas[b] == nil { sigmas[b] = calibration.standardDeviations.last }
                for r in 0..<repeats {
                    var generator = SplitMix64(seed: seed &* 1_000_003 &+ UInt64(index * 10_007 + b * 101 + r))
                    let noise = try calibration.noise(width: train.featureCount + 1, using: &generator)
                    results[b].append(
                        try Run(
                            scaledTrain, scaledTest, configuration, noise: noise, bounds: bounds,
                            sensitivity: sensitivity))
                }
            }
            if !json { FileHandle.standardError.write(Data("fold \(index + 1)/\(folds) done\n".utf8)) }
        }
        let rows = budgets.enumerated().map { b, budget in
            let aucs = results[b].map(\.auc)
            let mean = aucs.reduce(0, +) / Double(aucs.count)
            let variance = aucs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, aucs.count - 1))
            return Row(
                epsilon: budget?.epsilon, delta: budget?.delta, rho: budget?.rho, sigma: sigmas[b], meanAUC: mean,
                standardDeviationAUC: variance.squareRoot(), runs: aucs.count,
                diverged: results[b].filter(\.diverged).count,
                domainConditionHeld: results[b].filter(\.domainConditionHeld).count,
                medianDomainArgument: results[b].map(\.domainArgument).sorted()[results[b].count / 2])
        }
        let summary = Summary(
            data: URL(fileURLWithPath: data).lastPathComponent, machine: Machine.current.summary, rows: rows)
        if json {
            try printJSON(summary)
        } else {
            print(Self.table(summary))
        }
    }

    /// One training run's held-out AUC (0.5 when the weights diverged) and whether the guarantee's domain
    /// condition held along it.
    struct Run {
        var auc: Double
        var diverged: Bool
        var domainConditionHeld: Bool
        var domainArgument: Double

        init(
            _ train: Dataset, _ test: Dataset, _ configuration: TrainingConfiguration, noise: GradientNoise?,
            bounds: [Double], sensitivity: GradientSensitivity
        ) throws {
            do {
                let result = try PlainLogisticRegression.train(
                    train, configuration: configuration, gradientNoise: noise)
                let logits = try result.logits(for: test)
                guard logits.allSatisfy(\.isFinite) else { throw HEMLError.numericalFailure("non-finite logits") }
                auc = try Metrics.auc(scores: logits, labels: test.labels)
                diverged = false
                // Iterations t ≥ 1 run at v_t = the momentum after iteration t − 1.
                domainArgument =
                    result.history.dropLast().map { record in
                        zip(record.momentum, bounds).reduce(0) { $0 + abs($1.0) * $1.1 }
                    }.max() ?? 0
                domainConditionHeld = domainArgument <= sensitivity.argumentBound
            } catch HEMLError.numericalFailure {
                auc = 0.5
                diverged = true
                domainConditionHeld = false
                domainArgument = .infinity
            }
        }
    }

    static func table(_ s: Summary) -> String {
        var lines = [
            "| \(s.data): ε | δ | ρ (zCDP) | σ per gradient coordinate | held-out AUC (mean ± sd) | runs | diverged "
                + "| domain condition held | median max domain argument |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in s.rows {
            let epsilon = r.epsilon.map { String(format: "%g", $0) } ?? "∞ (no noise)"
            lines.append(
                "| \(epsilon) | \(r.delta.map { String(format: "%g", $0) } ?? "–") | "
                    + "\(r.rho.map { String(format: "%.4g", $0) } ?? "–") | "
                    + "\(r.sigma.map { String(format: "%.3g", $0) } ?? "–") | "
                    + String(format: "%.4f ± %.4f", r.meanAUC, r.standardDeviationAUC)
                    + " | \(r.runs) | \(r.diverged) | \(r.domainConditionHeld) | "
                    + String(format: "%.3g", r.medianDomainArgument) + " |")
        }
        lines.append("machine: \(s.machine)")
        return lines.joined(separator: "\n")
    }
}
