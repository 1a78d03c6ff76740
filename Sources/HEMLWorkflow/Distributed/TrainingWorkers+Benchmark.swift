import CKKS
import Dispatch
import Foundation
import HEML

#if MPI
    import CMPIShim
#endif

/// The reduction of one ciphertext across an MPI job's ranks by one exchange, timed on one process.
package struct ReductionBenchmark: Sendable {
    /// The exchange: "allreduce" or "reduce-scatter + allgather".
    package let algorithm: String
    /// The ciphertext's residues, in bytes (8 per residue).
    package let bytes: Int
    /// Seconds of each of heml's reductions: shape agreement, packing the limbs with their primes, the MPI
    /// collectives and the checked rebuild of the ciphertext.
    package let total: [Double]
    /// Seconds of each reduction spent inside the MPI collectives (the packing excluded).
    package let collectives: [Double]
    /// Seconds of one raw `MPI_Allreduce` of as many 64-bit words (`MPI_SUM`, no packing, no custom operation),
    /// run next to each reduction.
    package let raw: [Double]
    /// Whether every reduction gave the sum mod q_i of every rank's ciphertext, computed on this process.
    package let exact: Bool
}

extension TrainingWorkers {
    /// Times the reduction of one ciphertext of the bundle's parameters at their top level (pseudo-random residues
    /// seeded by the rank, 2 components) by each exchange, `repeats` times after one warm-up, for the MPI
    /// benchmarks, and checks every result against the sum computed locally.
    ///
    /// - Throws: ``WorkflowError`` for an unreadable bundle, a failed reduction, or a process not in an MPI job.
    package func timeReductions(publicBundle url: URL, repeats: Int) throws(WorkflowError) -> [ReductionBenchmark] {
        #if MPI
            guard let job = job as? MPIJob else { throw .distributedFailure("not a process of an MPI job") }
            let bundle = try PublicBundle(reading: url, evaluationKeys: false, allowInsecure: true)
            let context = bundle.context, level = context.maxLevel
            let moduli = Ciphertext.limbModuli(level: level, size: 2, context: context)
            let degree = context.parameters.degree
            func words(of rank: Int) -> [UInt64] {
                var state = UInt64(rank + 1) &* 0x9E37_79B9_7F4A_7C15
                var words = [UInt64](repeating: 0, count: moduli.count * degree)
                for (l, q) in moduli.enumerated() {
                    for j in 0..<degree {
                        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                        words[l * degree + j] = state % q
                    }
                }
                return words
            }
            var expected = [UInt64](repeating: 0, count: moduli.count * degree)
            for other in 0..<count {
                for (i, word) in words(of: other).enumerated() {
                    let q = moduli[i / degree], s = expected[i] + word
                    expected[i] = s >= q ? s - q : s
                }
            }
            let ciphertext = try bridged {
                try Ciphertext(
                    residueWords: words(of: rank), level: level, size: 2, scale: context.defaultScale, context: context)
            }
            return try [
                (HEML_MPI_ALLREDUCE, "allreduce"), (HEML_MPI_REDUCE_SCATTER_ALLGATHER, "reduce-scatter + allgather"),
            ].map { algorithm, name throws(WorkflowError) in
                var total: [Double] = [], collectives: [Double] = [], raw: [Double] = []
                var exact = true
                for i in 0...repeats {
                    let begun = DispatchTime.now().uptimeNanoseconds, inMPI = heml_mpi_seconds_in_sums()
                    let sum = try bridged { try job.sum([ciphertext], context: context, algorithm: algorithm) }
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - begun) / 1e9
                    let collective = heml_mpi_seconds_in_sums() - inMPI
                    exact = exact && sum.count == 1 && sum[0].residueWords == expected
                    var plain = words(of: rank)
                    let rawBegun = DispatchTime.now().uptimeNanoseconds
                    try MPIJob.check(heml_mpi_allreduce_words(&plain, plain.count), "MPI_Allreduce (raw)")
                    let rawSeconds = Double(DispatchTime.now().uptimeNanoseconds - rawBegun) / 1e9
                    guard i > 0 else { continue }
                    total.append(seconds)
                    collectives.append(collective)
                    raw.append(rawSeconds)
                }
                return ReductionBenchmark(
                    algorithm: name, bytes: expected.count * 8, total: total, collectives: collectives, raw: raw,
                    exact: exact)
            }
        #else
            throw .distributedFailure("this heml was built without MPI; build it with `swift build --traits MPI`")
        #endif
    }
}
