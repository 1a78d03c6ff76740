import CKKS
import Foundation
import HEML

/// JSON and text pieces shared by commands.
enum Reports {
    static func parameters(_ p: CKKSParameters) -> JSONValue {
        .object([
            ("ring_degree", .int(p.degree)),
            ("log_qp", .int(Int(p.logQP.rounded(.up)))),
            ("levels", .int(p.maxLevel)),
            ("scale_bits", .int(Int(p.scale.log2.rounded()))),
            ("security_bits", .int(p.securityBits)),
            ("special_primes", .int(p.specialModuli.count)),
            ("digits", .int(p.digitCount)),
        ])
    }

    static func plan(_ plan: TrainingPlan) -> JSONValue {
        .object([
            ("iterations", .int(plan.iterations)),
            ("degree", .int(plan.sigmoid.degree)),
            ("sigmoid", .string(plan.sigmoid.name)),
            ("interval", .array([.double(-plan.sigmoid.radius), .double(plan.sigmoid.radius)])),
            ("learning_rate", .double(plan.learningRate)),
            ("levels_per_iteration", .int(plan.levelsPerIteration)),
            ("levels_needed", .int(plan.levelsNeeded)),
            ("rotations_per_iteration", .int(plan.layout.rotationsPerIteration)),
            ("rotation_keys", .int(plan.rotationSteps.count)),
            ("ciphertexts", .int(plan.layout.ciphertextCount)),
            ("block_width", .int(plan.layout.blockWidth)),
            ("estimated_seconds", .seconds(plan.estimatedSeconds)),
        ])
    }

    static func timings(_ entries: [(String, Double)]) -> JSONValue {
        .object(entries.map { ($0.0, .seconds($0.1)) })
    }
}

extension Double {
    var log2: Double { Foundation.log2(self) }
}
