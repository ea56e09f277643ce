/// One field of a record: a byte range into the file (inside the quotes for a quoted field).
struct CSVFieldSpan: Sendable {
    /// Offset of the field's first byte.
    var start: Int
    /// Offset one past the field's last byte.
    var end: Int
    /// The field was quoted.
    var quoted: Bool
    /// The field holds doubled quotes (`""`) that stand for one quote each.
    var hasEscapedQuotes: Bool
}

/// Splits a UTF-8 CSV byte buffer into records of fields, RFC 4180 style, without copying text.
///
/// - Fields are separated by `delimiter`; records end at LF, CRLF or a lone CR (each counts as
///   one physical line); the last record may end at the end of the buffer.
/// - A field that begins with `"` (after optional spaces) is quoted: it runs to the next lone
///   `"`, and may hold delimiters, line ends and doubled quotes. Spaces after the closing quote
///   are ignored; anything else there is an error. A `"` inside an unquoted field is kept as is.
/// - Blank lines (empty, or only spaces and tabs) are skipped, as pandas does.
/// - Bytes are validated as UTF-8 on the way; a NUL byte or an invalid sequence is an error that
///   gives the byte offset.
///
/// The caller owns the buffer and keeps it alive while the tokenizer is used. Non-copyable: it
/// owns the field buffer it reuses for every record.
struct CSVTokenizer: ~Copyable {
    let base: UnsafePointer<UInt8>
    let count: Int
    let delimiter: UInt8
    let source: String
    /// Offset of the next unread byte.
    private(set) var position: Int
    /// 1-based physical line of `position`.
    private(set) var line: Int
    /// 1-based physical line where the last record returned starts.
    private(set) var recordLine: Int = 0
    /// The last record's fields; only the first `fieldCount` are valid.
    private(set) var fields: UnsafeMutablePointer<CSVFieldSpan>
    private var fieldCapacity = 64
    private(set) var fieldCount = 0

    /// A tokenizer of `base[start..<count]`, whose first byte is on physical line `line`.
    init(
        base: UnsafePointer<UInt8>, count: Int, start: Int, delimiter: UInt8, source: String,
        line: Int = 1
    ) {
        self.base = base
        self.count = count
        self.position = start
        self.line = line
        self.delimiter = delimiter
        self.source = source
        fields = .allocate(capacity: fieldCapacity)
    }

    deinit {
        fields.deallocate()
    }

    /// Reads the next non-blank record into `fields`; returns false at the end of the buffer.
    mutating func nextRecord() throws -> Bool {
        while position < count {
            recordLine = line
            fieldCount = 0
            try readRecord()
            if fieldCount == 1 && !fields[0].quoted && isBlank(fields[0]) { continue }
            return true
        }
        return false
    }

    /// Moves past `records` one-line records read elsewhere (``PlainRowsReader``), which
    /// started at `position` and end before `end`; the last one ended at a line end if
    /// `lastEndsLine`, else at the end of the buffer.
    mutating func skipRecords(_ records: Int, to end: Int, lastEndsLine: Bool) {
        recordLine = line + records - 1
        position = end
        line += lastEndsLine ? records : records - 1
    }

    /// The field's text: quotes unescaped, not trimmed. The bytes are valid UTF-8.
    func text(of field: CSVFieldSpan) -> String {
        let buffer = UnsafeBufferPointer(start: base + field.start, count: field.end - field.start)
        guard field.hasEscapedQuotes else { return String(decoding: buffer, as: UTF8.self) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(buffer.count)
        var index = 0
        while index < buffer.count {
            unescaped.append(buffer[index])
            // Inside a quoted field every quote is doubled; keep one of each pair.
            index += buffer[index] == UInt8(ascii: "\"") ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// The field's bytes (quotes not unescaped).
    func bytes(of field: CSVFieldSpan) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + field.start, count: field.end - field.start)
    }

    // MARK: - Scanning

    private func isBlank(_ field: CSVFieldSpan) -> Bool {
        var index = field.start
        while index < field.end {
            if base[index] != 0x20 && base[index] != 0x09 { return false }
            index += 1
        }
        return true
    }

    @inline(__always)
    private mutating func append(_ field: CSVFieldSpan) {
        if fieldCount == fieldCapacity {
            let larger = UnsafeMutablePointer<CSVFieldSpan>.allocate(capacity: fieldCapacity * 2)
            larger.moveInitialize(from: fields, count: fieldCount)
            fields.deallocate()
            fields = larger
            fieldCapacity *= 2
        }
        (fields + fieldCount).initialize(to: field)
        fieldCount &+= 1
    }

    /// Reads one record starting at `position`, leaving `position` after its line end.
    private mutating func readRecord() throws {
        var index = position
        while true {
            // A quoted field may be preceded by spaces (hand-edited `a, "b, c"`).
            var quoteIndex = index
            while quoteIndex < count
                && (base[quoteIndex] == 0x20
                    || (base[quoteIndex] == 0x09 && delimiter != 0x09))
            {
                quoteIndex += 1
            }
            let endClass: UInt8
            if quoteIndex < count && base[quoteIndex] == UInt8(ascii: "\"") {
                (index, endClass) = try readQuotedField(openingQuote: quoteIndex)
            } else {
                let start = index
                // 0 end of buffer, 1 delimiter, 2 LF, 3 CR.
                var byteClass: UInt8 = 0
                while index < count {
                    let byte = base[index]
                    // One test keeps ordinary bytes (digits, letters, `.`) on the fast path.
                    if byte != delimiter && byte > 0x0D && byte < 0x80 {
                        index &+= 1
                        continue
                    }
                    if byte == delimiter {
                        byteClass = 1
                        break
                    } else if byte == 0x0A {
                        byteClass = 2
                        break
                    } else if byte == 0x0D {
                        byteClass = 3
                        break
                    } else if byte >= 0x80 {
                        index = try validateUTF8(at: index)
                    } else if byte == 0 {
                        throw nulError(at: index)
                    } else {
                        index &+= 1  // other control characters are text
                    }
                }
                append(
                    CSVFieldSpan(start: start, end: index, quoted: false, hasEscapedQuotes: false))
                endClass = byteClass
            }
            switch endClass {
            case 1:
                index += 1
                continue
            case 2:
                index += 1
                line += 1
            case 3:
                index += 1
                if index < count && base[index] == 0x0A { index += 1 }
                line += 1
            default:
                break  // end of buffer
            }
            position = index
            return
        }
    }

    /// Reads a quoted field whose opening quote is at `openingQuote`; returns the index of the
    /// byte that ends the field and its class (1 delimiter, 2 LF, 3 CR, 0 end of buffer).
    private mutating func readQuotedField(openingQuote: Int) throws -> (Int, UInt8) {
        let startLine = line
        var index = openingQuote + 1
        let start = index
        var escaped = false
        while true {
            guard index < count else {
                let preview = String(
                    decoding: UnsafeBufferPointer(
                        start: base + start, count: min(count - start, 40)), as: UTF8.self)
                throw DataError(
                    file: source, line: startLine, columnNumber: fieldCount + 1,
                    value: "\"" + preview,
                    problem: "opens a quoted field that has no closing quote")
            }
            let byte = base[index]
            if byte == UInt8(ascii: "\"") {
                if index + 1 < count && base[index + 1] == UInt8(ascii: "\"") {
                    escaped = true
                    index += 2
                    continue
                }
                break
            } else if byte == 0x0A {
                line += 1
                index += 1
            } else if byte == 0x0D {
                if !(index + 1 < count && base[index + 1] == 0x0A) { line += 1 }
                index += 1
            } else if byte >= 0x80 {
                index = try validateUTF8(at: index)
            } else if byte == 0 {
                throw nulError(at: index)
            } else {
                index += 1
            }
        }
        append(CSVFieldSpan(start: start, end: index, quoted: true, hasEscapedQuotes: escaped))
        index += 1
        while index < count && (base[index] == 0x20 || (base[index] == 0x09 && delimiter != 0x09)) {
            index += 1
        }
        guard index < count else { return (index, 0) }
        let next = base[index]
        if next == delimiter { return (index, 1) }
        if next == 0x0A { return (index, 2) }
        if next == 0x0D { return (index, 3) }
        var end = index
        while end < count && end - index < 20 && base[end] != delimiter && base[end] != 0x0A
            && base[end] != 0x0D && base[end] < 0x80
        {
            end += 1
        }
        let trailing = String(
            decoding: UnsafeBufferPointer(start: base + index, count: end - index), as: UTF8.self)
        throw DataError(
            file: source, line: line, columnNumber: fieldCount, value: trailing,
            problem: "follows a closing quote; a quoted field must end at a delimiter or a line "
                + "end (write a quote inside quotes as two quotes)")
    }

    /// Checks the UTF-8 sequence starting at `index` (whose first byte is >= 0x80) and returns
    /// the index after it.
    private func validateUTF8(at index: Int) throws -> Int {
        let lead = base[index]
        let length: Int
        var minimum: UInt8 = 0x80
        var maximum: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            minimum = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            maximum = 0x9F
        case 0xF0:
            length = 4
            minimum = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            maximum = 0x8F
        default: throw encodingError(at: index)
        }
        guard index + length <= count else { throw encodingError(at: index) }
        let second = base[index + 1]
        guard second >= minimum && second <= maximum else { throw encodingError(at: index) }
        for offset in 2..<max(length, 2) where base[index + offset] & 0xC0 != 0x80 {
            throw encodingError(at: index)
        }
        return index + length
    }

    private func encodingError(at index: Int) -> DataError {
        var end = index
        var hex: [String] = []
        while end < count && end < index + 4 {
            hex.append(String(base[end], radix: 16, uppercase: true))
            end += 1
        }
        return DataError(
            file: source, line: line, columnNumber: fieldCount + 1, byteOffset: index,
            problem: "the bytes " + hex.map { "0x" + $0 }.joined(separator: " ")
                + " are not valid UTF-8; save the file as UTF-8 (in Excel: CSV UTF-8)")
    }

    private func nulError(at index: Int) -> DataError {
        DataError(
            file: source, line: line, columnNumber: fieldCount + 1, byteOffset: index,
            problem: "the file holds a NUL byte, which a text CSV never does; save it as UTF-8 text"
        )
    }
}
