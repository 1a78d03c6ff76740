import CKKS
import Foundation
import HEML
import Testing

@testable import HEMLWorkflow

/// Differentially private multiparty training: each bank draws and encrypts its share of the gradient noise, the
/// server adds their sum, and the released model is the plaintext twin's given the same summed noise.
@Suite struct MultipartyPrivacyTests {
    /// Two banks at ε = 1 without the preconditioner (3 iterations, N = 2^12): the joint scaling is the single
    /// owner's `--no-precondition` scaling, the calibration is the single owner's, each bank's share carries the
    /// full σ_t (t = 1 by default), and the released model matches the noisy twin within the single-owner DP test's
    /// 10⁻⁵ while lying far from the noise-free model.
    @Test func banksNoisyModelMatchesTheNoisyTwin() throws {
        let budget = try DPRelease(epsilon: 1, delta: 1e-5)
        let request = try PlanRequest(iterations: 3, insecureLogDegree: 12)
        let joint = try MultipartyAllInOne.train(
            csv: multipartyFiles["data.csv"], parties: 2, read: readOptions, preconditioned: false, plan: request,
            privacy: budget)
        let privacy = try #require(joint.privacy)
        #expect(joint.scaling.multipliers == nil)
        #expect(privacy.sharing == (try NoiseSharing(parties: 2, colluders: 1)))
        let single = try budget.calibrate(
            GradientSensitivity(plan: joint.plan, scaling: FeatureScaling.fit(joint.raw, method: .default)))
        #expect(privacy.calibration.standardDeviations == single.standardDeviations)
        #expect(joint.partyTimings.allSatisfy { $0.map(\.0) == ["keys", "scaling", "encrypt", "noise", "release"] })
        #expect(joint.aggregatorTimings.map(\.0) == ["keys", "scaling", "merge", "noise", "release"])
        let difference = joint.comparison.maxWeightDifference
        #expect(difference < 1e-5, "largest |encrypted − noisy twin| \(difference)")
        let noiseFree = try ModelComparison(
            encrypted: joint.comparison.encrypted, plan: joint.plan, scaled: joint.scaling.apply(to: joint.raw),
            test: nil)
        #expect(noiseFree.maxWeightDifference > 1e-2, "the noise moved the model by \(noiseFree.maxWeightDifference)")
        let noise = try #require(joint.totalNoise)
        #expect(noise.iterations == 3 && noise.width == joint.plan.layout.width)
    }

    /// The aggregator's sum of two banks' encrypted shares decrypts (jointly) to the sum of their plaintext
    /// shares times the steps γ_t; a share of another shape is refused.
    @Test func encryptedSharesAddUp() throws {
        let joint = try MultipartyAllInOne.train(
            csv: multipartyFiles["data.csv"], parties: 2, read: readOptions, preconditioned: false,
            plan: PlanRequest(iterations: 2, insecureLogDegree: 12))
        let keys = joint.keys, plan = joint.plan
        let calibration = try PartyNoise.calibration(
            DPRelease(epsilon: 1, delta: 1e-5), plan: plan, scaling: joint.scaling)
        let sharing = try NoiseSharing.tolerating(parties: 2)
        var generator = SplitMix64(seed: 4)
        let shares = try (0..<2).map { _ in
            try PartyNoise.share(
                calibration, sharing: sharing, plan: plan, publicKey: keys.publicKey, context: keys.context,
                using: &generator)
        }
        let sum = try PartyNoise.sum(shares.map(\.encrypted), context: keys.context)
        let steps = try NesterovSchedule(learningRate: plan.learningRate, stepOffset: plan.stepOffset)
            .constants(iterations: plan.iterations).map(\.step)
        let expected = try (shares[0].noise + shares[1].noise).scaled(bySteps: steps)
        let encoder = CKKSEncoder(context: keys.context)
        for t in 0..<plan.iterations {
            let blocks = try sum.blocks[t].map { ciphertext in
                try encoder.decode(
                    keys.combiner.decrypt(
                        ciphertext,
                        shares: keys.parties.map { try $0.decryptionShare(of: ciphertext, flooding: nil) }))
            }
            let decrypted = plan.layout.unpackWeights(blocks)
            let error = zip(decrypted, expected[t]).map { abs($0 - $1) }.max()!
            #expect(error < 1e-6, "iteration \(t): summed noise off by \(error)")
        }
        #expect(throws: WorkflowError.self) {
            try PartyNoise.calibration(
                DPRelease(epsilon: 1, delta: 1e-5), plan: plan,
                scaling: FeatureScaling(
                    center: joint.scaling.center, scale: joint.scaling.scale, clip: 1,
                    multipliers: Array(repeating: 2, count: joint.scaling.featureCount)))
        }
    }
}
