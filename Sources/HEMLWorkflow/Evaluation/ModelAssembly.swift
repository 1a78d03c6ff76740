import Foundation
import HEML

/// Builds the JSON model file from decrypted weights (intercept first, scaled units) and the owner's records. A
/// preconditioned scaling is unfolded: the file stores the scaling without multipliers, and the caller passes the
/// weights already mapped with ``FeatureScaling/unfolding(_:)`` (w_k·m_k), so every row's logit is unchanged.
enum ModelAssembly {
    static func model(
        unfoldedCoefficients coefficients: [Double], plan: TrainingPlan, features: [String], label: String,
        labelMapping: LabelMapping, scaling: FeatureScaling, rows: Int, source: String?,
        date: Date = Date()
    ) throws(HEMLError) -> ModelFile {
        guard coefficients.allSatisfy(\.isFinite) else {
            throw .numericalFailure(
                "the decrypted weights are not finite (wrong key, or the run exhausted the precision)")
        }
        let sigmoid = plan.sigmoid
        let metadata = ModelFile.TrainingMetadata(
            method: scaling.multipliers == nil ? "nesterov-encrypted" : "nesterov-encrypted-preconditioned",
            sigmoid: sigmoid.name, degree: sigmoid.degree,
            interval: [-sigmoid.radius, sigmoid.radius], sigmoidCoefficients: sigmoid.coefficients,
            iterations: plan.iterations, learningRate: plan.learningRate,
            initialAlpha: TrainingConfiguration().initialAlpha, scaling: scaling.methodName, trainingRows: rows,
            source: source, timestamp: ModelFile.timestamp(date))
        let model = try LinearModel(coefficients: coefficients)
        return try ModelFile(
            features: features, label: label, labelMapping: labelMapping, scaling: scaling.withoutMultipliers,
            weights: model.weights, intercept: model.intercept, training: metadata)
    }
}
