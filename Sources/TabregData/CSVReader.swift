import Foundation

/// Reads a comma-separated file into a ``Table``.
///
/// Header row first; fields may be quoted (`"a,b"`, doubled quotes inside); CRLF or LF line
/// ends; a UTF-8 byte order mark is skipped; blank lines are ignored. A column whose every
/// non-missing value is a number is numeric, otherwise it is text (trimmed). Missing values
/// are empty fields and `NA`, `NaN`, `null`, `?` (any case).
public enum CSVReader {
    /// Reads the file at `url`.
    public static func read(contentsOf url: URL) throws -> Table {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DataError(file: url.path, problem: "cannot be read (\(error.localizedDescription))")
        }
        return try read(data: data, source: url.path)
    }

    /// Reads CSV bytes, naming them `source` in errors.
    public static func read(data: Data, source: String) throws -> Table {
        guard var text = String(data: data, encoding: .utf8) else {
            throw DataError(file: source, problem: "is not valid UTF-8 text; save it as UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records = try parseRecords(text, source: source)
        guard let header = records.first else {
            throw DataError(file: source, problem: "is empty; expected a header row and data rows")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if let first = seen[name] {
                throw DataError(
                    file: source, line: header.line, columnNumber: index + 1, columnName: name,
                    problem: "repeats the name of column \(first + 1); column names must be unique")
            }
            seen[name] = index
        }
        let body = records.dropFirst()
        guard !body.isEmpty else {
            throw DataError(file: source, line: header.line, problem: "has a header but no data rows")
        }
        for record in body where record.fields.count != names.count {
            throw DataError(
                file: source, line: record.line,
                problem: "has \(record.fields.count) fields but the header has \(names.count)")
        }
        var columns: [Column] = []
        for (index, name) in names.enumerated() {
            let raw = body.map { $0.fields[index].trimmingCharacters(in: .whitespaces) }
            let numbers = raw.map { isMissing($0) ? Double.nan : Double($0) }
            if numbers.allSatisfy({ $0 != nil }) {
                columns.append(Column(name: name, values: .numeric(numbers.map { $0! })))
            } else {
                columns.append(Column(name: name, values: .categorical(raw.map { isMissing($0) ? nil : $0 })))
            }
        }
        return Table(source: source, columns: columns, lineNumbers: body.map(\.line))
    }

    /// Whether `field` (trimmed) is one of the missing-value spellings.
    public static func isMissing(_ field: String) -> Bool {
        switch field.lowercased() {
        case "", "na", "nan", "null", "?": true
        default: false
        }
    }

    private struct Record {
        var line: Int
        var fields: [String]
    }

    private static func parseRecords(_ text: String, source: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func finishRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                inQuotes = true
                quoteLine = line
            case ",":
                fields.append(field)
                field = ""
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                finishRecord()
                line += 1
                recordLine = line
            case "\n":
                finishRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes {
            throw DataError(file: source, line: quoteLine, problem: "has a quoted field that is never closed")
        }
        if !field.isEmpty || !fields.isEmpty { finishRecord() }
        return records
    }
}
