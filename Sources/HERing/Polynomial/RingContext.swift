/// The ring Z_Q[X]/(X^N + 1) for an RNS basis Q = q_0 · … · q_{k-1}, with one set of NTT tables per prime.
///
/// Contexts are immutable and shareable across threads. Contexts for sub-bases (the levels of a modulus chain)
/// share their tables with the full basis.
public final class RingContext: Sendable, CustomStringConvertible {
    /// log2 N, 10...17.
    public let logDegree: Int
    /// One table per prime of the basis, in basis order.
    public let tables: [NTTTables]
    /// The primes of the basis, in order.
    public let moduli: [Modulus]
    /// The kernel path used by every operation in this ring.
    public let path: KernelPath

    /// A ring over the given distinct NTT-friendly primes.
    ///
    /// - Throws: ``HERingError/invalidArgument(_:)`` for an empty or repeated basis or a prime that is not
    ///   ≡ 1 mod 2N; ``HERingError/unsupportedKernelPath(_:)`` when `path` cannot run here.
    public convenience init(logDegree: Int, moduli: [UInt64], path: KernelPath = .default) throws(HERingError) {
        var tables: [NTTTables] = []
        for q in moduli { tables.append(try NTTTables(modulus: q, logDegree: logDegree)) }
        try self.init(tables: tables, path: path)
    }

    /// A ring over primes whose tables already exist (shared, not copied).
    ///
    /// - Throws: ``HERingError/invalidArgument(_:)`` for an empty or repeated basis or tables of different degrees;
    ///   ``HERingError/unsupportedKernelPath(_:)`` when `path` cannot run here.
    public init(tables: [NTTTables], path: KernelPath = .default) throws(HERingError) {
        guard let first = tables.first else { throw .invalidArgument("an RNS basis needs at least one prime") }
        guard tables.allSatisfy({ $0.logDegree == first.logDegree }) else {
            throw .invalidArgument("all NTT tables of a basis must have the same degree")
        }
        guard Set(tables.map(\.modulus.value)).count == tables.count else {
            throw .invalidArgument("the primes of an RNS basis must be distinct")
        }
        guard path.isAvailable else { throw .unsupportedKernelPath(path) }
        self.logDegree = first.logDegree
        self.tables = tables
        self.moduli = tables.map(\.modulus)
        self.path = path
    }

    /// Ring degree N.
    public var degree: Int { 1 << logDegree }
    /// Number of primes in the basis.
    public var limbCount: Int { tables.count }

    /// The ring over the first `count` primes (1...limbCount), sharing tables.
    public func prefix(_ count: Int) -> RingContext {
        precondition((1...limbCount).contains(count), "a sub-basis needs 1...\(limbCount) primes")
        if count == limbCount { return self }
        return try! RingContext(tables: Array(tables.prefix(count)), path: path)
    }

    /// The ring over this basis followed by `other`'s primes (e.g. Q ∪ P for key switching).
    ///
    /// - Throws: ``HERingError/invalidArgument(_:)`` when the degrees differ or the bases share a prime.
    public func appending(_ other: RingContext) throws(HERingError) -> RingContext {
        try RingContext(tables: tables + other.tables, path: path)
    }

    /// Whether both contexts describe the same ring (same degree and primes in the same order).
    public func isSameRing(as other: RingContext) -> Bool {
        self === other || (logDegree == other.logDegree && moduli == other.moduli)
    }

    public var description: String {
        "Z_Q[X]/(X^\(degree)+1), \(limbCount) primes of \(moduli.map(\.bitWidth)) bits"
    }
}
