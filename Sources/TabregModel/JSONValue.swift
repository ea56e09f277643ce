/// A JSON document as a tree, with object members kept in the order they appear.
///
/// tabreg reads two untrusted JSON texts: a safetensors header and the model description stored
/// in its `__metadata__`. Foundation's `JSONSerialization` silently keeps one of two duplicate
/// keys and turns numbers into `Double` (losing 64-bit offsets), so both are parsed with
/// ``JSONParser``, which refuses duplicates and keeps each number's literal text. The same type
/// serializes deterministically (members in stored order, no insignificant whitespace), which
/// makes the files tabreg writes byte-identical from run to run.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number, kept as its literal text (RFC 8259 grammar) so integers of any size survive.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// An object's members in document order; keys are unique (the parser guarantees it).
    case object([JSONMember])

    /// A number value from a `Double`, written in Swift's shortest round-trip form.
    ///
    /// Non-finite values have no JSON spelling and become `null`.
    public static func double(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .null }
        if value == value.rounded(), abs(value) < 1e15 {
            // Integral values print without a trailing ".0" only when exact as Int64.
            return .number(String(Int64(value)))
        }
        return .number(value.description)
    }

    /// A number value from an integer.
    public static func integer(_ value: Int) -> JSONValue {
        .number(String(value))
    }

    /// The value for `key` when this is an object that has it.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The string payload, or nil for other kinds.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number payload as a `Double`, or nil for other kinds.
    public var doubleValue: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    /// The array payload, or nil for other kinds.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The object members, or nil for other kinds.
    public var objectMembers: [JSONMember]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The boolean payload, or nil for other kinds.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The value as a non-negative or negative whole number that fits in `Int`.
    public var integerValue: IntegerReading {
        guard case .number(let text) = self else { return .notANumber }
        if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return .notWhole }
        if text.hasPrefix("-") {
            return text == "-0" ? .value(0) : .negative
        }
        guard let value = Int(text) else { return .overflow }
        return .value(value)
    }

    /// What ``integerValue`` found.
    public enum IntegerReading: Equatable, Sendable {
        case value(Int)
        case negative
        case overflow
        case notWhole
        case notANumber
    }

    /// Compact JSON text: members in stored order, no whitespace, strings escaped per RFC 8259
    /// (`"`, `\`, and control characters below U+0020; everything else written as UTF-8).
    public func serialized() -> String {
        var output = ""
        write(into: &output)
        return output
    }

    private func write(into output: inout String) {
        switch self {
        case .null:
            output += "null"
        case .bool(let flag):
            output += flag ? "true" : "false"
        case .number(let text):
            output += text
        case .string(let text):
            JSONValue.writeString(text, into: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.write(into: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                JSONValue.writeString(member.key, into: &output)
                output += ":"
                member.value.write(into: &output)
            }
            output += "}"
        }
    }

    static func writeString(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

/// One member of a JSON object.
public struct JSONMember: Equatable, Sendable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}
