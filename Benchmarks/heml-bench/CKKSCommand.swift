import ArgumentParser
import CKKS
import Foundation
import HERing

/// `heml-bench ckks`: CKKS operations at the chains the peer libraries are measured with, plus heml's presets.
struct CKKSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ckks",
        abstract: "Times CKKS operations (keygen, encode, encrypt, decrypt, add, multiply, relinearize, rescale, "
            + "rotate, hoisted rotations; relinearize and rotate again with keys held as seeds) and reports "
            + "precision in bits."
    )

    @OptionGroup var options: HarnessOptions

    @Option(name: .customLong("log-n"), parsing: .upToNextOption, help: "log2 N values, 13…16.")
    var logN: [Int] = [13, 14]

    @Option(
        help: ArgumentHelp(
            "Chains: peer (60-bit q0, 40-bit scaling primes, one 60-bit special prime, as SEAL and "
                + "OpenFHE are measured), heml (heml's presets), or both."))
    var chain = "peer"

    @Option(help: "Kernel path: default, scalar, avx512-ifma or avx512f.")
    var path = "default"

    @Flag(help: "With --threads k > 1: only the *_latency rows (one operation on 1 core against k cores).")
    var latencyOnly = false

    func validate() throws {
        guard logN.allSatisfy((13...16).contains) else { throw ValidationError("--log-n takes values 13…16") }
        guard ["peer", "heml", "both"].contains(chain) else { throw ValidationError("--chain is peer, heml or both") }
    }

    func run() throws {
        let kernelPath = try kernelPaths(path)[0]
        var rows: [BenchmarkRow] = []
        for k in logN {
            if chain != "heml" {
                rows += try CKKSBenchmark(
                    parameters: Self.peerChain(logN: k), chain: "peer", path: kernelPath, options: options,
                    latencyOnly: latencyOnly
                ).rows()
            }
            if chain != "peer" {
                rows += try CKKSBenchmark(
                    parameters: Self.hemlPreset(logN: k), chain: "heml", path: kernelPath, options: options,
                    latencyOnly: latencyOnly
                ).rows()
            }
        }
        try report(rows, json: options.json)
        if !options.json { printLatencySummary(rows) }
    }

    /// First prime 60 bits, scaling primes 40 bits (13: 2, 14: 7, 15: 15, 16: 30), one 60-bit special prime.
    static func peerChain(logN: Int) throws -> CKKSParameters {
        let levels = [13: 2, 14: 7, 15: 15, 16: 30][logN]!
        return try CKKSParameters(
            logDegree: logN, levels: levels, scaleBits: 40, firstModulusBits: 60,
            specialModulusBits: 60, specialModulusCount: 1, primesPerDigit: 1)
    }

    static func hemlPreset(logN: Int) throws -> CKKSParameters {
        switch logN {
        case 13: try CKKSParameters(preset: .n8192_l2_s40)
        case 14: try CKKSParameters(preset: .n16384_l7_s40)
        case 15: try CKKSParameters(preset: .n32768_l17_s40)
        default: try CKKSParameters(preset: .n65536_l37_s40)
        }
    }
}

/// One parameter set's rows.
struct CKKSBenchmark {
    let parameters: CKKSParameters
    let chain: String
    let path: KernelPath
    let options: HarnessOptions
    let latencyOnly: Bool

    func rows() throws -> [BenchmarkRow] {
        let context = try CKKSContext(parameters: parameters, path: path)
        let generator = KeyGenerator(context: context)
        let encoder = CKKSEncoder(context: context)
        var rows: [BenchmarkRow] = []
        func row(
            _ op: String, _ timing: Timing, precision: Double? = nil, threads: Int? = nil, speedup: Double? = nil
        ) {
            rows.append(
                BenchmarkRow(
                    name: "n=\(parameters.degree)/logQP=\(Int(parameters.logQP.rounded()))/\(chain)/\(op)",
                    threads: threads ?? options.threads, path: path.rawValue, medianNs: timing.median,
                    minNs: timing.min, op: op, logN: parameters.logDegree, logQp: Int(parameters.logQP.rounded()),
                    chain: chain, medianMs: timing.median / 1e6, minMs: timing.min / 1e6, precisionBits: precision,
                    peakRssBytes: timing.peakBytes, speedup: speedup))
        }
        // Key generation is slow at large N: fewer repetitions.
        var keyOptions = options
        keyOptions.repetitions = max(1, options.repetitions / 10)
        keyOptions.warmup = min(1, options.warmup)
        var secretKey = try generator.secretKey()
        if !latencyOnly {
            row(
                "keygen",
                measure(keyOptions) { _ in
                    secretKey = try! generator.secretKey()
                    _ = try! generator.publicKey(for: secretKey)
                })
            row(
                "relin_keygen",
                measure(keyOptions) { _ in
                    _ = try! generator.evaluationKeys(for: secretKey, request: EvaluationKeyRequest())
                })
            row(
                "galois_keygen",
                measure(keyOptions) { _ in
                    _ = try! generator.evaluationKeys(
                        for: secretKey, request: EvaluationKeyRequest(rotations: [1], relinearization: false))
                })
        }
        let publicKey = try generator.publicKey(for: secretKey)
        let keys = try generator.evaluationKeys(for: secretKey, request: EvaluationKeyRequest(rotations: Set(1...8)))
        let encryptor = try Encryptor(context: context, publicKey: publicKey)
        let decryptor = try Decryptor(context: context, secretKey: secretKey)
        let evaluator = try Evaluator(context: context, evaluationKeys: keys)

        let values = (0..<context.slotCount).map { sin(Double($0) * 0.37) }
        let plaintext = try encoder.encode(values)
        let x = try encryptor.encrypt(plaintext), y = try encryptor.encrypt(encoder.encode(values.reversed()))
        let product = try evaluator.multiply(x, y)
        if !latencyOnly {
            row("encode", measure(options) { _ in _ = try! encoder.encode(values) })
            let fresh = precisionBits(try encoder.decode(decryptor.decrypt(x)), values)
            row("encrypt", measure(options) { _ in _ = try! encryptor.encrypt(plaintext) }, precision: fresh)
            row("decrypt", measure(options) { _ in _ = try! encoder.decode(decryptor.decrypt(x)) }, precision: fresh)
            row("add", measure(options) { _ in _ = try! evaluator.add(x, y) })
            row("mul_relin", measure(options) { _ in _ = try! evaluator.multiplyRelinearize(x, y) })
            row("relin", measure(options) { _ in _ = try! evaluator.relinearize(product) })
            let relinearized = try evaluator.relinearize(product)
            row("rescale", measure(options) { _ in _ = try! evaluator.rescale(relinearized) })
            let squared = try evaluator.multiplyRelinearizeRescale(x, x)
            let squarePrecision = precisionBits(try encoder.decode(decryptor.decrypt(squared)), values.map { $0 * $0 })
            row(
                "mul_relin_rescale", measure(options) { _ in _ = try! evaluator.multiplyRelinearizeRescale(x, y) },
                precision: squarePrecision)
            row("mul_plain", measure(options) { _ in _ = try! evaluator.multiply(x, plaintext) })
            row("rotate", measure(options) { _ in _ = try! evaluator.rotate(x, by: 1) })
            row("rotate_hoisted_8", measure(options) { _ in _ = try! evaluator.rotations(of: x, by: Array(1...8)) })
            // The same keys with their a_j held as seeds (half the memory), as `heml train --dataset` holds them.
            var seededKeys = keys
            seededKeys.holdUniformHalves(.seeded)
            let seeded = try Evaluator(context: context, evaluationKeys: seededKeys)
            row("relin_seeded_keys", measure(options) { _ in _ = try! seeded.relinearize(product) })
            row("rotate_seeded_keys", measure(options) { _ in _ = try! seeded.rotate(x, by: 1) })
        }
        if options.threads > 1 {
            let latency = LatencyRows(
                single: evaluator,
                threaded: try Evaluator(
                    context: CKKSContext(parameters: parameters, path: path, threads: options.threads),
                    evaluationKeys: keys),
                cores: options.threads)
            let record = { (op: String, cores: Int, timing: Timing, speedup: Double?) in
                row(op, timing, threads: cores, speedup: speedup)
            }
            latency.rows("relin", options, row: record) { _ = try! $0.relinearize(product) }
            latency.rows("mul_relin_rescale", options, row: record) { _ = try! $0.multiplyRelinearizeRescale(x, y) }
            latency.rows("rotate", options, row: record) { _ = try! $0.rotate(x, by: 1) }
            latency.rows("rotate_hoisted_8", options, row: record) { _ = try! $0.rotations(of: x, by: Array(1...8)) }
        }
        return rows
    }
}

/// −log2 of the largest absolute slot error.
func precisionBits(_ got: [Double], _ expected: [Double]) -> Double {
    -log2(zip(got, expected).map { abs($0 - $1) }.max() ?? 0)
}
