/// Stored as `method` (the method's name), `center`, `scale`, `clip` and `multipliers` (each absent when none);
/// decoding goes through the checking initializer (equal lengths, finite centers, finite positive scales and clip,
/// multipliers in ``FeatureScaling/multiplierRange``).
extension FeatureScaling {
    enum CodingKeys: String, CodingKey { case methodName = "method", center, scale, clip, multipliers }

    /// - Throws: `DecodingError` for a missing or mistyped field, or a scaling the checking initializer refuses.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            center: values.decode([Double].self, forKey: .center),
            scale: values.decode([Double].self, forKey: .scale),
            clip: values.decodeIfPresent(Double.self, forKey: .clip),
            methodName: values.decode(String.self, forKey: .methodName),
            multipliers: values.decodeIfPresent([Double].self, forKey: .multipliers))
    }
}
