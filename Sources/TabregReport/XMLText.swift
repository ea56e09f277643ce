/// Escaping of user text for XML, SVG and HTML output.
///
/// Column names, file paths and notices come from the user's data and may contain any
/// character; everything that lands in a chart or the report goes through here first.
public enum XMLText {
    /// Escapes `text` for use as element content or inside a double- or single-quoted
    /// attribute: `&`, `<`, `>`, `"` and `'` become entities, and characters XML 1.0 forbids
    /// (C0 controls other than tab, line feed and carriage return, and U+FFFE, U+FFFF) become
    /// U+FFFD so the output always parses.
    ///
    /// `escape("a < b & \"c\"")` is `"a &lt; b &amp; &quot;c&quot;"`.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    result += "\u{FFFD}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
