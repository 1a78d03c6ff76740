import Foundation
import HEML

/// One sweep set through the role-separated workflow, so sizes are those of the files users ship and each role
/// (keygen, encrypt, server training, decrypt) can run in a process of its own for its own peak memory; then the
/// comparison with the plaintext twins. The roles exchange files in a scratch directory the caller owns.
package enum TrainingBenchmark {
    /// The four steps, in order.
    package enum Role: String, Sendable, Codable, CaseIterable {
        case keygen, encrypt, train, decrypt
    }

    /// How long one role took, and (filled in by the process that ran it) its peak memory.
    package struct RoleRun: Sendable, Codable, Equatable {
        package var role: Role
        /// The role's compute phase (`keygen`, `encrypt`, `train`, `decrypt`), in seconds.
        package var computeSeconds: Double
        /// The whole role, reading and writing files included, in seconds.
        package var totalSeconds: Double
        /// Peak resident memory of the process that ran it, in bytes, when known.
        package var peakBytes: Int?
        /// CPUs that process could run on.
        package var cpus: Int?
    }

    /// Runs one role of `set` on the files in `directory` (earlier roles must have run there).
    ///
    /// - Throws: ``HEMLError`` or ``WorkflowError`` from planning, the role or the data.
    package static func run(
        _ role: Role, of set: SweepSet, csv: URL, read: CSVReadOptions, directory: URL,
        observer: any WorkflowObserver = SilentObserver()
    ) throws -> RoleRun {
        let file = Files(directory: directory)
        let timings: [(String, Double)]
        switch role {
        case .keygen:
            timings = try DataOwner.keygen(
                csv: csv, secretKey: file.secretKey, publicBundle: file.bundle, overwriteSecretKey: true, read: read,
                plan: set.request(), observer: observer
            ).timings
        case .encrypt:
            timings = try DataOwner.encrypt(
                csv: csv, secretKey: file.secretKey, publicBundle: file.bundle, out: file.data,
                ownerState: file.ownerState, read: read, scaling: .default, allowInsecure: set.insecure,
                observer: observer
            ).timings
        case .train:
            timings = try Server.train(
                dataset: file.data, publicBundle: file.bundle, out: file.encryptedModel, allowInsecure: set.insecure,
                run: TrainingRun(uniformHalves: set.expandedKeys ? .expanded : .seeded), observer: observer
            ).timings
        case .decrypt:
            timings = try DataOwner.decrypt(
                model: file.encryptedModel, secretKey: file.secretKey, publicBundle: file.bundle,
                ownerState: file.ownerState, modelOut: file.model, allowInsecure: set.insecure, observer: observer
            ).timings
        }
        let seconds = { (phase: String) in timings.first { $0.0 == phase }?.1 ?? 0 }
        return RoleRun(
            role: role, computeSeconds: seconds(role.rawValue), totalSeconds: seconds("total"), peakBytes: nil,
            cpus: nil)
    }

    /// The set's result from its four role runs and the files they left in `directory`: plan, sizes, and the
    /// decrypted model against its twins on the training rows.
    ///
    /// - Throws: ``WorkflowError`` when a role is missing or its files are unreadable; ``HEMLError`` for the data.
    package static func result(
        of set: SweepSet, runs: [RoleRun], csv: URL, read: CSVReadOptions, directory: URL
    ) throws -> SweepResult {
        let file = Files(directory: directory)
        var byRole: [Role: RoleRun] = [:]
        for run in runs { byRole[run.role] = run }
        guard Role.allCases.allSatisfy({ byRole[$0] != nil }) else {
            throw WorkflowError.mismatchedFiles("the sweep set \(set.name) lacks a role's run")
        }
        let plan = try PublicBundle(reading: file.bundle, evaluationKeys: false, allowInsecure: set.insecure).plan
        let model = try ModelFile.read(from: file.model)
        let owner = try OwnerData(reading: csv, options: read, scaling: .default)
        let comparison = try ModelComparison(
            encrypted: owner.scaling.folding([model.intercept] + model.weights), plan: plan, scaled: owner.scaled,
            test: nil)
        let p = plan.parameterSummary
        let compute = { (role: Role) in byRole[role]!.computeSeconds }
        return SweepResult(
            set: set, cpus: byRole[.train]!.cpus ?? set.threads, logDegree: p.logDegree, logQP: p.logQP,
            levels: p.levels, levelsUsed: plan.levelsNeeded, scaleBits: p.scaleBits, specialPrimes: p.specialPrimes,
            digits: p.digits, securityBits: p.securityBits, rotationKeys: plan.rotationSteps.count,
            ciphertexts: plan.layout.ciphertextCount, bootstraps: plan.bootstrapping?.totalBootstraps ?? 0,
            sigmoidName: plan.sigmoid.name,
            keygenSeconds: compute(.keygen), encryptSeconds: compute(.encrypt), trainSeconds: compute(.train),
            decryptSeconds: compute(.decrypt),
            roleSeconds: Dictionary(uniqueKeysWithValues: runs.map { ($0.role.rawValue, $0.totalSeconds) }),
            peakBytes: Dictionary(
                uniqueKeysWithValues: runs.compactMap { run in run.peakBytes.map { (run.role.rawValue, $0) } }),
            secretKeyBytes: OutputPath.size(file.secretKey), publicBundleBytes: OutputPath.size(file.bundle),
            encryptedDataBytes: OutputPath.size(file.data), encryptedModelBytes: OutputPath.size(file.encryptedModel),
            encryptedAUC: comparison.training[0].auc, polynomialTwinAUC: comparison.training[1].auc,
            exactTwinAUC: comparison.training[2].auc, maxWeightDifference: comparison.maxWeightDifference,
            pareto: false)
    }

    /// Marks the results on the Pareto front of training time against encrypted AUC.
    package static func markingParetoFront(_ results: [SweepResult]) -> [SweepResult] {
        let front = Set(ParetoFront.indices(cost: results.map(\.trainSeconds), value: results.map(\.encryptedAUC)))
        return results.enumerated().map { index, result in
            var marked = result
            marked.pareto = front.contains(index)
            return marked
        }
    }

    /// The files the roles exchange.
    private struct Files {
        let directory: URL
        var secretKey: URL { directory.appendingPathComponent("owner.hemlsk") }
        var bundle: URL { directory.appendingPathComponent("server.hemlpub") }
        var data: URL { directory.appendingPathComponent("data.hemlenc") }
        var ownerState: URL { directory.appendingPathComponent("owner.json") }
        var encryptedModel: URL { directory.appendingPathComponent("model.hemlenc") }
        var model: URL { directory.appendingPathComponent("model.json") }
    }
}
