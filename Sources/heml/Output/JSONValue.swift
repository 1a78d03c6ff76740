/// A JSON value whose objects keep their keys in the order given, for stable, readable `--json` output.
enum JSONValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(floatLiteral value: Double) { self = .number(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(nilLiteral: ()) { self = .null }

    /// A number, or null when it is NaN or infinite (which JSON cannot hold).
    static func double(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    /// A string, or null.
    static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// Seconds rounded to the millisecond.
    static func seconds(_ value: Double) -> JSONValue { .number((value * 1000).rounded() / 1000) }

    /// The value as JSON text; `indent` spaces per level (0: one line).
    func rendered(indent: Int = 2) -> String {
        var out = ""
        render(into: &out, indent: indent, depth: 0)
        return out
    }

    private func render(into out: inout String, indent: Int, depth: Int) {
        let newline = indent > 0 ? "\n" : ""
        let pad = { (level: Int) in String(repeating: " ", count: indent * level) }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let x): out += x.isFinite ? Self.format(x) : "null"
        case .string(let s): out += Self.quote(s)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            // Arrays of scalars stay on one line.
            let flat = items.allSatisfy {
                if case .array = $0 { return false }; if case .object = $0 { return false }; return true
            }
            if flat || indent == 0 {
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += indent > 0 ? ", " : "," }
                    item.render(into: &out, indent: indent, depth: depth + 1)
                }
                out += "]"
            } else {
                out += "[" + newline
                for (i, item) in items.enumerated() {
                    out += pad(depth + 1)
                    item.render(into: &out, indent: indent, depth: depth + 1)
                    out += (i + 1 < items.count ? "," : "") + newline
                }
                out += pad(depth) + "]"
            }
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{" + newline
            for (i, (key, value)) in members.enumerated() {
                out += pad(depth + 1) + Self.quote(key) + (indent > 0 ? ": " : ":")
                value.render(into: &out, indent: indent, depth: depth + 1)
                out += (i + 1 < members.count ? "," : "") + newline
            }
            out += pad(depth) + "}"
        }
    }

    /// Shortest round-trip decimal (Swift's description), always valid JSON.
    private static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
