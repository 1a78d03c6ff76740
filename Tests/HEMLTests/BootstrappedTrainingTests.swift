import CKKS
import Foundation
import Testing

@testable import HEML

/// Training past the depth of one chain: where the planner puts bootstraps, how a bootstrapping plan is stored,
/// and an encrypted run through bootstraps against its plaintext twin.
@Suite struct BootstrappedTrainingTests {
    /// An insecure test ring that bootstraps (as the CKKS bootstrapping tests): N = 2^10, L levels of a 50-bit scale
    /// over a 60-bit q_0 (q_0/Δ = 2^10), sparse ternary secret of Hamming weight 32, EvalMod K = 17 (depth 10), level
    /// budgets 3 + 3: a bootstrap of 8 slots costs 16 levels.
    static func testRing(levels: Int) throws -> BootstrapConfiguration {
        let parameters = try CKKSParameters(
            logDegree: 10, levels: levels, scaleBits: 50, firstModulusBits: 60, specialModulusBits: 60,
            specialModulusCount: 2, secret: .sparseTernary(hammingWeight: 32), security: .unchecked)
        return try BootstrapConfiguration(parameters: parameters, evalModBound: 17)
    }

    /// German credit, first 64 rows and 7 features, z-score clipped at 4: width 8 packs as one feature block of 8
    /// columns (64 rows per ciphertext); w_t and w_(t−1) pack into one bootstrap of 16 slots.
    static func sample() throws -> Dataset {
        let full = germanOneHot
        let rows = 64, keep = 7
        let data = try Dataset(
            featureNames: Array(full.featureNames.prefix(keep)), labelName: full.labelName,
            features: (0..<rows).flatMap { Array(full.row($0).prefix(keep)) }, labels: Array(full.labels.prefix(rows)))
        return try FeatureScaling.fit(data).apply(to: data)
    }

    static func plan(
        iterations: Int, levels: Int = 24, reservedLevels: Int = 0, dataLevel: Int? = nil, rows: Int = 64,
        features: Int = 7
    ) throws -> TrainingPlan {
        let ring = try testRing(levels: levels)
        return try TrainingPlan.make(
            rows: rows, features: features, iterations: iterations, sigmoid: .kim3, learningRate: 10,
            reservedLevels: reservedLevels, security: .unchecked,
            bootstrapping: BootstrapConfiguration(parameters: ring.parameters, evalModBound: 17, dataLevel: dataLevel))
    }

    // MARK: Schedule

    /// L = 24, degree-3 sigmoid (4 levels an iteration), w_t and w_(t−1) packed into 16 slots, bootstrap depth 16:
    /// the weights run at 23, 19, 15, 11, 7, then at 3 the next iteration does not fit; each bootstrap leaves 8
    /// levels, and unpacking takes one, so the weights come back at 7.
    @Test func bootstrapsFallWhereTheNextIterationWouldNotFit() throws {
        let plan = try Self.plan(iterations: 9)
        let schedule = try #require(plan.bootstrapping)
        #expect(plan.layout.blockWidth == 8 && plan.layout.featureBlocks == 1)
        #expect(schedule.packed && schedule.slots == 16 && schedule.depth == 16 && schedule.outputLevel == 8)
        #expect(schedule.positions == [6, 7, 8])
        #expect(schedule.bootstraps == [1, 1, 1])
        #expect(schedule.iterationLevels == [24, 23, 19, 15, 11, 7, 7, 7, 7])
        #expect(plan.iterationCosts.count == 9)
        #expect(plan.summary.contains("bootstraps: 3 (after iterations 6, 7, 8), 3 of 16 slots in all"))
        #expect(plan.rotationSteps.isSuperset(of: Evaluator.innerSumSteps(batch: 8, count: 2)))

        // L = 25: the weights reach level 0, where they cannot be masked: w_t bootstraps on its own, w_(t−1) packed.
        let deeper = try #require(try Self.plan(iterations: 9, levels: 25).bootstrapping)
        #expect(deeper.positions == [7] && deeper.bootstraps == [2])
        #expect(deeper.iterationLevels == [25, 24, 20, 16, 12, 8, 4, 8, 4])

        // The last iteration must also leave the reserved level: 3 at iteration 7 is two short.
        let reserved = try #require(try Self.plan(iterations: 8, reservedLevels: 1).bootstrapping)
        #expect(reserved.positions == [6, 7])
        #expect(reserved.iterationLevels.last == 7)

        // Data encrypted at level 9, as on a chain whose upper primes serve only bootstrapping: bootstraps come
        // sooner. The data must stay above the weights: level 7, where bootstraps leave them, is refused.
        let low = try Self.plan(iterations: 5, dataLevel: 9)
        #expect(low.dataLevel == 9)
        #expect(low.bootstrapping?.positions == [3, 4])
        #expect(low.bootstrapping?.bootstraps == [2, 1])
        #expect(low.bootstrapping?.iterationLevels == [9, 8, 4, 7, 7])
        #expect(
            throws: HEMLError.planDoesNotFit(
                reason: "the data at level 7 must sit above the level bootstraps restore the weights to (7)",
                maxIterations: 2)
        ) { try Self.plan(iterations: 5, dataLevel: 7) }

        // 300 features pad to 512 columns: 2F exceeds the 512 slots, so each of the C = 2 blocks of w_t and of
        // w_(t−1) bootstraps on its own with B = 256 slots, landing its scale first (weights back at 8), or after
        // the bootstrap from level 0 (at 7).
        let wide = try #require(try Self.plan(iterations: 9, rows: 2, features: 300).bootstrapping)
        #expect(!wide.packed && wide.slots == 256 && wide.blockWidth == 256 && wide.featureBlocks == 2)
        #expect(wide.positions == [6, 8] && wide.bootstraps == [4, 4] && wide.unpackingSteps.isEmpty)
        #expect(wide.iterationLevels == [24, 23, 19, 15, 11, 7, 8, 4, 7])

        // Runs that fit need none.
        #expect(try Self.plan(iterations: 6).bootstrapping?.count == 0)
        #expect(try Self.plan(iterations: 1).bootstrapping?.iterationLevels == [24])
    }

    /// Over long runs on several chains: every iteration after the first starts with the levels it needs, and a
    /// bootstrap runs only where the weights' level would not pay for the next iteration.
    @Test(arguments: [21, 22, 24, 30, 40])
    func everyIterationFitsAndNoBootstrapIsEarly(levels: Int) throws {
        let plan = try Self.plan(iterations: 200, levels: levels)
        let schedule = try #require(plan.bootstrapping)
        let perIteration = plan.levelsPerIteration
        let levels = schedule.iterationLevels
        #expect(levels.count == 200)
        var expectedPositions: [Int] = []
        for t in 1..<200 {
            #expect(levels[t] >= perIteration)
            let before = t == 1 ? levels[0] - 1 : levels[t - 1] - perIteration
            if before < perIteration {
                expectedPositions.append(t)
                #expect(levels[t] == schedule.outputLevel - 1)
            } else {
                #expect(levels[t] == before)
            }
        }
        #expect(schedule.positions == expectedPositions)
        #expect(
            schedule.bootstraps
                == expectedPositions.map { t in
                    let before = t == 1 ? levels[0] - 1 : levels[t - 1] - perIteration
                    return before == 0 && t > 1 ? 2 : 1
                })
        #expect(schedule.estimatedSeconds > 0 && schedule.estimatedSeconds.isFinite)
    }

    @Test func chainsTooShortAreRefused() throws {
        // L = 16: a bootstrap would leave no level at all.
        #expect(
            throws: HEMLError.planDoesNotFit(
                reason: "the chain has 16 levels and bootstrapping 16 slots needs 16", maxIterations: 0)
        ) {
            try Self.plan(iterations: 3, levels: 16)
        }
        // L = 20: the weights come back with 3 levels, an iteration needs 4; five iterations fit before.
        #expect(
            throws: HEMLError.planDoesNotFit(
                reason: "a bootstrap leaves the weights 3 levels; an iteration needs 4", maxIterations: 5)
        ) {
            try Self.plan(iterations: 30, levels: 20)
        }
        // A 128-bit request refuses the insecure ring; a forced degree must be the chain's.
        #expect(throws: HEMLError.invalidArgument("the bootstrapping parameters are not 128-bit secure")) {
            try TrainingPlan.make(
                rows: 64, features: 7, iterations: 3, sigmoid: .kim3, learningRate: 10,
                bootstrapping: Self.testRing(levels: 24))
        }
        #expect(throws: HEMLError.invalidArgument("the ring degree 2^12 is not the bootstrapping chain's")) {
            try TrainingPlan.make(
                rows: 64, features: 7, iterations: 3, sigmoid: .kim3, learningRate: 10, logDegree: 12,
                security: .unchecked, bootstrapping: Self.testRing(levels: 24))
        }
    }

    // MARK: Storage

    @Test func bootstrappingPlansRoundTrip() throws {
        let plan = try Self.plan(iterations: 9, reservedLevels: 1)
        let decoded = try JSONDecoder().decode(TrainingPlan.self, from: JSONEncoder().encode(plan))
        #expect(decoded == plan)
        #expect(decoded.bootstrapping?.positions == plan.bootstrapping?.positions)
    }

    /// Every stored number of a bootstrapping plan is checked: edits are refused with the error of the check they
    /// fail, before anything large is built.
    @Test func hostileBootstrappingPlansAreRefused() throws {
        let plan = try Self.plan(iterations: 9)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(plan)) as! [String: Any]
        func edited(_ key: String, _ value: Any) throws -> Data {
            var copy = object
            if key == "bootstrap_after" || key == "insecure" {
                copy[key] = value
            } else {
                var stored = copy["bootstrapping"] as! [String: Any]
                stored[key] = value
                copy["bootstrapping"] = stored
            }
            return try JSONSerialization.data(withJSONObject: copy)
        }
        let moduli = plan.parameters.ciphertextModuli
        let budgets = HEMLError.invalidArgument("bootstrapping level budgets must be 1 … 16")
        let evalMod = HEMLError.invalidArgument(
            "EvalMod: bound finite and positive, degree 2 … 255, 0 … 10 double angles")
        let cases: [(HEMLError, Data)] = [
            (
                .invalidArgument("a chain has at most 256 primes"),
                try edited("moduli", [UInt64](repeating: 3, count: 300))
            ),
            (budgets, try edited("coeff_to_slot_budget", 1 << 40)),
            (.invalidArgument("the data level must be 1 … 24"), try edited("data_level", 25)),
            (.invalidArgument("the data level must be 1 … 24"), try edited("data_level", Int.min)),
            (budgets, try edited("slot_to_coeff_budget", 0)),
            (.invalidArgument("the EvalMod bound must be at most 1024"), try edited("eval_mod_bound", 1e300)),
            (evalMod, try edited("eval_mod_bound", -1)),
            (evalMod, try edited("eval_mod_degree", 100_000)),
            (evalMod, try edited("eval_mod_doublings", -3)),
            (.encryption(.invalidParameters("ring degree must be 2^10 … 2^17")), try edited("log_degree", 63)),
            (
                .encryption(.invalidParameters("Hamming weight must be 1 … N")),
                try edited("hamming_weight", 1 << 40)
            ),
            (
                .encryption(.invalidParameters("15 is not a prime below 2^61 congruent to 1 mod 2N")),
                try edited("moduli", [15] + moduli.dropFirst())
            ),
            (
                .encryption(.invalidParameters("primes per digit must be 1 … \(moduli.count)")),
                try edited("primes_per_digit", Int.max)
            ),
            (
                .invalidArgument(
                    "the stored plan does not reproduce where its bootstraps fall (written by another heml version, "
                        + "or edited)"), try edited("bootstrap_after", [1, 2, 3])
            ),
        ]
        for (error, data) in cases {
            #expect(throws: error) { try JSONDecoder().decode(TrainingPlan.self, from: data) }
        }
        // Marked secure, the sparse test ring fails the 128-bit check.
        #expect {
            try JSONDecoder().decode(TrainingPlan.self, from: try edited("insecure", false))
        } throws: { error in
            guard case .encryption(.insecureParameters) = error as? HEMLError else { return false }
            return true
        }
    }

    // MARK: Encrypted training

    /// Keys for the 9-iteration plan on L = 24, made once for the tests that bootstrap.
    final class Keys: Sendable {
        let plan: TrainingPlan
        let context: CKKSContext
        let secretKey: SecretKey
        let keys: EvaluationKeys
        let trainer: EncryptedLogisticRegression
        let encoder: CKKSEncoder

        init() throws {
            plan = try BootstrappedTrainingTests.plan(iterations: 9)
            context = try CKKSContext(parameters: plan.parameters)
            let generator = KeyGenerator(context: context)
            secretKey = try generator.secretKey()
            keys = try generator.evaluationKeys(for: secretKey, request: plan.keyRequest(context: context))
            trainer = try EncryptedLogisticRegression(plan: plan, context: context, evaluationKeys: keys)
            encoder = CKKSEncoder(context: context)
        }

        func decrypt(_ ciphertext: Ciphertext) throws -> [Double] {
            try encoder.decode(Decryptor(context: context, secretKey: secretKey).decrypt(ciphertext))
        }

        /// Trains on the sample encrypted at the plan's data level; the progress events and the largest weight
        /// difference from the plaintext twin.
        func train(_ plan: TrainingPlan) throws -> (steps: [TrainingProgress], difference: Double) {
            let data = try BootstrappedTrainingTests.sample()
            let encrypted = try EncryptedDataset.encrypt(
                data, layout: plan.layout, encoder: encoder,
                encryptor: Encryptor(context: context, secretKey: secretKey), level: plan.dataLevel)
            #expect(encrypted.blocks.allSatisfy { $0.level == plan.dataLevel })
            var steps: [TrainingProgress] = []
            let model = try EncryptedLogisticRegression(plan: plan, context: context, evaluationKeys: keys)
                .train(encrypted) { steps.append($0) }
            let weights = try model.decrypt(
                decryptor: Decryptor(context: context, secretKey: secretKey), encoder: encoder)
            let twin = try PlainLogisticRegression.train(
                data,
                configuration: TrainingConfiguration(
                    iterations: plan.iterations, learningRate: plan.learningRate, sigmoid: .polynomial(plan.sigmoid)))
            return (steps, largestDifference(weights, twin.coefficients))
        }

        static let shared = Result { try Keys() }
    }

    /// Nine iterations on a chain that holds six: three bootstraps, each of w_t and w_(t−1) packed together; the
    /// encrypted model matches its plaintext twin, which is the same algorithm (bootstrapping is the identity on
    /// values).
    @Test func trainsThroughBootstrapsAndMatchesTheTwin() throws {
        let f = try Keys.shared.get()
        let (steps, difference) = try f.train(f.plan)
        #expect(steps.map(\.iteration) == Array(1...9))
        #expect(steps.map(\.bootstraps) == [0, 0, 0, 0, 0, 0, 1, 2, 3])
        #expect(steps.allSatisfy { $0.totalBootstraps == 3 })
        #expect(steps.map(\.levelsLeft) == [23, 19, 15, 11, 7, 3, 3, 3, 3])
        // Measured 3.5·10⁻⁶, the bootstraps' error (the first 6 iterations alone: 8·10⁻¹²); in a debug build on
        // 2 cores each bootstrap event (one packed bootstrap) takes about 0.3–0.7 s, the whole run about 3.7 s.
        #expect(difference < 1e-4, "largest weight difference \(difference)")
    }

    /// The bootstrapping preset's shape on a test ring (``BootstrappingPreset/insecure_n1024_l10``: dense ternary
    /// secret through an encapsulated sparse one, 40-bit scale, input boosted to q_0/2^10, data at the top of a
    /// 26-level chain): nine iterations bootstrap and still match the twin.
    @Test func trainsThroughPresetBootstrapsAndMatchesTheTwin() throws {
        let plan = try TrainingPlan.make(
            rows: 64, features: 7, iterations: 9, sigmoid: .kim3, learningRate: 10, security: .unchecked,
            bootstrapping: BootstrapConfiguration(preset: .insecure_n1024_l10))
        let schedule = try #require(plan.bootstrapping)
        #expect(!schedule.positions.isEmpty)
        // The chain's top scale is not a power of two: the summary rounds its exponent to two decimals.
        let scaleLine = try #require(plan.summary.split(separator: "\n").first { $0.hasPrefix("ring:") })
        #expect(scaleLine.contains(/scale 2\^\d+(\.\d{1,2})?,/), "\(scaleLine)")
        let context = try CKKSContext(parameters: plan.parameters)
        let generator = KeyGenerator(context: context)
        let secretKey = try generator.secretKey()
        let keys = try generator.evaluationKeys(for: secretKey, request: plan.keyRequest(context: context))
        #expect(keys.hasEncapsulationKeys)
        let encoder = CKKSEncoder(context: context)
        let data = try Self.sample()
        let encrypted = try EncryptedDataset.encrypt(
            data, layout: plan.layout, encoder: encoder, encryptor: Encryptor(context: context, secretKey: secretKey),
            level: plan.dataLevel)
        var steps: [TrainingProgress] = []
        let model = try EncryptedLogisticRegression(plan: plan, context: context, evaluationKeys: keys)
            .train(encrypted) { steps.append($0) }
        let weights = try model.decrypt(decryptor: Decryptor(context: context, secretKey: secretKey), encoder: encoder)
        let twin = try PlainLogisticRegression.train(
            data,
            configuration: TrainingConfiguration(
                iterations: plan.iterations, learningRate: plan.learningRate, sigmoid: .polynomial(plan.sigmoid)))
        #expect(steps.last?.totalBootstraps == schedule.bootstraps.reduce(0, +))
        let difference = largestDifference(weights, twin.coefficients)
        #expect(difference < 1e-4, "largest weight difference \(difference)")
    }

    /// Data encrypted at level 9: five iterations with bootstraps after the third (w_t from level 0 on its own,
    /// w_(t−1) packed) and the fourth (both packed), matching the twin.
    @Test func trainsFromDataBelowTheTop() throws {
        let (steps, difference) = try Keys.shared.get().train(Self.plan(iterations: 5, dataLevel: 9))
        #expect(steps.map(\.levelsLeft) == [8, 4, 0, 3, 3])
        #expect(difference < 1e-4, "largest weight difference \(difference)")
    }

    /// w_t (8 weights in [−2, 2] repeated over 512 slots) at level 3 or 0 and w_(t−1) (8 others) at level 7,
    /// refreshed: packed into one bootstrap from level 3; w_t on its own from level 0. Both come back at level 7
    /// with its canonical scale, holding the same weights (bits: −log2 of the largest error relative to the
    /// largest value, 2).
    @Test(arguments: [3, 0])
    func weightsComeBackAtThePlannedLevelAndScale(from level: Int) throws {
        let f = try Keys.shared.get()
        let encryptor = try Encryptor(context: f.context, secretKey: f.secretKey)
        let slots = [1.7, -0.9].map { step in
            f.plan.layout.packWeights((0..<8).map { 2 * sin(Double($0) * step) }, featureBlock: 0)
        }
        let w = try encryptor.encrypt(f.encoder.encode(slots[0], level: level))
        let previous = try encryptor.encrypt(f.encoder.encode(slots[1], level: 7))
        let refreshed = try f.trainer.refreshWeights([w], [previous])
        for (output, expected) in zip(refreshed.w + (refreshed.previous ?? []), slots) {
            #expect(output.level == 7)
            #expect(abs(output.scale / f.context.levelScales[7] - 1) < 1e-9)
            let error = largestDifference(try f.decrypt(output), expected)
            let bits = -log2(error / 2)
            // Measured (two runs): packed 19.2–19.6 bits; from level 0, w_t alone 17.8 and w_(t−1) packed alone
            // 20.8. With few distinct values the message's coefficients are large against q_0 = 2^10·Δ, and
            // EvalMod's cubic error grows with them.
            #expect(bits >= 16.5, "\(bits) bits")
        }
    }

    /// Without the bootstrapper's keys the trainer refuses at once, before any work.
    @Test func missingBootstrappingKeysAreReportedUpFront() throws {
        let plan = try Self.plan(iterations: 9)
        let context = try CKKSContext(parameters: plan.parameters)
        let generator = KeyGenerator(context: context)
        let keys = try generator.evaluationKeys(
            for: generator.secretKey(), request: EvaluationKeyRequest(rotations: plan.rotationSteps))
        #expect {
            try EncryptedLogisticRegression(plan: plan, context: context, evaluationKeys: keys)
        } throws: { error in
            switch error as? HEMLError {
            case .encryption(.missingRotationKey), .encryption(.missingConjugationKey): true
            default: false
            }
        }
    }
}
