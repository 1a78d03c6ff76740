import HEML

/// Raw rows made ready for a model: columns matched to the model's features by name, every value checked, then
/// scaled with the model's own scaling. The one place the scoring client turns user data into model input.
///
/// Range policy: non-finite values never reach a model (`Dataset` refuses them, and the CSV reader reports them
/// as `HEMLError.CSVProblem.nonFiniteValue`); a value is refused when its scaled value *before clipping*,
/// u = (x − center) / scale, has |u| > `maximumScaledMagnitude` (default ``defaultMaximumScaledMagnitude``, 16).
/// Training data lie within |u| ≤ 1 for min–max and max-abs scaling and, with the default z-score clipped at ±4,
/// for every value within 4 standard deviations; 16 therefore allows data 16 times wider than the training range
/// (64 standard deviations for the default), and refuses values in other units or already transformed twice, whose
/// scores would be meaningless (clipping would hide them). Pass `.infinity` to accept every finite value.
public enum ScoringInput {
    /// The default bound on |(x − center) / scale| before clipping: 16.
    public static let defaultMaximumScaledMagnitude = 16.0

    /// The model's features from `rows`, in the model's order, scaled with the model's scaling (and clipped by it).
    ///
    /// - Parameters:
    ///   - rows: raw rows; extra columns are ignored, column order does not matter.
    ///   - model: the model whose features, center, scale and clip are used.
    ///   - maximumScaledMagnitude: the bound on |u| before clipping, > 0 (`.infinity` to disable).
    /// - Returns: a dataset with exactly `model.features`, scaled (labels as in `rows`).
    /// - Throws: ``WorkflowError/heml(_:)`` wrapping `HEMLError.missingFeature(name:)` for the first model
    ///   feature `rows` lacks; ``WorkflowError/unscorableValue(row:feature:reason:)`` for the first value (in row
    ///   order) beyond the bound; ``WorkflowError/heml(_:)`` wrapping
    ///   `HEMLError.invalidArgument(_:)` for a bound that is not positive.
    public static func prepare(
        _ rows: Dataset, for model: ModelFile,
        maximumScaledMagnitude: Double = defaultMaximumScaledMagnitude
    ) throws(WorkflowError) -> Dataset {
        guard maximumScaledMagnitude > 0 else {
            throw .heml(.invalidArgument("the bound on scaled values must be positive"))
        }
        let selected: Dataset
        do { selected = try rows.selecting(features: model.features) } catch { throw .heml(error) }
        let scaling = model.scaling
        for i in 0..<selected.rowCount {
            for (j, value) in selected.row(i).enumerated() {
                func refuse(_ reason: String) -> WorkflowError {
                    .unscorableValue(row: i + 1, feature: model.features[j], reason: reason)
                }
                let unclipped = (value - scaling.center[j]) / scaling.scale[j]
                guard abs(unclipped) <= maximumScaledMagnitude else {
                    throw refuse(
                        "the value lies more than \(maximumScaledMagnitude) scale units from the training center "
                            + "(different units, or already scaled?)")
                }
            }
        }
        do { return try scaling.apply(to: selected) } catch { throw .heml(error) }
    }
}
