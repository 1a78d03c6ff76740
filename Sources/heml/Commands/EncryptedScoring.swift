import CKKS
import Foundation
import HEML

/// Encrypted inference end to end, for the data owner: fresh keys for scoring only, the scaled rows encrypted in
/// a layout the SlotLayout initializer chooses, logits computed on ciphertexts with the plaintext model by
/// `EncryptedScorer` (holding only evaluation keys), then decrypted.
struct EncryptedScoring {
    let parameters: CKKSParameters
    let layout: SlotLayout
    let logits: [Double]
    let timings: [(String, Double)]

    /// - Parameters:
    ///   - rows: the raw rows with the model's features (matched by name).
    ///   - insecureLogDegree: tests only; otherwise N = 2^13 with two levels, 128-bit secure.
    init(model: ModelFile, rows: Dataset, insecureLogDegree: Int?, progress: Progress) throws {
        var clock = Stopwatch()
        var timings: [(String, Double)] = []
        // The rows in the model's feature order, scaled with the model's scaling.
        var columns: [Int] = []
        for name in model.features {
            guard let index = rows.featureNames.firstIndex(of: name) else { throw HEMLError.missingFeature(name: name) }
            columns.append(index)
        }
        let ordered = (0..<rows.rowCount).flatMap { i in columns.map { rows[i, $0] } }
        let raw = try Dataset(featureNames: model.features, labelName: model.label, features: ordered,
                              labels: [Double](repeating: 0, count: rows.rowCount))
        let scaled = try model.scaling.apply(to: raw)

        if let logN = insecureLogDegree {
            parameters = try CKKSParameters(logDegree: logN, levels: 1, scaleBits: 40, firstModulusBits: 50,
                                            specialModulusBits: 50, specialModulusCount: 1, security: .unchecked)
            warn("insecure test ring N = 2^\(logN) for encrypted scoring: NOT SECURE, tests only")
        } else {
            parameters = try CKKSParameters(preset: .n8192_l2_s40)
        }
        progress.begin("encrypted scoring: generating keys")
        let context = try CKKSContext(parameters: parameters)
        layout = try SlotLayout(rowCount: scaled.rowCount, width: scaled.featureCount + 1, slotCount: context.slotCount)
        let keys = try KeySet(context: context, rotations: EncryptedScorer.rotationSteps(for: layout))
        let secretKey = keys.secretKey
        timings.append(("encrypted_keygen", clock.lap()))
        progress.finish("scoring keys generated (N = 2^\(parameters.logDegree))", seconds: timings.last!.1)

        progress.begin("encrypting \(layout.ciphertextCount) ciphertext(s) of rows")
        let encoder = CKKSEncoder(context: context)
        let encryptedRows = try EncryptedDataset.encryptForScoring(scaled, layout: layout, encoder: encoder,
                                                                   encryptor: Encryptor(context: context, secretKey: secretKey))
        timings.append(("encrypted_encrypt", clock.lap()))
        progress.finish("rows encrypted into \(layout.ciphertextCount) ciphertext(s)", seconds: timings.last!.1)

        progress.begin("scoring on ciphertexts")
        let scorer = try EncryptedScorer(context: context, evaluationKeys: keys.evaluationKeys)
        let scores = try scorer.logits(encryptedRows, weights: [model.intercept] + model.weights)
        timings.append(("encrypted_score", clock.lap()))
        progress.finish("logits computed on ciphertexts", seconds: timings.last!.1)

        logits = try scores.decrypt(decryptor: Decryptor(context: context, secretKey: secretKey), encoder: encoder)
        timings.append(("encrypted_decrypt", clock.lap()))
        self.timings = timings
    }
}
