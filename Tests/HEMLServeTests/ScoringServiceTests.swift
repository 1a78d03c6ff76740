import Foundation
import HEML
import HEMLWorkflow
import Testing

@testable import HEMLServe

/// `heml serve` in process on loopback (test ring N = 2^12): register → score → decrypt against plaintext
/// scoring, and every refusal with its status.
@Suite struct ScoringServiceTests {
    static let model = try! Fixture.model()
    static let client = try! Fixture.client(model)

    static func service(_ limits: ServeLimits = ServeLimits()) throws -> ScoringService {
        try ScoringService(model: model, limits: limits, allowInsecure: true)
    }

    @Test func encryptedScoresOverHTTPMatchPlaintextLogits() async throws {
        let rows = try Fixture.rows(300)
        let logits = try await withRunningService(Self.service()) { service in
            #expect(await service.isHealthy())
            return try await Self.client.logits(for: rows, on: service)
        }
        let expected = try Self.model.logits(for: rows)
        #expect(logits.count == 300)
        // CKKS at a 2^40 scale: the error is below 1e-8; 1e-6 leaves two orders of magnitude.
        #expect(zip(logits, expected).map { abs($0 - $1) }.max()! < 1e-6)
    }

    @Test func unknownAndClosedSessionsAnswer404() async throws {
        let request = try Self.client.encrypt(Fixture.rows(4))
        try await withRunningService(Self.service()) { service in
            await expectRefusal(404, "an unknown session scored") {
                _ = try await service.score(
                    request, session: "0123456789abcdef0123456789abcdef", keys: Self.client.keys)
            }
            let session = try await service.register(Self.client.keys).session
            _ = try await service.score(request, session: session, keys: Self.client.keys)
            try await service.close(session: session)
            await expectRefusal(404, "a closed session scored") {
                _ = try await service.score(request, session: session, keys: Self.client.keys)
            }
        }
    }

    @Test func malformedTruncatedAndMisdirectedBodiesAnswer400AndTheServerStaysUp() async throws {
        let keys = try Self.client.keys.encoded()
        let rows = try Self.client.encrypt(Fixture.rows(4)).encoded()
        try await withRunningService(Self.service()) { service in
            let session = try await service.register(Self.client.keys).session
            var flipped = keys
            flipped[flipped.count / 2] ^= 0x40
            let bodies: [(String, Data)] = [
                (ScoringServiceAPI.sessionsPath, Data()),
                (ScoringServiceAPI.sessionsPath, Data("not a container".utf8)),
                (ScoringServiceAPI.sessionsPath, keys.prefix(keys.count - 1)),
                (ScoringServiceAPI.sessionsPath, flipped),
                (ScoringServiceAPI.sessionsPath, rows),
                (ScoringServiceAPI.scoresPath(session), rows.prefix(100)),
                (ScoringServiceAPI.scoresPath(session), keys),
            ]
            for (path, body) in bodies {
                let (code, message) = try await post(body, to: path, on: service)
                #expect(code == 400, "\(path), \(body.count) bytes")
                #expect(message?.isEmpty == false)
            }
            #expect(await service.isHealthy())
        }
    }

    @Test func keysForAnotherModelAndRowsOfAnotherKeySetAnswer409() async throws {
        let wider = try Fixture.client(Fixture.model(features: ["a", "b", "c"]))
        let other = try Fixture.client(Self.model)
        let foreignRows = try other.encrypt(Fixture.rows(4))
        try await withRunningService(Self.service()) { service in
            await expectRefusal(409, "keys for three features were accepted") {
                _ = try await service.register(wider.keys)
            }
            let session = try await service.register(Self.client.keys).session
            let (code, _) = try await post(
                foreignRows.encoded(), to: ScoringServiceAPI.scoresPath(session), on: service)
            #expect(code == 409)
        }
    }

    @Test func bodiesOverTheLimitAnswer413() async throws {
        let keyBytes = try Self.client.keys.encoded().count
        let request = try Self.client.encrypt(Fixture.rows(4))
        let limits = ServeLimits(maximumKeyBytes: keyBytes, maximumRequestBytes: 4096)
        try await withRunningService(Self.service(limits)) { service in
            let (code, message) = try await post(
                Data(count: keyBytes + 1), to: ScoringServiceAPI.sessionsPath, on: service)
            #expect(code == 413)
            #expect(message == "the scoring keys exceed the server's limit of \(keyBytes) bytes")
            let session = try await service.register(Self.client.keys).session
            await expectRefusal(413, "rows over the limit were scored") {
                _ = try await service.score(request, session: session, keys: Self.client.keys)
            }
        }
    }

    @Test func insecureKeysAreRefusedUnlessAllowed() async throws {
        let strict = try ScoringService(model: Self.model)
        try await withRunningService(strict) { service in
            await expectRefusal(400, "keys on a test ring were accepted") {
                _ = try await service.register(Self.client.keys)
            }
        }
    }

    @Test func aFullStoreEvictsTheLeastRecentlyUsedSession() async throws {
        let request = try Self.client.encrypt(Fixture.rows(2))
        try await withRunningService(Self.service(ServeLimits(maximumSessions: 2))) { service in
            let first = try await service.register(Self.client.keys).session
            let second = try await service.register(Self.client.keys).session
            _ = try await service.score(request, session: first, keys: Self.client.keys)
            _ = try await service.register(Self.client.keys).session
            _ = try await service.score(request, session: first, keys: Self.client.keys)
            await expectRefusal(404, "the least recently used session survived") {
                _ = try await service.score(request, session: second, keys: Self.client.keys)
            }
        }
    }

    @Test func sessionsExpireAfterTheirLifetime() async throws {
        let clock = TestClock()
        let store = SessionStore(limits: ServeLimits(sessionLifetime: 60), now: { clock.now })
        let id = await store.add(try ScoringServer(model: Self.model, keys: Self.client.keys))
        #expect(id.count == 32)
        clock.advance(59)
        #expect(await store.server(for: id) != nil)
        clock.advance(59)
        #expect(await store.server(for: id) != nil)
        clock.advance(61)
        #expect(await store.server(for: id) == nil)
        #expect(await store.count == 0)
    }
}

/// Expects `body` to fail with HTTP status `code`; `what` says what should not have happened.
func expectRefusal(_ code: Int, _ what: String, _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("\(what)")
    } catch {
        #expect(status(error) == code, "\(what)")
    }
}

/// The HTTP status a client call failed with, or nil.
func status(_ error: any Error) -> Int? {
    if case .serviceRefused(let status, _) = error as? WorkflowError { status } else { nil }
}

final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var date = Date(timeIntervalSince1970: 0)
    var now: Date { lock.withLock { date } }
    func advance(_ seconds: Double) { lock.withLock { date += seconds } }
}
