import CKKS
import Foundation
import Testing

@testable import HEML

/// Results that leave the data owner: flooded score decryption and rounding of published weights.
@Suite struct SharedResultsTests {
    @Test func floodedScoresKeepThePrecisionFloodingReports() throws {
        let data = try EncryptedTrainingTests.sample()
        let parameters = try CKKSParameters(
            logDegree: 12, levels: 2, scaleBits: 40, firstModulusBits: 55,
            specialModulusBits: 55, specialModulusCount: 1, security: .unchecked)
        let context = try CKKSContext(parameters: parameters)
        let rows = try SlotLayout(rowCount: data.rowCount, width: data.featureCount + 1, slotCount: context.slotCount)
        let generator = KeyGenerator(context: context)
        let secretKey = try generator.secretKey()
        let keys = try generator.evaluationKeys(
            for: secretKey,
            request: EvaluationKeyRequest(
                rotations: EncryptedScorer.rotationSteps(for: rows)))
        let encoder = CKKSEncoder(context: context)
        let encryptor = try Encryptor(context: context, publicKey: generator.publicKey(for: secretKey))
        let decryptor = try Decryptor(context: context, secretKey: secretKey)
        let weights = (0...data.featureCount).map { 0.3 * sin(Double($0)) }
        let scores = try EncryptedScorer(context: context, evaluationKeys: keys)
            .logits(
                EncryptedDataset.encryptForScoring(data, layout: rows, encoder: encoder, encryptor: encryptor),
                weights: weights)
        let flooding = try NoiseFlooding(
            noise: .freshEncryption(context: context, publicKey: true),
            decryptions: scores.blocks.count, messageBound: 8)
        let flooded = try scores.decrypt(decryptor: decryptor, encoder: encoder, flooding: flooding)
        let exact = try scores.decrypt(decryptor: decryptor, encoder: encoder)
        let rms = (zip(flooded, exact).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(exact.count))
            .squareRoot()
        let reported = flooding.precisionBits(scale: scores.blocks[0].scale)
        // 240 rows estimate the rms within about 5 %, i.e. 0.07 bits.
        #expect(abs(-log2(rms) - reported) < 0.5, "measured \(-log2(rms)) bits, reported \(reported)")
    }

    @Test func roundsWeightsToTheStatedPrecision() throws {
        let weights: [Double] = [0.123456789, -2.5e-3, 0, 1234.5678, -.infinity]
        #expect(try WeightRounding(3, .decimals).rounded(weights) == [0.123, -0.003, 0, 1234.568, -.infinity])
        #expect(try WeightRounding(4, .fractionalBits).rounded(weights) == [0.125, 0, 0, 1234.5625, -.infinity])
        #expect(
            try WeightRounding(4, .significantBits).rounded(weights) == [0.125, -0.00244140625, 0, 1280, -.infinity])
        #expect(throws: HEMLError.self) { try WeightRounding(0, .significantBits) }
        #expect(throws: HEMLError.self) { try WeightRounding(16, .decimals) }
    }
}
