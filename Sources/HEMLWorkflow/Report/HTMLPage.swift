/// A self-contained HTML page: UTF-8, one inline style sheet, no script and no external resource (so it opens
/// offline and a content-security policy can forbid everything else). The page is also well-formed XML.
enum HTMLPage {
    static func render(title: String, body: [Markup]) -> String {
        let html = Markup.element(
            "html", [("lang", "en")],
            [
                .element(
                    "head", [],
                    [
                        .element("meta", [("charset", "utf-8")]),
                        .element(
                            "meta",
                            [
                                ("http-equiv", "Content-Security-Policy"),
                                ("content", "default-src 'none'; style-src 'unsafe-inline'; img-src data:"),
                            ]),
                        .element("title", text: title),
                        .style(css),
                    ]),
                .element("body", [], body),
            ])
        return "<!DOCTYPE html>\n" + html.rendered + "\n"
    }

    private static let css: StaticString = """
        body { font-family: sans-serif; margin: 24px auto; max-width: 1180px; color: #222; background: #fff; }
        h1 { font-size: 22px; margin-bottom: 4px; }
        h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        p.subtitle { color: #555; margin-top: 0; }
        p.warning { background: #fdecea; border: 1px solid #c0392b; padding: 8px; font-weight: bold; }
        table { border-collapse: collapse; font-size: 13px; }
        th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        .charts { display: flex; flex-wrap: wrap; gap: 16px; }
        .chart-title { font-weight: bold; font-size: 13px; }
        .note { color: #555; font-size: 13px; max-width: 900px; }
        .scroll { max-height: 420px; overflow-y: auto; display: inline-block; }
        """
}
