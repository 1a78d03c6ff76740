import CKKS
import Foundation
import HEML

@testable import HEMLWorkflow

/// Every fuzz target: one reader (or one object rebuilt from stored settings) each.
///
/// Binary-file targets read their first byte as a mode: bit 0 set means "re-seal" (fix the length and checksum
/// over the rest before reading, as a forger would), so mutations reach the checks behind the checksum; bit 1
/// refuses insecure parameters where a reader takes that choice.
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
    case sigmoid = "sigmoid"
    case featureScaling = "feature-scaling"
    case publicBundle = "container-public-bundle"
    case secretKeyFile = "container-secret-key"
    case encryptedDataset = "container-encrypted-dataset"
    case encryptedModel = "container-encrypted-model"
    case ownerState = "owner-state"
    case scoringKeys = "container-scoring-keys"
    case encryptedRows = "container-encrypted-rows"
    case encryptedScores = "container-encrypted-scores"
    case trainingCheckpoint = "container-training-checkpoint"
    case multipartyShare = "multiparty-share"
    case session = "container-session"
    case exchange = "container-exchange"

    /// Builds what the target needs before the first input (the small ring and its keys, or a key set's files).
    func prepare() {
        if WorkflowFiles.targets.contains(self) { _ = WorkflowFiles.shared }
        if ScoringFiles.targets.contains(self) { _ = ScoringFiles.shared }
        if [.publicKey, .evaluationKeys, .plaintext, .ciphertext, .secretKey].contains(self) { _ = SmallRing.shared }
        if self == .multipartyShare { _ = MultipartyShares.shared }
        if self == .session { _ = SessionFile.shared }
        if self == .exchange { _ = ExchangeFiles.shared }
    }

    /// Feeds one input to the reader; every error is an acceptable answer.
    func run(_ input: [UInt8]) {
        let mode = input.first ?? 0
        let rest = Array(input.dropFirst())
        switch self {
        case .parameters:
            _ = try? CKKSParameters(
                deserializing: Resealing.object(input), accepting: mode & 2 == 0 ? .unchecked : .classical128)
        case .publicKey:
            _ = try? PublicKey(deserializing: Resealing.object(input), context: SmallRing.shared.context)
        case .evaluationKeys:
            _ = try? EvaluationKeys(deserializing: Resealing.object(input), context: SmallRing.shared.context)
        case .plaintext:
            let ring = SmallRing.shared
            if let plaintext = try? Plaintext(deserializing: Resealing.object(input), context: ring.context) {
                _ = try? ring.encoder.decode(plaintext)
            }
        case .ciphertext:
            let ring = SmallRing.shared
            if let ciphertext = try? Ciphertext(deserializing: Resealing.object(input), context: ring.context) {
                _ = try? ring.encoder.decode(ring.decryptor.decrypt(ciphertext))
            }
        case .secretKey:
            _ = try? SecretKey(deserializing: Resealing.object(input), context: SmallRing.shared.context)
        case .csvTraining:
            _ = try? CSVReader.read(
                bytes: rest, name: "fuzz.csv", options: CSVReadOptions(imputation: mode & 1 == 1 ? .mean : .none))
        case .csvScoring:
            let options = CSVReadOptions(labelColumn: "label", imputation: mode & 1 == 1 ? .mean : .none)
            if let table = try? CSVReader.readForScoring(bytes: rest, name: "fuzz.csv", options: options) {
                _ = try? table.dataset(labelName: "label")
            }
        case .modelJSON:
            if let model = try? ModelFile.decode(Data(input), name: "fuzz.json") {
                _ = try? model.logit(row: [Double](repeating: 1, count: model.features.count))
            }
        case .trainingPlan:
            if let plan = try? JSONDecoder().decode(TrainingPlan.self, from: Data(input)) {
                _ = (plan.summary, plan.rotationSteps, plan.estimatedSeconds)
            }
        case .slotLayout:
            if let layout = try? JSONDecoder().decode(SlotLayout.self, from: Data(input)) {
                _ = (layout.ciphertextCount, layout.rotationSteps, layout.rotationsPerIteration)
            }
        case .sigmoid:
            if let sigmoid = try? JSONDecoder().decode(SigmoidApproximation.self, from: Data(input)) {
                _ = sigmoid.evaluate(sigmoid.radius / 2)
            }
        case .featureScaling:
            if let scaling = try? JSONDecoder().decode(FeatureScaling.self, from: Data(input)) {
                _ = try? scaling.apply(row: [Double](repeating: 0.5, count: scaling.featureCount))
            }
        case .publicBundle:
            _ = try? PublicBundle(
                decoding: Resealing.container(input), name: "fuzz.hemlpub", allowInsecure: mode & 2 == 0)
        case .secretKeyFile:
            WorkflowFiles.shared.readSecretKey(Resealing.container(input), allowInsecure: mode & 2 == 0)
        case .encryptedDataset:
            let files = WorkflowFiles.shared
            _ = try? EncryptedDatasetFile.decode(
                Resealing.container(input), name: "fuzz.hemlenc", for: files.bundle,
                bundleName: "fuzz.hemlpub")
        case .encryptedModel:
            let files = WorkflowFiles.shared
            _ = try? EncryptedModelFile.decode(
                Resealing.container(input), name: "fuzz.hemlenc", for: files.bundle,
                bundleName: "fuzz.hemlpub")
        case .ownerState:
            _ = try? OwnerState(decoding: Data(input), name: "fuzz.owner.json")
        case .scoringKeys:
            _ = try? ScoringKeys(
                decoding: Resealing.container(input), name: "fuzz.hemlkeys", allowInsecure: mode & 2 == 0)
        case .encryptedRows:
            _ = try? ScoringRequest(
                decoding: Resealing.container(input), name: "fuzz.hemlrows", keys: ScoringFiles.shared.keys)
        case .encryptedScores:
            let files = ScoringFiles.shared
            _ = try? ScoringResponse(
                decoding: Resealing.container(input), name: "fuzz.hemlscores", keys: files.keys,
                answering: files.request)
        case .trainingCheckpoint:
            let files = WorkflowFiles.shared
            _ = try? TrainingCheckpoint.decode(
                Resealing.container(input), identity: files.checkpointIdentity, bundle: files.bundle,
                bundleName: "fuzz.hemlpub")
        case .multipartyShare:
            MultipartyShares.shared.read(Resealing.object(input))
        case .session:
            SessionFile.shared.read(Resealing.container(input))
        case .exchange:
            ExchangeFiles.shared.read(Resealing.container(input))
        }
    }
}
