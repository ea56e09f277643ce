/// A problem with the user's data, located as precisely as it is known.
///
/// Prints as one sentence: where (file, 1-based line, column name and 1-based number), what is
/// wrong, and the offending value with control characters escaped. The CLI exits with 65
/// (`EX_DATAERR`) for these.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or `embedded:boston_housing.csv`).
    public var file: String
    /// 1-based line in the file, when the problem sits on one.
    public var line: Int?
    /// 1-based column number, when the problem sits in one column.
    public var columnNumber: Int?
    /// The column's header name, when known.
    public var columnName: String?
    /// The offending text, when there is one.
    public var value: String?
    /// 0-based byte offset in the file, for encoding problems.
    public var byteOffset: Int?
    /// What is wrong, as a clause without a final period (e.g. "is not a number").
    public var problem: String

    public init(
        file: String, line: Int? = nil, columnNumber: Int? = nil, columnName: String? = nil,
        value: String? = nil, byteOffset: Int? = nil, problem: String
    ) {
        self.file = file
        self.line = line
        self.columnNumber = columnNumber
        self.columnName = columnName
        self.value = value
        self.byteOffset = byteOffset
        self.problem = problem
    }

    public var description: String {
        var location = file
        if let line { location += ", line \(line)" }
        if let columnNumber {
            if let columnName {
                location += ", column \(columnNumber) (\"\(Self.escaped(columnName))\")"
            } else {
                location += ", column \(columnNumber)"
            }
        } else if let columnName {
            location += ", column \"\(Self.escaped(columnName))\""
        }
        if let byteOffset { location += ", byte offset \(byteOffset)" }
        var sentence = "\(location): "
        if let value { sentence += "value \"\(Self.escaped(value))\" " }
        sentence += problem
        if !sentence.hasSuffix(".") && !sentence.hasSuffix("?") { sentence += "." }
        return sentence
    }

    /// `text` with control characters and quotes escaped, cut to 60 characters.
    public static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F
                || (0x80...0x9F).contains(scalar.value) || scalar.value == 0xFEFF:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        if result.count > 60 { result = String(result.prefix(57)) + "..." }
        return result
    }
}
