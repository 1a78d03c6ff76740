import HEML
import HEMLWorkflow

/// Progress on stderr: live (a terminal: the current line is rewritten in place), plain (one line per finished
/// step, no control characters, for logs), or silent (`--json` without a terminal, or `--quiet`).
final class Progress: WorkflowObserver {
    enum Mode { case live, plain, silent }

    let mode: Mode
    private let stream = Terminal.standardError
    private var open = false

    init(mode: Mode) { self.mode = mode }

    /// Live on a terminal; otherwise plain unless `quietWhenPiped` (e.g. `--json`), which silences it.
    static func standard(quiet: Bool, quietWhenPiped: Bool) -> Progress {
        if quiet { return Progress(mode: .silent) }
        if Terminal.standardError.isTerminal { return Progress(mode: .live) }
        return Progress(mode: quietWhenPiped ? .silent : .plain)
    }

    /// A step starts (shown only on a terminal, until ``finish(_:seconds:)`` replaces it).
    func begin(_ text: String) {
        guard mode == .live else { return }
        rewrite("… \(text)")
    }

    /// A step ended.
    func finish(_ text: String, seconds: Double?) {
        let line = seconds.map { "\(text) (\(Format.duration($0)))" } ?? text
        switch mode {
        case .live:
            rewrite("✓ \(line)")
            stream.write("\n")
            open = false
        case .plain: stream.write(line + "\n")
        case .silent: break
        }
    }

    /// Free-form lines (the plan, warnings); always shown unless silent.
    func note(_ text: String) {
        switch mode {
        case .live:
            if open { stream.write("\r\u{1B}[K"); open = false }
            stream.write(text + "\n")
        case .plain: stream.write(text + "\n")
        case .silent: break
        }
    }

    /// One finished training iteration.
    func iteration(_ step: TrainingProgress) {
        let text =
            "iteration \(step.iteration)/\(step.total), levels left \(step.levelsLeft), "
            + (step.totalBootstraps > 0 ? "bootstraps \(step.bootstraps)/\(step.totalBootstraps), " : "")
            + "elapsed \(Format.duration(step.elapsed))"
            + (step.iteration < step.total ? ", ETA \(Format.duration(step.remaining))" : "")
        switch mode {
        case .live: rewrite("… training: \(text)")
        case .plain: stream.write("  \(text)\n")
        case .silent: break
        }
    }

    /// Warnings go to stderr whatever the progress mode (they matter even in scripts).
    func warn(_ text: String) {
        if open { stream.write("\r\u{1B}[K"); open = false }
        stream.write("heml: warning: \(text)\n")
    }

    private func rewrite(_ text: String) {
        stream.write("\r\u{1B}[K" + text)
        open = true
    }
}
