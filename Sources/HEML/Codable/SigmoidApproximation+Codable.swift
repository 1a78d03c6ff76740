/// Stored as `name`, `method`, `degree`, `radius` and the power-basis `coefficients`. JSON numbers round-trip
/// exactly, so the data owner and the server rebuild bit-identical polynomials; decoding goes through the
/// checking initializer (odd degree 1…31, finite coefficients, finite positive radius).
extension SigmoidApproximation {
    enum CodingKeys: String, CodingKey { case name, method, degree, radius, coefficients }

    /// - Throws: `DecodingError` for a missing or mistyped field, or coefficients the checking initializer
    ///   refuses.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        let coefficients = try values.decode([Double].self, forKey: .coefficients)
        let degree = try values.decode(Int.self, forKey: .degree)
        guard coefficients.count == degree + 1 else {
            throw HEMLError.dimensionMismatch(
                what: "sigmoid coefficients (degree + 1)", expected: degree &+ 1,
                found: coefficients.count)
        }
        try self.init(
            coefficients: coefficients, radius: values.decode(Double.self, forKey: .radius),
            method: values.decode(Method.self, forKey: .method), name: values.decode(String.self, forKey: .name))
    }
}
