import CKKS
import Foundation
import HEML

/// Every fuzz target: one reader (or one object rebuilt from stored settings) each.
///
/// CKKS file targets read their first byte as a mode: bit 0 set means "re-seal" (fix the header's length and
/// checksum over the rest before reading, as a forger would), so mutations reach the payload checks behind the
/// checksum; bit 1 picks the security policy the parameter reader accepts.
enum FuzzTarget: String, CaseIterable {
    case parameters = "ckks-parameters"
    case publicKey = "ckks-public-key"
    case evaluationKeys = "ckks-evaluation-keys"
    case plaintext = "ckks-plaintext"
    case ciphertext = "ckks-ciphertext"
    case secretKey = "ckks-secret-key"
    case csvTraining = "csv-training"
    case csvScoring = "csv-scoring"
    case modelJSON = "model-json"
    case trainingPlan = "training-plan"
    case slotLayout = "slot-layout"
    case featureScaling = "feature-scaling"

    /// Builds what the target needs before the first input (the small ring and its keys).
    func prepare() {
        switch self {
        case .publicKey, .evaluationKeys, .plaintext, .ciphertext, .secretKey: _ = SmallRing.shared
        default: break
        }
    }

    /// Feeds one input to the reader; every error is an acceptable answer.
    func run(_ input: [UInt8]) {
        switch self {
        case .parameters:
            guard let (mode, file) = Self.file(input) else { return }
            _ = try? CKKSParameters(deserializing: file, accepting: mode & 2 == 0 ? .unchecked : .classical128)
        case .publicKey:
            guard let (_, file) = Self.file(input) else { return }
            _ = try? PublicKey(deserializing: file, context: SmallRing.shared.context)
        case .evaluationKeys:
            guard let (_, file) = Self.file(input) else { return }
            _ = try? EvaluationKeys(deserializing: file, context: SmallRing.shared.context)
        case .plaintext:
            guard let (_, file) = Self.file(input) else { return }
            let ring = SmallRing.shared
            if let plaintext = try? Plaintext(deserializing: file, context: ring.context) {
                _ = try? ring.encoder.decode(plaintext)
            }
        case .ciphertext:
            guard let (_, file) = Self.file(input) else { return }
            let ring = SmallRing.shared
            if let ciphertext = try? Ciphertext(deserializing: file, context: ring.context) {
                _ = try? ring.encoder.decode(ring.decryptor.decrypt(ciphertext))
            }
        case .secretKey:
            guard let (_, file) = Self.file(input) else { return }
            _ = try? SecretKey(deserializing: file, context: SmallRing.shared.context)
        case .csvTraining:
            let options = CSVReadOptions(imputation: input.first.map { $0 & 1 == 1 ? .mean : .none } ?? .none)
            _ = try? CSVReader.read(bytes: input.dropFirst(), name: "fuzz.csv", options: options)
        case .csvScoring:
            let options = CSVReadOptions(labelColumn: "label", imputation: input.first.map { $0 & 1 == 1 ? .mean : .none } ?? .none)
            if let table = try? CSVReader.readForScoring(bytes: input.dropFirst(), name: "fuzz.csv", options: options) {
                _ = try? table.dataset(labelName: "label")
            }
        case .modelJSON:
            if let model = try? ModelFile.decode(Data(input), name: "fuzz.json") {
                _ = model.scaling
                _ = try? model.logit(row: [Double](repeating: 1, count: model.features.count))
            }
        case .trainingPlan:
            guard let settings = try? JSONDecoder().decode(PlanInput.self, from: Data(input)) else { return }
            settings.exercise()
        case .slotLayout:
            guard let layout = try? JSONDecoder().decode(SlotLayout.self, from: Data(input)) else { return }
            _ = (layout.ciphertextCount, layout.rotationSteps, layout.rotationsPerIteration)
        case .featureScaling:
            guard let stored = try? JSONDecoder().decode(ScalingInput.self, from: Data(input)) else { return }
            stored.exercise()
        }
    }

    /// Mode byte and file of a CKKS input (the file re-sealed when the mode asks), or nil for an empty input.
    private static func file(_ input: [UInt8]) -> (UInt8, [UInt8])? {
        guard let mode = input.first else { return nil }
        let file = Array(input.dropFirst())
        return (mode, mode & 1 == 1 ? Resealing.resealed(file) : file)
    }
}
