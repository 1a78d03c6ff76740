import CKKS
import Foundation
import HEML
import Testing

@testable import HEMLWorkflow

/// The role-separated run on a chain that bootstraps: the public bundle carries the bootstrapping plan and the
/// bootstrapper's keys, the owner encrypts at the plan's data level, the server bootstraps.
@Suite struct BootstrappedRolesTests {
    @Test func rolesTrainThroughBootstrapsAndMatchTheTwin() throws {
        // N = 2^10, L = 22, 50-bit scale over a 60-bit q_0, 4 special primes (fewer digits: a smaller bundle),
        // sparse secret h = 32 (insecure, tests only). w_t and w_(t−1) pack into 8 slots, which bootstrap in 16
        // levels: one bootstrap, after iteration 6.
        let ring = try CKKSParameters(
            logDegree: 10, levels: 22, scaleBits: 50, firstModulusBits: 60, specialModulusBits: 60,
            specialModulusCount: 4, secret: .sparseTernary(hammingWeight: 32), security: .unchecked)
        let plan = try Self.trainInRoles(
            PlanRequest(
                iterations: 7, learningRate: 10, stepOffset: 0,
                bootstrapping: BootstrapConfiguration(parameters: ring, evalModBound: 17)),
            encapsulated: false)
        #expect(plan.bootstrapping?.positions == [6])
    }

    /// The preset's shape (dense secret, sparse-secret encapsulation): keygen streams the two encapsulation keys
    /// into the bundle with the others, and the server reads them back and bootstraps with them.
    @Test func rolesTrainThroughEncapsulatedBootstrapsAndMatchTheTwin() throws {
        let plan = try Self.trainInRoles(
            PlanRequest(
                iterations: 9, learningRate: 10, stepOffset: 0,
                bootstrapping: BootstrapConfiguration(preset: .insecure_n1024_l10)),
            encapsulated: true)
        #expect(plan.bootstrapping.map { !$0.positions.isEmpty } == true)
    }

    /// Keygen, encrypt, server training and decrypt on 60 rows with `request`; checks that the bundle holds the
    /// encapsulation keys exactly when `encapsulated`, and the decrypted model against its plaintext twin.
    private static func trainInRoles(_ request: PlanRequest, encapsulated: Bool) throws -> TrainingPlan {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("data.csv", tinyCSV(rows: 60))
        let keygen = try DataOwner.keygen(
            csv: scratch["data.csv"], secretKey: scratch["owner.hemlsk"], publicBundle: scratch["server.hemlpub"],
            overwriteSecretKey: false, read: readOptions, plan: request)
        let plan = keygen.plan
        let bundle = try PublicBundle(reading: scratch["server.hemlpub"], allowInsecure: true)
        #expect(bundle.plan == plan)
        #expect(bundle.evaluationKeys?.hasEncapsulationKeys == encapsulated)
        _ = try DataOwner.encrypt(
            csv: scratch["data.csv"], secretKey: scratch["owner.hemlsk"], publicBundle: scratch["server.hemlpub"],
            out: scratch["data.hemlenc"], ownerState: scratch["data.hemlenc.owner.json"], read: readOptions,
            scaling: .default, preconditioned: false, allowInsecure: true)
        _ = try Server.train(
            dataset: scratch["data.hemlenc"], publicBundle: scratch["server.hemlpub"], out: scratch["model.hemlenc"],
            allowInsecure: true)
        _ = try DataOwner.decrypt(
            model: scratch["model.hemlenc"], secretKey: scratch["owner.hemlsk"],
            publicBundle: scratch["server.hemlpub"], ownerState: scratch["data.hemlenc.owner.json"],
            modelOut: scratch["model.json"], allowInsecure: true)
        let model = try ModelFile.read(from: scratch["model.json"])
        let twin = try PlainLogisticRegression.fit(
            CSVReader.read(scratch["data.csv"], options: readOptions),
            configuration: TrainingConfiguration(
                iterations: plan.iterations, learningRate: plan.learningRate, stepOffset: plan.stepOffset,
                sigmoid: .polynomial(plan.sigmoid))
        ).model
        let difference = zip([model.intercept] + model.weights, [twin.intercept] + twin.weights)
            .map { abs($0 - $1) }.max()!
        #expect(difference < 1e-4, "largest difference from the plaintext twin \(difference)")
        return plan
    }

    /// More iterations than a single 128-bit chain at N = 2^16 holds (10 for German credit's shape): the planner
    /// bootstraps on the N = 2^16 preset; without bootstrapping it goes to N = 2^17 (22 iterations) and then refuses.
    @Test func plannerBootstrapsWhenNoChainHoldsTheIterations() throws {
        let plan = try PlanRequest(iterations: 40).plan(rows: 1000, features: 61)
        let schedule = try #require(plan.bootstrapping)
        #expect(plan.parameters.logDegree == 16 && plan.parameters.securityBits == 128)
        #expect(!schedule.positions.isEmpty)
        let fits = try PlanRequest(iterations: 10).plan(rows: 1000, features: 61)
        #expect(fits.bootstrapping == nil && fits.parameters.logDegree == 16)
        // 12 iterations need N = 2^17 in one chain: the planner bootstraps at N = 2^16 unless told not to.
        let twelve = try PlanRequest(iterations: 12).plan(rows: 1000, features: 61)
        #expect(twelve.parameters.logDegree == 16 && twelve.bootstrapping.map { $0.count > 0 } == true)
        let single = try PlanRequest(iterations: 12, bootstrapWhenNeeded: false).plan(rows: 1000, features: 61)
        #expect(single.parameters.logDegree == 17 && single.bootstrapping == nil)
        #expect {
            try PlanRequest(iterations: 40, bootstrapWhenNeeded: false).plan(rows: 1000, features: 61)
        } throws: { error in
            guard case .planDoesNotFit = error as? HEMLError else { return false }
            return true
        }
    }
}
