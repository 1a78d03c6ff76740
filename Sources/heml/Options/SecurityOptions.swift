import ArgumentParser

/// The opt-in every command that reads key files shares: files with parameters below 128-bit security (test
/// rings) are refused without it.
struct SecurityOptions: ParsableArguments {
    @Flag(
        name: .customLong("allow-insecure"),
        help: ArgumentHelp(
            "TEST ONLY: accept insecure test rings (below 128-bit security); the result is NOT secure.",
            visibility: .hidden))
    var allowInsecure = false
}
