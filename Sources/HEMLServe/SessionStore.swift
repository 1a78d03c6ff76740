import Foundation
import HEMLWorkflow

/// The scoring sessions a server holds: one `ScoringServer` (the model and a client's evaluation keys) per
/// registered key set, under a random identifier. Bounded: at most ``ServeLimits/maximumSessions`` (the least
/// recently used is evicted to make room) and each expires ``ServeLimits/sessionLifetime`` seconds after its last
/// use.
actor SessionStore {
    private struct Session {
        let server: ScoringServer
        var lastUse: Date
    }

    private let limits: ServeLimits
    private var sessions: [String: Session] = [:]
    private let now: @Sendable () -> Date

    init(limits: ServeLimits, now: @escaping @Sendable () -> Date = Date.init) {
        self.limits = limits
        self.now = now
    }

    /// Sessions held (expired ones dropped first).
    var count: Int {
        expire()
        return sessions.count
    }

    /// Stores `server` under a new identifier (32 hex digits from the system's random generator), evicting the
    /// least recently used session when the store is full.
    func add(_ server: ScoringServer) -> String {
        expire()
        while sessions.count >= limits.maximumSessions,
            let oldest = sessions.min(by: { $0.value.lastUse < $1.value.lastUse })?.key
        {
            sessions[oldest] = nil
        }
        var generator = SystemRandomNumberGenerator()
        let id = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
        sessions[id] = Session(server: server, lastUse: now())
        return id
    }

    /// The session's server, marked as used now; nil for an unknown or expired identifier.
    func server(for id: String) -> ScoringServer? {
        expire()
        sessions[id]?.lastUse = now()
        return sessions[id]?.server
    }

    /// Drops a session; whether it existed.
    func remove(_ id: String) -> Bool {
        sessions.removeValue(forKey: id) != nil
    }

    private func expire() {
        let cutoff = now().addingTimeInterval(-limits.sessionLifetime)
        sessions = sessions.filter { $0.value.lastUse > cutoff }
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
