internal import CKernels
import Foundation

extension Array where Element: BitwiseCopyable {
    /// Overwrites every element with zero bytes through `ck_secure_zero`, a store the optimiser may not remove: for
    /// copies of secret material (sampled secrets and noise, decoded key bytes) about to be released.
    ///
    /// Only storage this array holds alone is wiped in place. Storage shared with another copy is first duplicated
    /// (copy on write) and the shared bytes stay until that other copy is wiped: wipe every copy you make.
    package mutating func wipe() {
        withUnsafeMutableBytes { ck_secure_zero($0.baseAddress, $0.count) }
    }
}

extension Data {
    /// Overwrites every byte with zero through `ck_secure_zero` (see `Array.wipe()`).
    package mutating func wipe() {
        withUnsafeMutableBytes { (bytes: UnsafeMutableRawBufferPointer) in
            ck_secure_zero(bytes.baseAddress, bytes.count)
        }
    }
}
