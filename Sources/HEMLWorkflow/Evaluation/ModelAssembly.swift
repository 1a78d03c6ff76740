import Foundation
import HEML

/// Builds the JSON model file from decrypted weights (intercept first, scaled units) and the owner's records.
enum ModelAssembly {
    static func model(
        coefficients: [Double], plan: TrainingPlan, features: [String], label: String,
        labelMapping: LabelMapping, scaling: FeatureScaling, rows: Int, source: String?,
        date: Date = Date()
    ) throws(HEMLError) -> ModelFile {
        guard coefficients.allSatisfy(\.isFinite) else {
            throw .numericalFailure(
                "the decrypted weights are not finite (wrong key, or the run exhausted the precision)")
        }
        let sigmoid = plan.sigmoid
        let metadata = ModelFile.TrainingMetadata(
            method: "nesterov-encrypted", sigmoid: sigmoid.name, degree: sigmoid.degree,
            interval: [-sigmoid.radius, sigmoid.radius], sigmoidCoefficients: sigmoid.coefficients,
            iterations: plan.iterations, learningRate: plan.learningRate,
            initialAlpha: TrainingConfiguration().initialAlpha, scaling: scaling.methodName, trainingRows: rows,
            source: source, timestamp: ModelFile.timestamp(date))
        let model = try LinearModel(coefficients: coefficients)
        return try ModelFile(
            features: features, label: label, labelMapping: labelMapping, scaling: scaling,
            weights: model.weights, intercept: model.intercept, training: metadata)
    }
}
