/// A fragment of HTML or SVG built from elements and text, escaped by construction: text and attribute values are
/// always escaped, so a feature named `<script>` is shown, never run. The output is also well-formed XML (void
/// elements close themselves), so tests parse reports with an XML parser.
struct Markup: Sendable {
    /// The rendered fragment.
    let rendered: String

    private init(rendered: String) { self.rendered = rendered }

    /// Elements that have no content and close themselves (`<meta/>`, `<br/>`).
    private static let voidElements: Set<String> = ["meta", "br"]

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities (and control characters XML forbids by U+FFFD).
    static func text(_ text: String) -> Markup { Markup(rendered: escape(text)) }

    /// `<name attributes…>children…</name>`; attribute values are escaped.
    static func element(_ name: String, _ attributes: [(String, String)] = [], _ children: [Markup] = []) -> Markup {
        let attributeText = attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
        if voidElements.contains(name) { return Markup(rendered: "<\(name)\(attributeText)/>") }
        return Markup(rendered: "<\(name)\(attributeText)>" + children.map(\.rendered).joined() + "</\(name)>")
    }

    /// An element holding only text.
    static func element(_ name: String, _ attributes: [(String, String)] = [], text: String) -> Markup {
        element(name, attributes, [.text(text)])
    }

    /// A style sheet from a literal in the source (never from data, so it is not escaped: CSS needs `>`).
    static func style(_ css: StaticString) -> Markup { Markup(rendered: "<style>\(css)</style>") }

    /// Fragments one after another.
    static func sequence(_ parts: [Markup]) -> Markup { Markup(rendered: parts.map(\.rendered).joined()) }

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case _ where character.unicodeScalars.contains { $0.value < 0x20 && ![9, 10, 13].contains($0.value) }:
                result += "\u{FFFD}"
            default: result.append(character)
            }
        }
        return result
    }
}
