import ArgumentParser

/// Output switches every command shares.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print one JSON object on stdout and nothing else there (errors and warnings go to stderr).")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress on stderr (errors and warnings are still printed).")
    var quiet = false

    /// Progress for this run: live on a terminal, plain lines when piped, none with --json when piped or --quiet.
    func progress() -> Progress { Progress.standard(quiet: quiet, quietWhenPiped: json) }

    /// Writes the command's result: the JSON object, or human-readable text.
    func emit(json value: @autoclosure () -> JSONValue, text: @autoclosure () -> String) {
        Terminal.standardOutput.write(json ? value().rendered() + "\n" : text())
    }
}
