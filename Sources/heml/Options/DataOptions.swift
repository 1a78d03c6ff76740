import ArgumentParser
import Foundation
import HEML

/// How the data owner reads a CSV file and scales its features.
struct DataOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Label column name (two numeric classes; the larger one is positive).",
            discussion: "Default: the last column.", valueName: "column"))
    var label: String?

    @Option(
        help: ArgumentHelp(
            "Missing feature cells: 'none' refuses them, 'mean' fills them with the column mean.",
            valueName: "none|mean"))
    var impute: ImputationChoice = .none

    @Option(help: ArgumentHelp("Feature scaling fitted on the training data.", valueName: "zscore|minmax|maxabs"))
    var scaling: ScalingChoice = .zscore

    @Option(
        help: ArgumentHelp(
            "For --scaling zscore: clip z-scores to ±c, then divide by c (features in [−1, 1]).",
            valueName: "c"))
    var clip: Double = 4

    @Flag(
        inversion: .prefixedNo,
        help:
            "Multiply the scaled features by the diagonal preconditioner (Bonte–Vercauteren's simplified fixed Hessian)."
    )
    var precondition = true

    func validate() throws {
        guard clip.isFinite, clip > 0 else { throw ValidationError("--clip must be a positive number") }
        if let label, label.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--label must name a column")
        }
    }

    var readOptions: CSVReadOptions { CSVReadOptions(labelColumn: label, imputation: impute.imputation) }

    var scalingMethod: FeatureScaling.Method {
        switch scaling {
        case .zscore: .zScore(clip: clip)
        case .minmax: .minMax
        case .maxabs: .maxAbs
        }
    }
}

enum ImputationChoice: String, ExpressibleByArgument, CaseIterable {
    case none, mean

    var imputation: Imputation { self == .mean ? .mean : .none }
}

enum ScalingChoice: String, ExpressibleByArgument, CaseIterable {
    case zscore, minmax, maxabs
}
