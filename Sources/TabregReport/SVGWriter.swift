/// Builds an SVG document as text, one element per line, attributes in a fixed order.
///
/// The charts are written by hand because no Swift plotting library runs on Linux (Swift
/// Charts is Apple-only, and the Python and JavaScript ones would add a runtime). SVG is small,
/// text, diffable, opens in every browser and inlines into HTML. Coordinates are written with
/// at most two decimals (a hundredth of a pixel) by `ChartNumberFormat`, so the same chart is
/// the same bytes everywhere. Everything user-provided is escaped with `XMLText.escape`.
struct SVGWriter {
    let width: Int
    let height: Int
    private var elements: [String] = []

    init(width: Int, height: Int) {
        precondition(width > 0 && height > 0, "SVG size must be positive, got \(width)x\(height)")
        self.width = width
        self.height = height
    }

    /// A coordinate or length as SVG text: at most two decimals, no trailing zeros.
    static func number(_ value: Double) -> String {
        ChartNumberFormat.trimmed(value, fractionDigits: 2)
    }

    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, strokeWidth: Double = 1,
        dash: String? = nil
    ) {
        var text = "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\""
        text += " x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\""
        text += " stroke=\"\(stroke)\" stroke-width=\"\(Self.number(strokeWidth))\""
        if let dash { text += " stroke-dasharray=\"\(dash)\"" }
        elements.append(text + "/>")
    }

    /// Text anchored at (x, y) on its baseline; `anchor` is "start", "middle" or "end".
    /// With `rotation` the text is turned by that many degrees about its anchor.
    mutating func text(
        _ content: String, x: Double, y: Double, anchor: String = "start", size: Double = 12,
        weight: String? = nil, fill: String = ChartStyle.textColor, rotation: Double? = nil
    ) {
        var text = "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\""
        if anchor != "start" { text += " text-anchor=\"\(anchor)\"" }
        text += " font-size=\"\(Self.number(size))\""
        if let weight { text += " font-weight=\"\(weight)\"" }
        text += " fill=\"\(fill)\""
        if let rotation {
            text +=
                " transform=\"rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))\""
        }
        elements.append(text + ">" + XMLText.escape(content) + "</text>")
    }

    /// A path with data `data` (already formatted), stroked and not filled unless `fill`.
    mutating func path(
        _ data: String, stroke: String, strokeWidth: Double = 1, fill: String = "none",
        dash: String? = nil
    ) {
        var text = "<path d=\"\(data)\" fill=\"\(fill)\" stroke=\"\(stroke)\""
        text += " stroke-width=\"\(Self.number(strokeWidth))\""
        if let dash { text += " stroke-dasharray=\"\(dash)\"" }
        text += " stroke-linejoin=\"round\" stroke-linecap=\"round\""
        elements.append(text + "/>")
    }

    /// A circle; its fill comes from the enclosing group when `fill` is nil.
    mutating func circle(centerX: Double, centerY: Double, radius: Double, fill: String? = nil) {
        var text = "<circle cx=\"\(Self.number(centerX))\" cy=\"\(Self.number(centerY))\""
        text += " r=\"\(Self.number(radius))\""
        if let fill { text += " fill=\"\(fill)\"" }
        elements.append(text + "/>")
    }

    /// A rectangle; its fill comes from the enclosing group when `fill` is nil.
    mutating func rectangle(
        x: Double, y: Double, width: Double, height: Double, fill: String? = nil,
        stroke: String? = nil, fillOpacity: Double? = nil
    ) {
        var text = "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\""
        text += " width=\"\(Self.number(width))\" height=\"\(Self.number(height))\""
        if let fill { text += " fill=\"\(fill)\"" }
        if let fillOpacity { text += " fill-opacity=\"\(Self.number(fillOpacity))\"" }
        if let stroke { text += " stroke=\"\(stroke)\"" }
        elements.append(text + "/>")
    }

    /// Opens a `<g>` with the given attributes (names and values trusted, written in order).
    mutating func beginGroup(_ attributes: [(name: String, value: String)]) {
        let text = attributes.map { " \($0.name)=\"\($0.value)\"" }.joined()
        elements.append("<g\(text)>")
    }

    mutating func endGroup() {
        elements.append("</g>")
    }

    /// The finished document: the root element with a white background and `title` as its
    /// accessible name, then the elements in the order they were added.
    func document(title: String) -> String {
        var text = "<svg xmlns=\"http://www.w3.org/2000/svg\""
        text += " width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\""
        text += " font-family=\"\(ChartStyle.fontFamily)\" role=\"img\">\n"
        text += "<title>\(XMLText.escape(title))</title>\n"
        text += "<rect width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        for element in elements { text += element + "\n" }
        return text + "</svg>\n"
    }
}
