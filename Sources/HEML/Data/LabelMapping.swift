/// How the two label values found in a file were mapped to the 0/1 labels of a ``Dataset``.
///
/// The larger numeric value is the positive class (label 1), the smaller the negative class (label 0): `0/1`
/// stays `0/1`, `-1/+1` becomes `0/1`, `1/2` (UCI's good/bad coding) becomes `0/1` with 2 positive.
public struct LabelMapping: Sendable, Equatable, Codable {
    /// The file's value that became label 0.
    public let negativeValue: Double
    /// The file's value that became label 1 (always greater than ``negativeValue``).
    public let positiveValue: Double

    /// - Throws: ``HEMLError/invalidArgument(_:)`` unless both values are finite and `negativeValue < positiveValue`.
    public init(negativeValue: Double, positiveValue: Double) throws(HEMLError) {
        guard negativeValue.isFinite, positiveValue.isFinite, negativeValue < positiveValue else {
            throw .invalidArgument("label mapping needs two finite values, negative < positive")
        }
        self.negativeValue = negativeValue
        self.positiveValue = positiveValue
    }

    /// The identity mapping 0 → 0, 1 → 1.
    public static let zeroOne = try! LabelMapping(negativeValue: 0, positiveValue: 1)

    enum CodingKeys: String, CodingKey {
        case negativeValue = "negative_value"
        case positiveValue = "positive_value"
    }

    /// - Throws: `DecodingError` for a missing or mistyped field; ``HEMLError/invalidArgument(_:)`` for equal or
    ///   non-finite values.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let negative = try container.decode(Double.self, forKey: .negativeValue)
        let positive = try container.decode(Double.self, forKey: .positiveValue)
        do { try self.init(negativeValue: negative, positiveValue: positive) } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .positiveValue, in: container,
                debugDescription: "label values must be finite with negative < positive")
        }
    }
}
