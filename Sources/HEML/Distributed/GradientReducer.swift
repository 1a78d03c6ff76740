import CKKS

/// How the workers of one training run combine their partial sums into the sum over every row block.
///
/// Each worker holds a contiguous share of the row blocks (an ``EncryptedShard``), computes one partial sum per
/// feature block over its share, and hands it to the reducer; every worker gets back the same total and runs the
/// update on it. Ciphertext addition is limb-wise addition mod q_i, exact, associative and commutative, so any
/// split of the row blocks and any reduction order give the bits of the single-process run.
public protocol GradientReducer: Sendable {
    /// The sum, over every worker, of each worker's partial sums: one ciphertext per feature block, the same on
    /// every worker.
    ///
    /// - Parameters:
    ///   - partial: this worker's sums over its own row blocks, one per feature block, all of one level, scale and
    ///     size; nil when the worker holds no row block.
    ///   - context: the CKKS context the ciphertexts belong to.
    /// - Throws: ``HEMLError/invalidArgument(_:)`` when no worker holds a row block; a reducer across processes
    ///   throws when the exchange fails (a lost worker).
    func sum(_ partial: [Ciphertext]?, context: CKKSContext) throws(HEMLError) -> [Ciphertext]
}

/// One process holds every row block: the sum is its own partial sum.
public struct LocalReducer: GradientReducer {
    public init() {}

    /// - Throws: ``HEMLError/invalidArgument(_:)`` when `partial` is nil (nothing to train on).
    public func sum(_ partial: [Ciphertext]?, context: CKKSContext) throws(HEMLError) -> [Ciphertext] {
        guard let partial else { throw .invalidArgument("no row block to train on") }
        return partial
    }
}
