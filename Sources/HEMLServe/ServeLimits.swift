/// The bounds `heml serve` holds every client to. Memory for sessions is bounded by about
/// ``maximumSessions`` × ``maximumKeyBytes`` (decoded evaluation keys take about as much memory as their
/// container), plus ``maximumRequestBytes`` and one response per request in flight.
public struct ServeLimits: Sendable, Equatable {
    /// The largest scoring-keys body accepted, in bytes (413 above it). Measured: 3.3 MB for a model of 61
    /// features at the default N = 2^13.
    public var maximumKeyBytes: Int
    /// The largest encrypted-rows body accepted, in bytes (413 above it). Measured: 269 KB for 100 rows of 61
    /// features at N = 2^13 (two ciphertexts).
    public var maximumRequestBytes: Int
    /// Sessions held at once, ≥ 1; registering one more evicts the least recently used.
    public var maximumSessions: Int
    /// Seconds a session lives after its last use, > 0; expired sessions answer 404.
    public var sessionLifetime: Double

    /// - Parameters: see the properties; the defaults are 64 MiB of keys, 64 MiB of rows, 16 sessions, 15 minutes.
    public init(
        maximumKeyBytes: Int = 64 << 20, maximumRequestBytes: Int = 64 << 20, maximumSessions: Int = 16,
        sessionLifetime: Double = 900
    ) {
        self.maximumKeyBytes = maximumKeyBytes
        self.maximumRequestBytes = maximumRequestBytes
        self.maximumSessions = maximumSessions
        self.sessionLifetime = sessionLifetime
    }
}
