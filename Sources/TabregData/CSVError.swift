/// A problem with a CSV file's bytes or structure, located as precisely as the reader knows it.
///
/// Prints as one sentence: the file, the 1-based physical line, the column (1-based number and
/// header name), the offending value (control characters escaped, long values shortened) and
/// what is wrong, e.g.
/// `prices.csv, line 7, column 3 ("price"): "1,5" is not a number.`
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file name as the user gave it (or a description such as "embedded Boston data").
    public var file: String
    /// 1-based physical line where the row (or the problem) starts, if known.
    public var line: Int?
    /// 1-based column number, if the problem is in one column.
    public var columnNumber: Int?
    /// The column's header name, if the header has been read.
    public var columnName: String?
    /// The offending cell's text, if there is one.
    public var value: String?
    /// 0-based byte offset from the start of the file, for encoding problems.
    public var byteOffset: Int?
    /// What is wrong, as the end of a sentence (no location, no final period).
    public var message: String

    public init(
        file: String, line: Int? = nil, columnNumber: Int? = nil, columnName: String? = nil,
        value: String? = nil, byteOffset: Int? = nil, message: String
    ) {
        self.file = file
        self.line = line
        self.columnNumber = columnNumber
        self.columnName = columnName
        self.value = value
        self.byteOffset = byteOffset
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ", line \(line)" }
        if let columnNumber {
            location += ", column \(columnNumber)"
            if let columnName { location += " (\(CSVError.quoted(columnName)))" }
        }
        if let byteOffset { location += ", byte offset \(byteOffset)" }
        var sentence = location + ": " + message
        if !sentence.hasSuffix(".") { sentence += "." }
        return sentence
    }

    /// `text` in double quotes with control characters, quotes and backslashes escaped, and
    /// shortened to `limit` characters with an ellipsis.
    public static func quoted(_ text: String, limit: Int = 60) -> String {
        var result = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                result += "..."
                break
            }
            count += 1
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar.value == 0xFEFF
                {
                    result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
