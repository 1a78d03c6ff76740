/// What one CSV cell holds, as far as numeric data are concerned.
enum NumericCell: Equatable {
    /// A finite number.
    case number(Double)
    /// Empty (after trimming spaces) or `NA` / `N/A` (any case).
    case missing
    /// `nan`, `inf`, `infinity` (any case, optional sign) or a decimal number too large for a Double.
    case nonFinite
    /// Anything else, including hexadecimal (`0x1F`), thousands separators and text.
    case nonNumeric

    private static let nonFiniteSpellings: Set<String> = [
        "nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity",
    ]

    init(_ text: String) {
        let trimmed = text.trimmingBlanks()
        if trimmed.isEmpty { self = .missing; return }
        let lower = trimmed.lowercased()
        if lower == "na" || lower == "n/a" { self = .missing; return }
        if Self.nonFiniteSpellings.contains(lower) { self = .nonFinite; return }
        let allowed = trimmed.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E")
        }
        guard allowed, let value = Double(trimmed) else { self = .nonNumeric; return }
        self = value.isFinite ? .number(value) : .nonFinite
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, CR and LF.
    func trimmingBlanks() -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
