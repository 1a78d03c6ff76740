import CKKS
import Foundation
import HEML

/// The seed corpus under Tests/FuzzCorpus: one small valid input (or a few) per target, regenerated with
/// `HEML_FUZZ_WRITE_CORPUS=Tests/FuzzCorpus heml-fuzz` (scripts/fuzz.sh --write-corpus). The container targets'
/// seeds must share the key set of the bundle they are read against, so the fuzzing process writes them itself.
enum SeedCorpus {
    static func write(to directory: URL) throws {
        for target in FuzzTarget.allCases {
            try write(try seeds(target), to: directory.appendingPathComponent(target.rawValue))
        }
    }

    static func write(_ seeds: [[UInt8]], to folder: URL) throws {
        guard !seeds.isEmpty else { return }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (index, seed) in seeds.enumerated() {
            try Data(seed).write(to: folder.appendingPathComponent("seed-\(index)"))
        }
    }

    /// The seeds of a container target, from this process's key set (mode byte 1 before binary files).
    static func runtimeSeeds(_ target: FuzzTarget) -> [[UInt8]] {
        let file =
            WorkflowFiles.targets.contains(target)
            ? WorkflowFiles.shared.seeds[target]
            : ScoringFiles.targets.contains(target) ? ScoringFiles.shared.seeds[target] : nil
        if target == .multipartyShare { return [[1] + MultipartyShares.shared.decryptionShare.serialized()] }
        if target == .session { return [[1] + Array(SessionFile.shared.bytes)] }
        if target == .exchange { return [[1] + Array(ExchangeFiles.shared.seed)] }
        guard let file else { return [] }
        return target == .ownerState ? [Array(file)] : [[1] + Array(file)]
    }

    static func seeds(_ target: FuzzTarget) throws -> [[UInt8]] {
        let ring = SmallRing.shared
        // Mode byte 1: re-seal before reading (a no-op on these valid files, but mutations stay sealed).
        func sealed(_ file: [UInt8]) -> [[UInt8]] { [[1] + file] }
        switch target {
        case .parameters:
            let file = ring.context.parameters.serialized()
            return [[1] + file, [3] + file, [3] + (try CKKSParameters(preset: .n8192_l2_s40)).serialized()]
        case .publicKey: return sealed(ring.publicKey.serialized())
        case .evaluationKeys: return sealed(ring.keys.serialized())
        case .plaintext:
            return sealed(try ring.encoder.encode([0.5, -0.25]).serialized())
                + sealed(try ring.encoder.encode([1.0], level: 0).serialized())
        case .ciphertext:
            let secretKeyEncryptor = try Encryptor(context: ring.context, secretKey: ring.secretKey)
            return sealed(try ring.encryptor.encrypt(ring.encoder.encode([0.5])).serialized())
                + sealed(try secretKeyEncryptor.encrypt(ring.encoder.encode([0.5], level: 0)).serialized())
        case .secretKey: return sealed(ring.secretKey.serializedSecretKey())
        case .csvTraining:
            return [
                [0] + Array("x1,x2,label\n1.5,-2,0\n3,4e-3,1\n\"5\",6,1\n".utf8),
                [1] + Array("\u{FEFF}a,b,y\r\n1,NA,-1\r\n2,3,1\r\n".utf8),
            ]
        case .csvScoring:
            return [[0] + Array("x1,x2,label\n1.5,-2,0\n3,4e-3,1\n".utf8), [1] + Array("x1,x2\n1,\n2,3\n".utf8)]
        case .modelJSON:
            let training = ModelFile.TrainingMetadata(
                method: "nesterov-plaintext", sigmoid: "kim3", degree: 3, interval: [-8, 8],
                sigmoidCoefficients: SigmoidApproximation.kim3.coefficients, iterations: 7, learningRate: 10,
                initialAlpha: 0.01, scaling: "zscore-clip4", trainingRows: 100, source: "credit.csv",
                timestamp: "2026-01-01T00:00:00Z")
            let model = try ModelFile(
                features: ["a", "b"], label: "y",
                scaling: FeatureScaling(center: [1, 2], scale: [3, 4], clip: 1),
                weights: [0.5, -0.5], intercept: 0.1, training: training)
            return [Array(try model.encoded())]
        case .trainingPlan:
            let plan = try TrainingPlan.make(
                rows: 100, features: 4, iterations: 2, sigmoid: .kim3, learningRate: 10,
                logDegree: 12, security: .unchecked)
            return [Array(try JSONEncoder().encode(plan))]
        case .slotLayout:
            return [Array(try JSONEncoder().encode(SlotLayout(rowCount: 1000, width: 21, slotCount: 4096)))]
        case .sigmoid:
            return [
                Array(try JSONEncoder().encode(SigmoidApproximation.kim5)),
                Array(try JSONEncoder().encode(SigmoidApproximation.chebyshev(degree: 7, radius: 12))),
            ]
        case .featureScaling:
            return [Array(try JSONEncoder().encode(FeatureScaling(center: [0, 1.5], scale: [1, 2], clip: 1)))]
        case .multipartyShare:
            // Key shares under the session's fixed CRS; the decryption share is a runtime seed (its ciphertext is
            // this process's).
            return MultipartyShares.shared.keyShares.flatMap { sealed($0.serialized()) }
        case .publicBundle, .secretKeyFile, .encryptedDataset, .encryptedModel, .ownerState, .scoringKeys,
            .encryptedRows, .encryptedScores, .trainingCheckpoint, .session, .exchange:
            return []  // made with their key set when fuzzing starts (``runtimeSeeds(_:)``)
        }
    }
}
