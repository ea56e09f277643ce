import Foundation

/// Reads a CSV file into typed columns (see ``CSVDocument``), strictly and without copying text.
///
/// Format: RFC 4180 with the tolerances of real exports (see ``CSVTokenizer`` for the details):
/// a header row; `,` `;` tab or `|` between fields (detected unless given, see
/// ``CSVDialect/detect(in:count:start:source:)``); quoted fields with delimiters, doubled quotes
/// and line ends; LF, CRLF or lone CR line ends; an optional UTF-8 byte-order mark; blank lines
/// skipped; the last line with or without a line end. Text must be UTF-8: UTF-16 and UTF-32
/// files (by byte-order mark, or by NUL bytes in the first 4 KiB) and invalid UTF-8 are refused
/// with the byte offset.
///
/// Types: each column is numeric if every non-missing cell is a number (see ``NumberParser``
/// and ``MissingValues``), else text (see ``ColumnTypeInference``).
///
/// Errors (``DataError``, each naming the file, the 1-based line where the row starts, the
/// column's number and name, and the value): an empty file; a header with no data rows;
/// duplicate column names; a row with more or fewer fields than the header; a quoted
/// field with no closing quote, or text after a closing quote; an infinite value (`inf`,
/// `1e400`) in a numeric column; bytes that are not UTF-8.
public enum CSVParser {
    /// Reads the file at `url` (memory-mapped when the system allows).
    ///
    /// - Parameters:
    ///   - source: the name used in messages; defaults to the path as given.
    ///   - delimiter: the field delimiter; `nil` (default) detects it.
    public static func read(
        contentsOf url: URL, source: String? = nil, delimiter: UInt8? = nil
    ) throws -> CSVDocument {
        let name = source ?? url.path
        let data: Data
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw DataError(file: name, problem: "does not exist")
        }
        guard !isFolder.boolValue else {
            throw DataError(file: name, problem: "is a folder, not a CSV file")
        }
        // A regular file is mapped, and the pages already parsed are given back as the parse
        // moves on, so the file's text never stays resident as a whole.
        if let mapping = MappedFile(path: url.path) {
            guard let base = mapping.base else {
                throw DataError(
                    file: name, line: 1,
                    problem: "is empty; a CSV needs a header row and data rows")
            }
            var pages = PageRelease(base: base, count: mapping.count)
            return try parse(
                base: base, count: mapping.count, source: name, delimiter: delimiter,
                pages: &pages, twoPartMinimum: twoPartMinimum)
        }
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DataError(file: name, problem: "cannot be read (\(error.localizedDescription))")
        }
        return try parse(data, source: name, delimiter: delimiter)
    }

    /// Parses CSV bytes.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - source: the name used in messages.
    ///   - delimiter: the field delimiter; `nil` (default) detects it.
    public static func parse(
        _ bytes: some ContiguousBytes, source: String, delimiter: UInt8? = nil
    ) throws -> CSVDocument {
        try parse(bytes, source: source, delimiter: delimiter, twoPartMinimum: twoPartMinimum)
    }

    /// Data bytes from which a `,`-delimited file without quotes is read in two parts on two
    /// threads (when the system has two processors). Either way the document is the same.
    static let twoPartMinimum = 4 << 20

    /// ``parse(_:source:delimiter:)`` reading in two parts from `twoPartMinimum` data bytes
    /// on, and reading plain rows in one pass (``PlainRowsReader``) if `plainRows` (for tests,
    /// which compare the ways on small inputs).
    static func parse(
        _ bytes: some ContiguousBytes, source: String, delimiter: UInt8?, twoPartMinimum: Int,
        plainRows: Bool = true
    ) throws -> CSVDocument {
        try bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count > 0
            else {
                throw DataError(
                    file: source, line: 1,
                    problem: "is empty; a CSV needs a header row and data rows")
            }
            var pages = PageRelease.none
            return try parse(
                base: base, count: raw.count, source: source, delimiter: delimiter,
                pages: &pages, twoPartMinimum: twoPartMinimum, plainRows: plainRows)
        }
    }

    /// The file's records as raw field texts (quotes removed and unescaped, nothing trimmed,
    /// blank lines skipped), header included; for conformance tests and for tools that copy
    /// rows through unchanged. Rows may differ in width.
    public static func records(
        _ bytes: some ContiguousBytes, source: String, delimiter: UInt8? = nil
    ) throws -> [[String]] {
        try bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count > 0
            else { return [] }
            try checkEncoding(base: base, count: raw.count, source: source)
            let hasBOM = raw.count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF
            let start = hasBOM ? 3 : 0
            let dialect =
                delimiter.map { CSVDialect(delimiter: $0) }
                ?? CSVDialect.detect(in: base, count: raw.count, start: start, source: source)
            var tokenizer = CSVTokenizer(
                base: base, count: raw.count, start: start, delimiter: dialect.delimiter,
                source: source)
            var records: [[String]] = []
            while try tokenizer.nextRecord() {
                records.append(
                    (0..<tokenizer.fieldCount).map { tokenizer.text(of: tokenizer.fields[$0]) })
            }
            return records
        }
    }

    // MARK: - Implementation

    private static func parse(
        base: UnsafePointer<UInt8>, count: Int, source: String, delimiter: UInt8?,
        pages: inout PageRelease, twoPartMinimum: Int, plainRows: Bool = true
    ) throws -> CSVDocument {
        try checkEncoding(base: base, count: count, source: source)
        let hasBOM = count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF
        let start = hasBOM ? 3 : 0
        let dialect =
            delimiter.map { CSVDialect(delimiter: $0) }
            ?? CSVDialect.detect(in: base, count: count, start: start, source: source)

        var tokenizer = CSVTokenizer(
            base: base, count: count, start: start, delimiter: dialect.delimiter, source: source)
        guard try tokenizer.nextRecord() else {
            throw DataError(
                file: source, line: 1,
                problem: "holds only blank lines; a CSV needs a header row and data rows")
        }
        let headerLine = tokenizer.recordLine
        let header = try readHeader(tokenizer, line: headerLine)
        let columnCount = header.count
        let dataStart = tokenizer.position
        let dataLine = tokenizer.line

        // Rough row estimate from the header's length, to reserve capacity once (address
        // space only: pages that are never written cost no memory).
        let headerBytes = max(dataStart - start, 1)
        let expectedRows = min((count - dataStart) / headerBytes + 16, 1 << 24)
        func makePart() -> RowPart {
            RowPart(
                columnCount: columnCount,
                allowsDecimalComma: dialect.delimiter != UInt8(ascii: ","),
                expectedRows: expectedRows)
        }
        let part: RowPart
        if let twoParts = try readRowsInTwoParts(
            base: base, count: count, dataStart: dataStart, dataLine: dataLine,
            delimiter: dialect.delimiter, header: header, source: source, pages: pages,
            minimum: twoPartMinimum, plainRows: plainRows, makePart: makePart)
        {
            part = twoParts
        } else {
            part = makePart()
            try readRows(
                &tokenizer, header: header, into: part, pages: &pages, plainRows: plainRows)
        }
        // `columns` points into `part`, which must outlive every use of it.
        defer { withExtendedLifetime(part) {} }
        pages.releaseNow(upTo: count)
        let columns = part.columns
        let rowLines = part.rowLines
        let row = rowLines.count
        if row == 0 {
            throw DataError(
                file: source, line: headerLine, problem: "has a header but no data rows")
        }

        // Second pass: the rows before each text column's switch from numeric.
        var latestSwitch = 0
        for column in 0..<columnCount where columns[column].mode == .text {
            latestSwitch = max(latestSwitch, columns[column].switchRow)
        }
        if latestSwitch > 0 {
            var prefixes = [[String?]](repeating: [], count: columnCount)
            var rereader = CSVTokenizer(
                base: base, count: count, start: dataStart, delimiter: dialect.delimiter,
                source: source)
            pages.rewind(to: dataStart)
            for prefixRow in 0..<latestSwitch {
                _ = try rereader.nextRecord()
                pages.release(upTo: rereader.position)
                for column in 0..<columnCount
                where columns[column].mode == .text && prefixRow < columns[column].switchRow {
                    prefixes[column].append(
                        ColumnTypeInference.prefixText(
                            rereader.fields[column], tokenizer: rereader))
                }
            }
            for column in 0..<columnCount where columns[column].mode == .text {
                columns[column].prependTexts(prefixes[column])
            }
        }

        var result: [CSVDocument.Column] = []
        result.reserveCapacity(columnCount)
        for index in 0..<columnCount {
            if columns[index].mode == .numeric, let cell = columns[index].firstInfinite {
                throw DataError(
                    file: source, line: cell.line, columnNumber: index + 1,
                    columnName: header[index].name, value: cell.value,
                    problem: "is infinite (or too large for a 64-bit float) in a numeric column; "
                        + "remove it or mark it missing (NA)")
            }
            // Each column's buffer is freed as its values move into the document, so the
            // numbers exist twice for one column at a time at most.
            let values: CSVDocument.Values =
                columns[index].mode == .numeric
                ? .numeric(columns[index].takeNumbers()) : .text(columns[index].takeTexts())
            result.append(
                CSVDocument.Column(
                    name: header[index].name, number: index + 1,
                    hasEmptyHeader: header[index].isEmpty, values: values,
                    missingCount: columns[index].missingCount,
                    numberCount: columns[index].numberCount,
                    usesDecimalComma: columns[index].usesDecimalComma
                        && columns[index].mode == .numeric,
                    firstText: columns[index].firstText))
        }
        return CSVDocument(
            source: source, delimiter: dialect.delimiter, headerLine: headerLine,
            columns: result, rowLines: rowLines, hadByteOrderMark: hasBOM)
    }

    /// The data rows of one part of a file, column by column.
    private final class RowPart {
        let columns: UnsafeMutableBufferPointer<ColumnTypeInference>
        /// The 1-based physical line where each row starts.
        var rowLines: [Int] = []
        /// The physical line at the part's end.
        var endLine = 0

        init(columnCount: Int, allowsDecimalComma: Bool, expectedRows: Int) {
            // A manually managed buffer: the per-cell loop then pays no copy-on-write check.
            columns = .allocate(capacity: columnCount)
            for column in 0..<columnCount {
                (columns.baseAddress! + column).initialize(
                    to: ColumnTypeInference(
                        allowsDecimalComma: allowsDecimalComma, expectedRows: expectedRows))
            }
            rowLines.reserveCapacity(expectedRows)
        }

        deinit {
            columns.baseAddress!.deinitialize(count: columns.count)
            columns.deallocate()
        }
    }

    /// Reads every remaining record of `tokenizer` into `part`'s columns, giving back the
    /// pages read as it goes: plain rows in blocks with ``PlainRowsReader`` (if `plainRows`),
    /// any other record with the tokenizer.
    private static func readRows(
        _ tokenizer: inout CSVTokenizer, header: [HeaderField], into part: RowPart,
        pages: inout PageRelease, plainRows: Bool
    ) throws {
        let columns = part.columns
        let columnCount = header.count
        var plain = PlainRowsReader(columnCount: columnCount, delimiter: tokenizer.delimiter)
        var row = 0
        while true {
            if plainRows && plain.isWorthTrying && tokenizer.position < tokenizer.count {
                let rows = plain.read(
                    &tokenizer, into: columns, firstRow: row, rowLines: &part.rowLines)
                if rows > 0 {
                    row += rows
                    pages.release(upTo: tokenizer.position)
                    continue
                }
            }
            guard try nextRow(&tokenizer, header: header) else { break }
            plain.countOther()
            let line = tokenizer.recordLine
            part.rowLines.append(line)
            let fields = tokenizer.fields
            for column in 0..<columnCount {
                columns[column].append(fields[column], row: row, line: line, tokenizer: tokenizer)
            }
            row += 1
            pages.release(upTo: tokenizer.position)
        }
        part.endLine = tokenizer.line
    }

    /// Reads the data rows as two halves on two threads, split at a line end, and joins them
    /// into what one pass gives (the same numbers, types, counts, lines and first values).
    ///
    /// Only for a `,` delimiter (decimal-comma detection depends on earlier rows) and data
    /// without any `"` (so that every line end after the middle ends a record), from
    /// `minimum` bytes of data on, with two processors. Returns nil, and the caller reads the
    /// file in one pass, when it does not apply or the halves do not join exactly: the second
    /// half holds an error (whose line numbers one pass gets right) or a text column that
    /// starts with numbers there. An error in the first half is thrown as one pass throws it.
    private static func readRowsInTwoParts(
        base: UnsafePointer<UInt8>, count: Int, dataStart: Int, dataLine: Int, delimiter: UInt8,
        header: [HeaderField], source: String, pages: PageRelease, minimum: Int, plainRows: Bool,
        makePart: () -> RowPart
    ) throws -> RowPart? {
        guard delimiter == UInt8(ascii: ","), count - dataStart >= max(minimum, 2),
            ProcessInfo.processInfo.activeProcessorCount >= 2,
            memchr(base + dataStart, Int32(UInt8(ascii: "\"")), count - dataStart) == nil
        else { return nil }
        let middle = dataStart + (count - dataStart) / 2
        guard let lineEnd = memchr(base + middle, 0x0A, count - middle) else { return nil }
        let split = UnsafeRawPointer(lineEnd) - UnsafeRawPointer(base) + 1
        guard split < count else { return nil }
        let job = TwoPartRead(
            base: base, count: count, dataStart: dataStart, dataLine: dataLine, split: split,
            delimiter: delimiter, header: header, source: source, pages: pages,
            plainRows: plainRows, first: makePart(), second: makePart())
        DispatchQueue.concurrentPerform(iterations: 2) { half in job.read(half: half) }
        let (first, second) = (job.first, job.second)
        let (firstError, secondFailed) = (job.firstError, job.secondFailed)
        if let firstError { throw firstError }
        guard !secondFailed else { return nil }
        let rowsBefore = first.rowLines.count
        let linesBefore = first.endLine - 1
        for column in 0..<header.count {
            second.columns[column].shift(rows: rowsBefore, lines: linesBefore)
            guard first.columns[column].append(&second.columns[column], rowsBefore: rowsBefore)
            else { return nil }
        }
        first.rowLines.reserveCapacity(rowsBefore + second.rowLines.count)
        for line in second.rowLines { first.rowLines.append(line + linesBefore) }
        first.endLine = second.endLine + linesBefore
        return first
    }

    /// The two halves of ``readRowsInTwoParts``: each thread touches only its own half's
    /// part, tokenizer and outcome, and reads the shared bytes, so nothing is shared mutably.
    private final class TwoPartRead: @unchecked Sendable {
        let base: UnsafePointer<UInt8>
        let count: Int
        let dataStart: Int
        let dataLine: Int
        let split: Int
        let delimiter: UInt8
        let header: [HeaderField]
        let source: String
        let pages: PageRelease
        let plainRows: Bool
        let first: RowPart
        let second: RowPart
        var firstError: (any Error)?
        var secondFailed = false

        init(
            base: UnsafePointer<UInt8>, count: Int, dataStart: Int, dataLine: Int, split: Int,
            delimiter: UInt8, header: [HeaderField], source: String, pages: PageRelease,
            plainRows: Bool, first: RowPart, second: RowPart
        ) {
            self.base = base
            self.count = count
            self.dataStart = dataStart
            self.dataLine = dataLine
            self.split = split
            self.delimiter = delimiter
            self.header = header
            self.source = source
            self.pages = pages
            self.plainRows = plainRows
            self.first = first
            self.second = second
        }

        /// Reads half 0 (data start to `split`, lines numbered in the file) or half 1
        /// (`split` to the end, lines numbered from 1).
        func read(half: Int) {
            var partPages = pages.part(from: half == 0 ? dataStart : split)
            var tokenizer =
                half == 0
                ? CSVTokenizer(
                    base: base, count: split, start: dataStart, delimiter: delimiter,
                    source: source, line: dataLine)
                : CSVTokenizer(
                    base: base, count: count, start: split, delimiter: delimiter, source: source)
            do {
                try readRows(
                    &tokenizer, header: header, into: half == 0 ? first : second,
                    pages: &partPages, plainRows: plainRows)
            } catch {
                if half == 0 { firstError = error } else { secondFailed = true }
            }
        }
    }

    /// Refuses UTF-16 and UTF-32 (by byte-order mark, or by NUL bytes near the start).
    private static func checkEncoding(
        base: UnsafePointer<UInt8>, count: Int, source: String
    ) throws {
        let advice = "; tabreg reads UTF-8 only: save it as UTF-8 (in Excel: CSV UTF-8)"
        if count >= 2
            && ((base[0] == 0xFF && base[1] == 0xFE) || (base[0] == 0xFE && base[1] == 0xFF))
        {
            let order = base[0] == 0xFF ? "little-endian" : "big-endian"
            throw DataError(
                file: source, line: 1, byteOffset: 0,
                problem: "starts with a UTF-16 \(order) byte-order mark (0x"
                    + String(base[0], radix: 16, uppercase: true)
                    + " 0x" + String(base[1], radix: 16, uppercase: true) + ")" + advice)
        }
        let sample = min(count, 4096)
        var nulCount = 0
        var firstNul = -1
        for index in 0..<sample where base[index] == 0 {
            nulCount += 1
            if firstNul < 0 { firstNul = index }
        }
        if nulCount >= 2 && nulCount * 8 >= sample {
            throw DataError(
                file: source, line: 1, byteOffset: firstNul,
                problem: "has \(nulCount) NUL bytes in its first \(sample), so it looks like "
                    + "UTF-16 or UTF-32 text" + advice)
        }
    }

    private struct HeaderField {
        var name: String
        var isEmpty: Bool
    }

    private static func readHeader(_ tokenizer: borrowing CSVTokenizer, line: Int) throws
        -> [HeaderField]
    {
        var header: [HeaderField] = []
        var seen: [String: Int] = [:]
        for index in 0..<tokenizer.fieldCount {
            let name = ColumnTypeInference.trimmedText(tokenizer.fields[index], tokenizer)
            let field =
                name.isEmpty
                ? HeaderField(name: "Unnamed: \(index)", isEmpty: true)
                : HeaderField(name: name, isEmpty: false)
            if let earlier = seen[field.name] {
                throw DataError(
                    file: tokenizer.source, line: line, columnNumber: index + 1,
                    columnName: field.name,
                    problem: "repeats the name of column \(earlier + 1) (columns \(earlier + 1) "
                        + "and \(index + 1)); column names must be unique")
            }
            seen[field.name] = index
            header.append(field)
        }
        return header
    }

    /// Reads the next data record and checks its width against the header.
    private static func nextRow(_ tokenizer: inout CSVTokenizer, header: [HeaderField]) throws
        -> Bool
    {
        let found: Bool
        do {
            found = try tokenizer.nextRecord()
        } catch var error as DataError {
            if let number = error.columnNumber, number >= 1, number <= header.count {
                error.columnName = header[number - 1].name
            }
            throw error
        }
        guard found else { return false }
        let fieldCount = tokenizer.fieldCount
        if fieldCount == header.count { return true }
        let line = tokenizer.recordLine
        let delimiterName = CSVDialect.name(of: tokenizer.delimiter)
        if fieldCount > header.count {
            let extra = tokenizer.fields[header.count]
            let value = tokenizer.text(of: extra)
            let extrasEmpty = (header.count..<fieldCount).allSatisfy {
                tokenizer.fields[$0].start == tokenizer.fields[$0].end
            }
            let hint =
                extrasEmpty
                ? " (the row ends with an extra \(delimiterName); remove it)"
                : " (an unquoted \(delimiterName) inside a value? put the value in double quotes)"
            throw DataError(
                file: tokenizer.source, line: line, columnNumber: header.count + 1,
                value: value,
                problem: "is one field too many: the row has \(fieldCount) fields but the "
                    + "header has \(header.count) columns" + hint)
        }
        let missing = header[fieldCount]
        let last = tokenizer.text(of: tokenizer.fields[fieldCount - 1])
        throw DataError(
            file: tokenizer.source, line: line, columnNumber: fieldCount + 1,
            columnName: missing.name,
            problem: "has no value: the row has \(fieldCount) field\(fieldCount == 1 ? "" : "s") "
                + "but the header has \(header.count) columns (the row's last field is \""
                + DataError.escaped(last) + "\"; delimiter \(delimiterName))")
    }
}
