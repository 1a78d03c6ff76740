import ArgumentParser
import CKKS
import HugePageRestart

/// `heml-bench`: release-build benchmarks of heml's layers, with Markdown or JSON output.
@main
struct HemlBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heml-bench",
        abstract: "Benchmarks heml (build with -c release). Median and minimum of repeated runs after warm-up.",
        subcommands: [
            NTTCommand.self, CKKSCommand.self, BootstrapCommand.self, TrainSweepCommand.self, TrainRoleCommand.self,
            CrossValidationCommand.self, DifferentialPrivacyCommand.self, AllreduceCommand.self, StagesCommand.self,
        ]
    )

    /// Restarts once with huge-page-backed malloc where available (`HEML_HUGE_PAGES=0` opts out), then keeps freed
    /// large blocks for reuse.
    static func main() {
        HugePageRestart.restartIfAvailable()
        CKKSRuntime.prepare()
        do {
            var command = try parseAsRoot()
            _ = Machine.current  // the commit and the load average as the run starts
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// Options every benchmark sub-command shares.
struct HarnessOptions: ParsableArguments {
    @Flag(help: "Print a JSON array of rows instead of a Markdown table.")
    var json = false

    @Option(help: "Timed repetitions per row (after warm-up).")
    var repetitions = 50

    @Option(help: "Warm-up runs per row, not timed.")
    var warmup = 5

    @Option(
        help: ArgumentHelp(
            "Threads: each runs the operation on its own data at the same time; times are per operation. "
                + "`ckks` also times one key-switching operation on this many cores against one core "
                + "(rows *_latency)."))
    var threads = 1

    func validate() throws {
        guard repetitions >= 1, warmup >= 0, threads >= 1 else {
            throw ValidationError("repetitions and threads must be at least 1, warm-up at least 0")
        }
    }
}
