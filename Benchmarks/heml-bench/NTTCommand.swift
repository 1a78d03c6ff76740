import ArgumentParser
import HERing

/// `heml-bench ntt`: forward and inverse NTT per limb, element-wise multiply and base conversion.
struct NTTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ntt",
        abstract: "Times the ring kernels: NTT per limb (N = 2^12 … 2^17), element-wise multiply, base conversion."
    )

    @OptionGroup var options: HarnessOptions

    @Option(help: "Smallest log2 N.") var minLogN = 12
    @Option(help: "Largest log2 N.") var maxLogN = 17
    @Option(
        parsing: .upToNextOption,
        help: "Prime sizes in bits (20…61); IFMA52 takes < 50, the 64-bit lane kernels the rest.")
    var bits: [Int] = [50]
    @Option(help: "Kernel paths: default, scalar, avx512-ifma, avx512f, or all available.")
    var path = "default"

    func validate() throws {
        guard 10 <= minLogN, minLogN <= maxLogN, maxLogN <= 17 else {
            throw ValidationError("log N must satisfy 10 ≤ min ≤ max ≤ 17")
        }
        guard bits.allSatisfy((20...61).contains) else { throw ValidationError("prime sizes must be 20…61 bits") }
    }

    func run() throws {
        var rows: [BenchmarkRow] = []
        for kernelPath in try kernelPaths(path) {
            for logN in minLogN...maxLogN {
                for size in bits {
                    rows += try limbRows(logN: logN, bits: size, path: kernelPath)
                    rows.append(try baseConversionRow(logN: logN, bits: size, path: kernelPath))
                }
            }
        }
        try report(rows, json: options.json)
    }

    /// Forward NTT, inverse NTT and element-wise multiply of one limb.
    func limbRows(logN: Int, bits: Int, path: KernelPath) throws -> [BenchmarkRow] {
        let q = try Modulus.nttPrimes(bits: bits, logDegree: logN, count: 1)
        let ring = try RingContext(logDegree: logN, moduli: q, path: path)
        var random = SeededRandomSource(testSeed: 1)
        let sample = try RNSPolynomial<Coefficient>(uniformIn: ring, using: &random)
        let factor = sample.forwardNTT()
        var limbs = Array(repeating: sample.residues, count: options.threads)
        var products = Array(repeating: factor, count: options.threads)
        let n = 1 << logN
        let butterflies = Double(n / 2 * logN)
        func row(_ op: String, _ timing: Timing, butterfly: Bool) -> BenchmarkRow {
            BenchmarkRow(
                name: "n=\(n)/q=\(bits)b/\(op)", threads: options.threads, path: path.rawValue,
                medianNs: timing.median, minNs: timing.min, n: n, modulusBits: bits,
                nsPerButterfly: butterfly ? timing.median / butterflies : nil, peakRssBytes: timing.peakBytes)
        }
        let table = ring.tables[0]
        let (forward, inverse) = limbs.withUnsafeMutableBufferPointer { buffers in
            (
                measure(options) { t in buffers[t].withUnsafeMutableBufferPointer { table.forward($0, path: path) } },
                measure(options) { t in buffers[t].withUnsafeMutableBufferPointer { table.inverse($0, path: path) } }
            )
        }
        let multiply = products.withUnsafeMutableBufferPointer { buffers in
            measure(options) { t in buffers[t].multiply(factor) }
        }
        return [
            row("forward", forward, butterfly: true), row("inverse", inverse, butterfly: true),
            row("mul", multiply, butterfly: false),
        ]
    }

    /// Fast base conversion of 8 limbs of `bits`-bit primes onto 2 others, as in key switching.
    func baseConversionRow(logN: Int, bits: Int, path: KernelPath) throws -> BenchmarkRow {
        let primes = try Modulus.nttPrimes(bits: bits, logDegree: logN, count: 10)
        let source = try RingContext(logDegree: logN, moduli: Array(primes.prefix(8)), path: path)
        let target = try RingContext(logDegree: logN, moduli: Array(primes.suffix(2)), path: path)
        let converter = try BaseConverter(from: source, to: target)
        var random = SeededRandomSource(testSeed: 2)
        let input = try RNSPolynomial<Coefficient>(uniformIn: source, using: &random)
        var outputs = Array(repeating: RNSPolynomial<Coefficient>(zeroIn: target), count: options.threads)
        var scratch = Array(repeating: [UInt64](repeating: 0, count: input.residues.count), count: options.threads)
        let timing = outputs.withUnsafeMutableBufferPointer { out in
            scratch.withUnsafeMutableBufferPointer { space in
                measure(options) { t in converter.convert(input, into: &out[t], scratch: &space[t]) }
            }
        }
        return BenchmarkRow(
            name: "n=\(1 << logN)/q=\(bits)b/base_convert/8to2", threads: options.threads, path: path.rawValue,
            medianNs: timing.median, minNs: timing.min, n: 1 << logN, modulusBits: bits, peakRssBytes: timing.peakBytes)
    }
}
