import CKKS
import Foundation

extension CKKSContext {
    /// A context for encrypted training: one key switch may use every core of the machine (at most 64), so that
    /// the phases of an iteration with fewer independent blocks than cores still use them all (German credit has
    /// one row block: its per-row phase would otherwise run on one core). Results are the same bits as on one core.
    ///
    /// - Throws: ``CKKSError/ring(_:)`` as ``init(parameters:path:threads:)``.
    static func forTraining(_ parameters: CKKSParameters) throws(CKKSError) -> CKKSContext {
        try CKKSContext(parameters: parameters, threads: min(64, max(1, ProcessInfo.processInfo.activeProcessorCount)))
    }
}
