import ArgumentParser
import CKKS
import Dispatch
import Foundation
import HERing

/// `heml-bench stages`: one mul+relin+rescale at the top level cut into its stages, each timed on one core and on
/// `--threads` cores (samples alternating), to see which stage keeps the second core idle.
struct StagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "Times the stages of one mul+relin+rescale (tensor, ModUp, inner product, ModDown, rescale) on 1 "
            + "and k cores.")

    @Option(name: .customLong("log-n"), help: "log2 N, 13…16.") var logN = 16
    @Option(help: "peer or heml (see `ckks --chain`).") var chain = "peer"
    @Option(help: "Cores for the threaded context.") var threads = 2
    @Option(help: "Timed samples per stage and core count.") var repetitions = 7
    @Option(help: "Instead of timing: run this many mul+relin+rescale on --threads cores (for `perf record -p`).")
    var loop = 0

    func validate() throws {
        guard (13...16).contains(logN), ["peer", "heml"].contains(chain), threads >= 1, repetitions >= 1 else {
            throw ValidationError("--log-n 13…16, --chain peer or heml, --threads and --repetitions at least 1")
        }
    }

    func run() throws {
        let parameters =
            chain == "peer" ? try CKKSCommand.peerChain(logN: logN) : try CKKSCommand.hemlPreset(logN: logN)
        let one = try CKKSContext(parameters: parameters)
        let many = try CKKSContext(parameters: parameters, threads: threads)
        let generator = KeyGenerator(context: one)
        let secretKey = try generator.secretKey()
        let keys = try generator.evaluationKeys(for: secretKey, request: EvaluationKeyRequest())
        let encryptor = try Encryptor(context: one, publicKey: generator.publicKey(for: secretKey))
        let values = (0..<one.slotCount).map { sin(Double($0) * 0.37) }
        let x = try encryptor.encrypt(CKKSEncoder(context: one).encode(values))
        let key = keys.relinearization!
        let c = x.components[1]
        let level = c.limbCount - 1
        let plan = one.keySwitching
        let qp = plan.ringQP(level: level)
        let wide = RNSPolynomial<Evaluation>(zeroIn: qp)
        print(
            "N = 2^\(logN), \(chain) chain, \(c.limbCount) limbs, P \(plan.ringP.limbCount) primes, digits "
                + "\(plan.digitCount), load \(loadAverage())")
        if loop > 0 {
            let evaluator = try Evaluator(context: threads == 1 ? one : many, evaluationKeys: keys)
            FileHandle.standardError.write(Data("loop start\n".utf8))
            for _ in 0..<loop { _ = try evaluator.multiplyRelinearizeRescale(x, x) }
            return
        }
        let options = try HarnessOptions.parse(["--repetitions", "\(repetitions)", "--warmup", "2"])
        func stage(_ name: String, _ body: (CKKSContext) -> Void) {
            let (a, b) = measureAlternating(options, { body(one) }, { body(many) })
            print(
                String(
                    format: "%@ %8.2f ms %8.2f ms  %.2f×",
                    name.padding(toLength: 28, withPad: " ", startingAt: 0) as NSString, a.median / 1e6, b.median / 1e6,
                    a.median / b.median))
        }
        stage("tensor (3 mul + 1 muladd)") { context in
            _ = RNSPolynomial.tensor(
                x.components[0], x.components[1], x.components[0], x.components[1], threads: context.threads)
        }
        stage("decompose (iNTT+ModUp)") { context in _ = context.keySwitching.decompose(c) }
        stage("switchKey (whole)") { context in _ = context.keySwitching.switchKey(c, keyB: key.b, keyA: key.a) }
        stage("divideByP (one ModDown)") { context in _ = context.keySwitching.divideByP(wide) }
        stage("add (one component)") { _ in
            var d = x.components[0]
            d.add(x.components[1])
        }
        stage("rescale (2 components)") { context in
            var parts = x.components
            RNSPolynomial.divideAndRoundByLastModulus(&parts, threads: context.threads)
        }
        stage("mul_relin_rescale") { context in
            let evaluator = try! Evaluator(context: context, evaluationKeys: keys)
            _ = try! evaluator.multiplyRelinearizeRescale(x, x)
        }
        print("load \(loadAverage())")
    }
}

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(
        separator: " ") ?? "?"
}
