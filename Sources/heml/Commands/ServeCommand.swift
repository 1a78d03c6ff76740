import ArgumentParser
import Foundation
import HEML
import HEMLServe
import HEMLWorkflow

/// `heml serve`: encrypted scoring over HTTP with a plaintext model (HEMLServe).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve encrypted scoring over HTTP: clients register evaluation keys, post encrypted rows.",
        discussion: """
            The server holds the model in plaintext and, per client session, that client's scoring keys (no \
            secret key). It never sees a row or a score in the clear. Endpoints: GET /health; POST /v1/sessions \
            (body: scoring keys) → {"session": id}; POST /v1/sessions/ID/scores (body: encrypted rows) → \
            encrypted logits; DELETE /v1/sessions/ID. Errors answer JSON {"error":{"message":…}} with 400 \
            (malformed or tampered body), 404 (unknown or expired session), 409 (keys or rows that do not belong \
            to this model or session), 413 (body over the limit). Stops on SIGINT or SIGTERM.

            Client side: heml score FILE --model model.json --model-server URL, or step by step with heml \
            score-client keys|encrypt|decrypt and curl.
            """
    )

    @Option(help: ArgumentHelp("The model file (JSON) to score with.", valueName: "model.json"))
    var model: String

    @Option(help: "Address to listen on (127.0.0.1: this machine only; 0.0.0.0: every interface).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(name: .customLong("max-sessions"), help: "Sessions held at once; one more evicts the least recently used.")
    var maxSessions = ServeLimits().maximumSessions

    @Option(name: .customLong("session-lifetime"), help: "Seconds a session lives after its last use.")
    var sessionLifetime = ServeLimits().sessionLifetime

    @Option(name: .customLong("max-key-mib"), help: "Largest scoring-keys upload, in MiB.")
    var maxKeyMiB = ServeLimits().maximumKeyBytes >> 20

    @Option(name: .customLong("max-request-mib"), help: "Largest encrypted-rows upload, in MiB.")
    var maxRequestMiB = ServeLimits().maximumRequestBytes >> 20

    @OptionGroup var security: SecurityOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 … 65535") }
        guard maxSessions >= 1 else { throw ValidationError("--max-sessions must be at least 1") }
        guard sessionLifetime > 0 else { throw ValidationError("--session-lifetime must be positive") }
        guard (1...4096).contains(maxKeyMiB), (1...4096).contains(maxRequestMiB) else {
            throw ValidationError("--max-key-mib and --max-request-mib must be 1 … 4096")
        }
    }

    func run() throws {
        let modelURL = OutputPath.url(model)
        let service = try ScoringService(
            model: ModelFile.read(from: modelURL),
            limits: ServeLimits(
                maximumKeyBytes: maxKeyMiB << 20, maximumRequestBytes: maxRequestMiB << 20,
                maximumSessions: maxSessions, sessionLifetime: sessionLifetime),
            allowInsecure: security.allowInsecure)
        let host = host, port = port, name = modelURL.lastPathComponent
        try runBlocking {
            try await service.application(host: host, port: port) { bound in
                Terminal.standardError.write(
                    "heml serve: scoring with \(name) on http://\(host):\(bound) (\(service.model.features.count) "
                        + "features; up to \(service.limits.maximumSessions) sessions)\n")
            }.runService()
        }
    }
}
