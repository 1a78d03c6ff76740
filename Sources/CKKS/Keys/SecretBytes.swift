import Foundation
import HERing

/// Secure zeroing for the layers above CKKS (which do not import the ring layer): the workflow wipes the encoded
/// secret-key file it writes with these, through the ring layer's `ck_secure_zero`.
extension Array where Element == UInt8 {
    /// Overwrites the bytes with zeros in place (see the ring layer's `wipe()` for copy-on-write caveats).
    package mutating func wipeSecret() { wipe() }
}

extension Data {
    /// Overwrites the bytes with zeros in place.
    package mutating func wipeSecret() { wipe() }
}
