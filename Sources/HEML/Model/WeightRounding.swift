import Foundation

/// Rounds model weights to a stated precision before they are published, so that the published digits carry no
/// more than the precision the decryption actually kept.
///
/// Rounding is not a defence on its own: an exact CKKS decryption rounded to a few decimals still carries the
/// key-dependent noise in its rounding decisions. Publish weights decrypted with flooding
/// (``EncryptedModel/decrypt(decryptor:encoder:flooding:)``), then round them to the precision the flooding
/// leaves (`NoiseFlooding.precisionBits(scale:)`, absolute bits: ``Unit/fractionalBits``).
public struct WeightRounding: Sendable, Hashable, CustomStringConvertible {
    /// What ``count`` counts.
    public enum Unit: String, Sendable, Hashable, Codable, CaseIterable {
        /// Multiples of 2^−count (count −60 … 60): an absolute precision, as precision in bits is reported.
        case fractionalBits
        /// count significant bits, 1 … 52: a relative precision (zero stays zero).
        case significantBits
        /// count digits after the decimal point, 0 … 15 (the nearest `Double` to the rounded decimal).
        case decimals
    }

    /// How many units are kept.
    public let count: Int
    /// The unit of ``count``.
    public let unit: Unit

    /// - Throws: ``HEMLError/invalidArgument(_:)`` for a count outside its unit's range.
    public init(_ count: Int, _ unit: Unit) throws(HEMLError) {
        let range =
            switch unit {
            case .fractionalBits: -60...60
            case .significantBits: 1...52
            case .decimals: 0...15
            }
        guard range.contains(count) else {
            throw .invalidArgument("\(unit.rawValue) must be \(range.lowerBound) … \(range.upperBound)")
        }
        self.count = count
        self.unit = unit
    }

    /// Each weight rounded to the nearest multiple of its quantum (ties away from zero); non-finite values are
    /// returned unchanged.
    public func rounded(_ weights: [Double]) -> [Double] {
        weights.map { w in
            guard w.isFinite, w != 0 else { return w }
            switch unit {
            case .fractionalBits: return (w * pow(2, Double(count))).rounded() / pow(2, Double(count))
            case .significantBits:
                let quantum = pow(2, Double(Int(w.exponent) - count + 1))
                return (w / quantum).rounded() * quantum
            case .decimals: return (w * pow(10, Double(count))).rounded() / pow(10, Double(count))
            }
        }
    }

    public var description: String { "\(count) \(unit.rawValue)" }
}
