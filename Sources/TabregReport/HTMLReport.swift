/// Renders a `ReportContent` as one self-contained HTML page.
///
/// The page needs nothing but itself: CSS and SVG are inline, there are no scripts, no web
/// fonts and no links to other files, so it can be mailed, archived or opened offline. It is
/// also well-formed XML (every element closed, only numeric character references), which the
/// tests check with an XML parser. It reads on a laptop (content up to 1180 px wide, charts two
/// across when there is room), narrows to one column on small screens, and prints on A4
/// (`@media print`: white background, no shadows, figures and tables kept whole on a page).
public enum HTMLReport {
    /// The page for `content`, deterministic: the same content gives the same bytes.
    public static func render(_ content: ReportContent) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(XMLText.escape(content.title))</title>
            <style>
            \(stylesheet)</style>
            </head>
            <body>
            <main>
            <header>
            <h1>\(XMLText.escape(content.title))</h1>

            """
        if let subtitle = content.subtitle {
            html += "<p class=\"subtitle\">\(XMLText.escape(subtitle))</p>\n"
        }
        html += "</header>\n"
        if let headline = content.headline {
            html += "<p class=\"headline\">\(XMLText.escape(headline))</p>\n"
        }
        if !content.notices.isEmpty {
            html += "<section class=\"panel notices\">\n<h2>Notices</h2>\n<ul>\n"
            for notice in content.notices { html += "<li>\(XMLText.escape(notice))</li>\n" }
            html += "</ul>\n</section>\n"
        }
        if let comparison = content.comparison {
            html += "<section class=\"panel\">\n<h2>Comparison</h2>\n"
            html += comparisonTable(comparison)
            html += "</section>\n"
        }
        if !content.figures.isEmpty {
            html += "<section class=\"figures\">\n"
            for figure in content.figures {
                // The chart carries its own title; the figure's is its accessible name.
                html += "<figure aria-label=\"\(XMLText.escape(figure.title))\">\n"
                html += figure.svg.hasSuffix("\n") ? figure.svg : figure.svg + "\n"
                if let caption = figure.caption {
                    html += "<figcaption>\(XMLText.escape(caption))</figcaption>\n"
                }
                html += "</figure>\n"
            }
            html += "</section>\n"
        }
        if !content.dataSummary.isEmpty || !content.settings.isEmpty {
            html += "<section class=\"facts\">\n"
            if !content.dataSummary.isEmpty {
                html += definitionPanel(title: "Data", items: content.dataSummary)
            }
            if !content.settings.isEmpty {
                html += definitionPanel(title: "Settings", items: content.settings)
            }
            html += "</section>\n"
        }
        if let footer = content.footer {
            html += "<footer>\(XMLText.escape(footer))</footer>\n"
        }
        return html + "</main>\n</body>\n</html>\n"
    }

    // MARK: - Parts

    private static func definitionPanel(title: String, items: [ReportContent.Item]) -> String {
        var html = "<div class=\"panel\">\n<h2>\(XMLText.escape(title))</h2>\n<dl>\n"
        for item in items {
            html += "<dt>\(XMLText.escape(item.key))</dt><dd>\(XMLText.escape(item.value))</dd>\n"
        }
        return html + "</dl>\n</div>\n"
    }

    private static func comparisonTable(_ table: ReportContent.ComparisonTable) -> String {
        let metricCount = table.metrics.count
        var html = "<div class=\"table-wrap\">\n<table>\n<thead>\n<tr><th rowspan=\"2\">Model</th>"
        for split in table.splits {
            html += "<th colspan=\"\(metricCount)\" class=\"split\">\(XMLText.escape(split))</th>"
        }
        html += "</tr>\n<tr>"
        for _ in table.splits {
            for (index, metric) in table.metrics.enumerated() {
                let start = index == 0 ? " class=\"split-start\"" : ""
                html += "<th\(start)>\(XMLText.escape(metric.name))</th>"
            }
        }
        html += "</tr>\n</thead>\n<tbody>\n"
        for row in table.rows {
            html += "<tr><th scope=\"row\">\(XMLText.escape(row.model))</th>"
            for (splitIndex, values) in row.values.enumerated() {
                for (metricIndex, value) in values.enumerated() {
                    let metric = table.metrics[metricIndex]
                    var classes: [String] = []
                    if metricIndex == 0 { classes.append("split-start") }
                    if let value, isBest(value, split: splitIndex, metric: metricIndex, in: table) {
                        classes.append("best")
                    }
                    let classText =
                        classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                    let text =
                        value.map {
                            ChartNumberFormat.significant(
                                $0, significantDigits: metric.significantDigits)
                        } ?? "\u{2013}"
                    html += "<td\(classText)>\(XMLText.escape(text))</td>"
                }
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n"
    }

    /// Whether `value` is the best of its column among several rows (ties all count as best).
    private static func isBest(
        _ value: Double, split: Int, metric: Int, in table: ReportContent.ComparisonTable
    ) -> Bool {
        let column = table.rows.compactMap { $0.values[split][metric] }.filter(\.isFinite)
        guard column.count > 1, value.isFinite else { return false }
        let best = table.metrics[metric].lowerIsBetter ? column.min()! : column.max()!
        return value == best
    }

    /// The page's CSS: system fonts only, no external resources; no `<` or `&` so the page
    /// stays well-formed XML.
    static let stylesheet = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f3f4f6; color: #1f2328;
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
            sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 40px; }
        header h1 { font-size: 26px; line-height: 1.25; margin: 0 0 4px; }
        .subtitle { color: #57606a; margin: 0; }
        h2 { font-size: 16px; margin: 0 0 10px; }
        .headline { font-size: 18px; margin: 18px 0 0; padding: 14px 18px; background: #ffffff;
          border: 1px solid #d8dee4; border-left: 5px solid #0072B2; border-radius: 8px; }
        section { margin-top: 20px; }
        .panel { background: #ffffff; border: 1px solid #d8dee4; border-radius: 8px;
          padding: 16px 18px; }
        .notices { border-left: 5px solid #E69F00; }
        .notices ul { margin: 0; padding-left: 20px; }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        th, td { padding: 6px 12px; text-align: right; border-bottom: 1px solid #e5e7eb;
          white-space: nowrap; }
        th:first-child { text-align: left; }
        thead th { background: #f6f8fa; font-weight: 600; }
        thead th.split { text-align: center; border-bottom: 1px solid #d8dee4; }
        .split-start { border-left: 1px solid #d8dee4; }
        tbody th { font-weight: 600; }
        td.best { font-weight: 700; color: #0b6e3a; }
        .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr));
          gap: 18px; }
        figure { margin: 0; background: #ffffff; border: 1px solid #d8dee4; border-radius: 8px;
          padding: 14px 14px 10px; }
        figure svg { display: block; width: 100%; height: auto; max-height: 520px; }
        figcaption { color: #57606a; font-size: 13px; margin-top: 6px; }
        .facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr));
          gap: 18px; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
        dt { color: #57606a; }
        dd { margin: 0; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
        footer { margin-top: 24px; color: #57606a; font-size: 13px; }
        @media screen and (max-width: 820px) {
          main { padding: 18px 12px 28px; }
          th, td { padding: 5px 7px; font-size: 13px; }
          .figures { grid-template-columns: 1fr; }
        }
        @media print {
          @page { size: A4; margin: 14mm; }
          body { background: #ffffff; font-size: 10.5pt; }
          main { max-width: none; padding: 0; }
          .panel, figure, .headline { border-color: #bbbbbb; }
          .figures { grid-template-columns: 1fr 1fr; }
          figure, table, .panel, .headline { break-inside: avoid; }
          td.best { color: #000000; }
        }

        """
}
