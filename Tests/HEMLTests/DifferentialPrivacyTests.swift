import CKKS
import Foundation
import Testing

@testable import HEML

/// DP-GD: the budget, the sensitivity bound, the noise sampler and shares, noisy encrypted training.
@Suite struct DifferentialPrivacyTests {
    /// ε = 1, δ = 10⁻⁵, n = 100, T = 3, kim3 on [−8, 8], R = √3, computed by hand:
    /// ρ = (√(ln 10⁵ + 1) − √(ln 10⁵))² = 0.0208199383, σ₀ = 2·0.5·√3/100·√(3/(2ρ)) = 0.1470166551;
    /// B = p(√(0.15012/(3·0.001593))) = 1.0609162983, σ_t = 2·B·√3/100·√(3/(2ρ)) = 0.3119447309.
    @Test func calibrationMatchesHandComputation() throws {
        let budget = try DPRelease(epsilon: 1, delta: 1e-5)
        #expect(abs(budget.rho - 0.0208199383395355) < 1e-12)
        let sensitivity = try GradientSensitivity(
            rows: 100, iterations: 3, sigmoid: .kim3, rowNormBound: 3.0.squareRoot())
        // The bound on |p| is rigorous, so it may only exceed the true maximum, by at most a grid step's worth.
        #expect(sensitivity.sigmoidBound >= 1.0609162982967382)
        #expect(sensitivity.sigmoidBound < 1.0609162982967382 + 1e-4)
        let sigma = budget.calibrate(sensitivity).standardDeviations
        #expect(sigma.count == 3)
        #expect(abs(sigma[0] - 0.14701665505885234) < 1e-12)
        #expect(abs(sigma[1] / 0.3119447309460121 - 1) < 1e-4)
        #expect(sigma[2] == sigma[1])
    }

    /// R from a clipped, preconditioned scaling: √(1 + Σ (c·m_k)²); an unclipped scaling is refused.
    @Test func rowNormBoundFollowsTheScaling() throws {
        let scaling = try FeatureScaling(center: [0, 0], scale: [1, 1], clip: 1, multipliers: [2, 0.5])
        #expect(abs(try GradientSensitivity.rowNormBound(scaling) - (1 + 4 + 0.25).squareRoot()) < 1e-15)
        let unclipped = try FeatureScaling(center: [0], scale: [1], clip: nil)
        #expect(throws: HEMLError.self) { try GradientSensitivity.rowNormBound(unclipped) }
    }

    /// Invalid budgets are refused with an error naming the parameter.
    @Test(arguments: [(0.0, 1e-5), (-1, 1e-5), (.infinity, 1e-5), (.nan, 1e-5), (1, 0), (1, 1), (1, 1.5), (1, -0.1)])
    func invalidBudgetsAreRefused(epsilon: Double, delta: Double) {
        do {
            _ = try DPRelease(epsilon: epsilon, delta: delta)
            Issue.record("accepted ε = \(epsilon), δ = \(delta)")
        } catch {
            let name = epsilon.isFinite && epsilon > 0 ? "delta" : "epsilon"
            #expect(error.description.contains(name), "\(error)")
        }
    }

    /// The per-iteration bound holds on neighbouring datasets: at every point v_t of a (noisy) run on D, the mean
    /// gradients on D and on D with one row replaced by an arbitrary row of the domain differ by at most s_t.
    /// 300 random pairs; the worst ratio is also asserted to be meaningful (above 0.3: the bound is not loose by
    /// orders of magnitude).
    @Test func gradientSensitivityBoundHoldsOnNeighbours() throws {
        var generator = SplitMix64(seed: 9)
        let n = 40, d = 4, iterations = 4
        let sensitivity = try GradientSensitivity(
            rows: n, iterations: iterations, sigmoid: .kim3, rowNormBound: Double(d + 1).squareRoot())
        let calibration = try DPRelease(epsilon: 4, delta: 1e-5).calibrate(sensitivity)
        var worst = 0.0, checked = 0
        for _ in 0..<300 {
            let uniform = { (g: inout SplitMix64) in Double(g.next() >> 11) * 0x1p-53 * 2 - 1 }
            var features = (0..<(n * d)).map { _ in uniform(&generator) }
            var labels = (0..<n).map { _ in Double(generator.next() & 1) }
            labels[0] = 0
            labels[1] = 1
            let data = try Dataset(
                featureNames: (0..<d).map { "x\($0)" }, labelName: "y", features: features, labels: labels)
            let run = try PlainLogisticRegression.train(
                data,
                configuration: TrainingConfiguration(
                    iterations: iterations, learningRate: 1, sigmoid: .polynomial(.kim3)),
                gradientNoise: calibration.noise(width: d + 1, using: &generator))
            // Replace a random row by a corner or a random point of [−1, 1]^d, with a random label.
            let row = Int(generator.next() % UInt64(n))
            for j in 0..<d {
                features[row * d + j] =
                    generator.next() & 1 == 0 ? uniform(&generator) : (generator.next() & 1 == 0 ? 1 : -1)
            }
            labels[row] = Double(generator.next() & 1)
            let neighbour = try Dataset(
                featureNames: data.featureNames, labelName: "y", features: features, labels: labels)
            let points = [[Double](repeating: 0, count: d + 1)] + run.history.dropLast().map(\.momentum)
            for (t, v) in points.enumerated() {
                // The bound assumes |zᵀv| ≤ A for every row z of the domain: |v₀| + Σ|v_k| ≤ 8.
                guard v.reduce(0, { $0 + abs($1) }) <= sensitivity.argumentBound else { continue }
                let difference = zip(Self.meanGradient(data, at: v), Self.meanGradient(neighbour, at: v))
                    .reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                #expect(difference <= sensitivity.perIteration[t] * (1 + 1e-12))
                worst = max(worst, difference / sensitivity.perIteration[t])
                checked += 1
            }
        }
        #expect(checked > 600, "only \(checked) points within the argument bound")
        #expect(worst > 0.3, "worst ratio \(worst)")
    }

    /// (1/n) Σ p(−zᵢᵀv) zᵢ with kim3.
    static func meanGradient(_ data: Dataset, at v: [Double]) -> [Double] {
        let z = KimEncoding.zMatrix(data), width = v.count
        var gradient = [Double](repeating: 0, count: width)
        for i in 0..<data.rowCount {
            let row = z[(i * width)..<((i + 1) * width)]
            let s = SigmoidApproximation.kim3.evaluate(-zip(row, v).reduce(0) { $0 + $1.0 * $1.1 })
            for (k, value) in row.enumerated() { gradient[k] += s * value / Double(data.rowCount) }
        }
        return gradient
    }

    /// Three parties' shares of σ = 2 sum to variance σ² (each share σ²/3): 3 × 12000 samples, so the sample
    /// variance has a relative standard deviation of √(2/36000) ≈ 0.75 %; the tolerance is 4 % (over 5 of them).
    /// Every sample is a multiple of the grid 2^(1 − 20).
    @Test func noiseSharesSumToTheCalibratedVariance() throws {
        var generator = SplitMix64(seed: 3)
        let sensitivity = try GradientSensitivity(rows: 1, iterations: 3, sigmoid: .kim3, rowNormBound: 1)
        let calibration = DPCalibration(
            budget: try DPRelease(epsilon: 1, delta: 1e-5), sensitivity: sensitivity, standardDeviations: [2, 2, 2])
        let shares = try (0..<3).map { _ in
            try calibration.noiseShare(NoiseSharing(parties: 3, colluders: 0), width: 12000, using: &generator)
        }
        let total = try shares[0] + shares[1] + shares[2]
        let variance = { (noise: GradientNoise) in
            let all = noise.vectors.flatMap { $0 }
            return all.reduce(0) { $0 + $1 * $1 } / Double(all.count)
        }
        #expect(abs(variance(total) / 4 - 1) < 0.04, "total variance \(variance(total))")
        #expect(abs(variance(shares[0]) / (4.0 / 3) - 1) < 0.04, "share variance \(variance(shares[0]))")
        let mean = total.vectors.flatMap { $0 }.reduce(0, +) / 36000
        #expect(abs(mean) < 5 * 2 / 36000.0.squareRoot(), "mean \(mean)")
        let grid = GaussianNoise.grid(standardDeviation: 2 / 3.0.squareRoot())
        #expect(grid == 0x1p-20)
        #expect(shares[0].vectors.allSatisfy { $0.allSatisfy { ($0 / grid).rounded() == $0 / grid } })
    }

    /// Encrypted training with encrypted noise matches the plaintext twin given the same noise (small ring).
    @Test func noisyEncryptedTrainingMatchesTheNoisyTwin() throws {
        let data = try EncryptedTrainingTests.sample(preconditioned: true)
        let plan = try TrainingPlan.make(
            rows: data.rowCount, features: data.featureCount, iterations: 3, sigmoid: .kim3,
            learningRate: PreconditionedNAG.learningRate, stepOffset: PreconditionedNAG.stepOffset, logDegree: 12,
            security: .unchecked)
        var generator = SplitMix64(seed: 1)
        let calibration = try DPRelease(epsilon: 1, delta: 1e-5).calibrate(
            GradientSensitivity(rows: data.rowCount, iterations: 3, sigmoid: .kim3, rowNormBound: 4))
        let noise = try calibration.noise(width: data.featureCount + 1, using: &generator)
        let context = try CKKSContext(parameters: plan.parameters)
        let keyGenerator = KeyGenerator(context: context)
        let secretKey = try keyGenerator.secretKey()
        let keys = try keyGenerator.evaluationKeys(
            for: secretKey, request: EvaluationKeyRequest(rotations: plan.rotationSteps))
        let encoder = CKKSEncoder(context: context), encryptor = try Encryptor(context: context, secretKey: secretKey)
        let encrypted = try EncryptedDataset.encrypt(data, layout: plan.layout, encoder: encoder, encryptor: encryptor)
        let encryptedNoise = try EncryptedGradientNoise.encrypt(
            noise, plan: plan, encoder: encoder, encryptor: encryptor)
        let model = try EncryptedLogisticRegression(plan: plan, context: context, evaluationKeys: keys)
            .train(encrypted, noise: encryptedNoise)
        let weights = try model.decrypt(decryptor: Decryptor(context: context, secretKey: secretKey), encoder: encoder)
        let configuration = TrainingConfiguration(
            iterations: 3, learningRate: PreconditionedNAG.learningRate, stepOffset: PreconditionedNAG.stepOffset)
        let twin = try PlainLogisticRegression.train(data, configuration: configuration, gradientNoise: noise)
        let plain = try PlainLogisticRegression.train(data, configuration: configuration)
        #expect(largestDifference(weights, twin.coefficients) < 1e-5)
        // The noise is there: the noisy model is far from the noise-free one.
        #expect(largestDifference(weights, plain.coefficients) > 1e-2)
    }
}
