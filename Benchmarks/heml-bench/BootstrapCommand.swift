import ArgumentParser
import CKKS
import Foundation

/// `heml-bench bootstrap`: CKKS bootstrapping on ``BootstrappingParameters`` chains — time, precision (max error
/// over the slots for inputs uniform in [−1, 1], encrypted with the secret key at level 0), levels left, security,
/// key size, key generation time and peak resident memory while bootstrapping (keys included).
struct BootstrapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bootstrap",
        abstract: "Times bootstrapping (sparse-secret encapsulation, dense ternary secret) and reports precision.")

    @OptionGroup var options: HarnessOptions

    @Option(
        name: .customLong("log-n"),
        help: ArgumentHelp("log2 N, 10…17 (below 16 the chain is not 128-bit secure: pass --allow-insecure)."))
    var logN = 16

    @Option(name: .customLong("slots"), parsing: .upToNextOption, help: "Slot counts (powers of two ≤ N/2).")
    var slots: [Int] = [64]

    @Option(help: "Levels of 40-bit scale left after bootstrapping.")
    var levelsAfter = 10

    @Option(help: "Special primes (50 bits each).")
    var specialPrimes = 7

    @Option(
        help:
            "Primes of Q per key-switching digit (at most the special primes; the digits of 60-bit primes must stay below P)."
    )
    var primesPerDigit = 5

    @Option(help: "Bits of EvalMod's primes (above 50 they use the AVX-512F kernels instead of IFMA52).")
    var evalModBits = 60

    @Flag(help: "Accept parameters beyond the 128-bit bound (small rings for a quick look).")
    var allowInsecure = false

    func validate() throws {
        guard (10...17).contains(logN) else { throw ValidationError("--log-n takes 10…17") }
        guard slots.allSatisfy({ $0 >= 1 && $0.nonzeroBitCount == 1 && $0 <= 1 << (logN - 1) }) else {
            throw ValidationError("--slots takes powers of two up to N/2")
        }
    }

    func run() throws {
        var rows: [BenchmarkRow] = []
        let shape = try BootstrappingParameters(
            logDegree: logN, levelsAfterBootstrap: levelsAfter, evalModModulusBits: evalModBits,
            specialModulusCount: specialPrimes, primesPerDigit: primesPerDigit,
            security: allowInsecure ? .unchecked : .classical128)
        for n in slots { rows.append(try BootstrapBenchmark(shape: shape, slots: n, options: options).row()) }
        try report(rows, json: options.json)
    }
}

/// One bootstrapping configuration measured: key generation once, then bootstraps of a level-0 ciphertext.
struct BootstrapBenchmark {
    let shape: BootstrappingParameters
    let slots: Int
    let options: HarnessOptions

    func row() throws -> BenchmarkRow {
        let parameters = shape.parameters
        let context = try CKKSContext(parameters: parameters)
        let bootstrapper = try shape.bootstrapper(context: context, slots: slots)
        let generator = KeyGenerator(context: context)
        let secretKey = try generator.secretKey()
        let keygenStart = DispatchTime.now().uptimeNanoseconds
        let keys = try generator.evaluationKeys(for: secretKey, request: bootstrapper.keyRequest())
        let keygenMs = Double(DispatchTime.now().uptimeNanoseconds - keygenStart) / 1e6
        let encoder = CKKSEncoder(context: context)
        // Secret-key encryption: its fresh error (about 2^-30 of the scale at N = 2^16) leaves the figure to
        // bootstrapping; a public-key encryption alone costs about 20.5 bits at the worst slot there.
        let encryptor = try Encryptor(context: context, secretKey: secretKey)
        let decryptor = try Decryptor(context: context, secretKey: secretKey)
        let evaluator = try Evaluator(context: context, evaluationKeys: keys)
        var random = SystemRandomNumberGenerator()
        let values = (0..<slots).map { _ in Double.random(in: -1...1, using: &random) }
        let repeated = (0..<context.slotCount).map { values[$0 % slots] }
        let input = try encryptor.encrypt(encoder.encode(repeated, level: 0))
        var output = input
        let timing = measure(options) { _ in output = try! evaluator.bootstrap(input, bootstrapper) }
        let precision = precisionBits(try encoder.decode(decryptor.decrypt(output)), repeated)
        let inputPrecision = precisionBits(try encoder.decode(decryptor.decrypt(input)), repeated)
        let logQP = Int(parameters.logQP.rounded())
        return BenchmarkRow(
            name: "n=\(parameters.degree)/logQP=\(logQP)/slots=\(slots)/bootstrap", threads: options.threads,
            path: "default", medianNs: timing.median, minNs: timing.min, op: "bootstrap", logN: parameters.logDegree,
            logQp: logQP, chain: "bootstrapping", medianMs: timing.median / 1e6, minMs: timing.min / 1e6,
            precisionBits: precision, inputPrecisionBits: inputPrecision, slots: slots, levelsLeft: output.level,
            securityBits: parameters.securityBits, keyBytes: keys.byteCount, keygenMs: keygenMs,
            peakRssBytes: timing.peakBytes)
    }
}
