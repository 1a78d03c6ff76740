/// Stored as `row_count`, `width`, `slot_count`, `block_width`; decoding goes through the checking initializer, so a
/// file cannot describe a layout that ``SlotLayout/init(rowCount:width:slotCount:blockWidth:)`` would refuse.
extension SlotLayout {
    enum CodingKeys: String, CodingKey {
        case rowCount = "row_count", width, slotCount = "slot_count", blockWidth = "block_width"
    }

    /// - Throws: `DecodingError` for a missing or mistyped field; ``HEMLError/invalidArgument(_:)`` for a layout
    ///   the checking initializer refuses.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            rowCount: values.decode(Int.self, forKey: .rowCount), width: values.decode(Int.self, forKey: .width),
            slotCount: values.decode(Int.self, forKey: .slotCount),
            blockWidth: values.decode(Int.self, forKey: .blockWidth))
    }
}
