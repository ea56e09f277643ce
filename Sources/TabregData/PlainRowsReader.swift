import CTabregCSV

/// Reads plain rows in blocks, parsing numbers while it finds the fields: the fast path of
/// ``CSVParser`` for the rows most files are made of.
///
/// A row is plain when it has exactly the header's number of fields; each cell is printable
/// ASCII, unquoted without `"` or quoted as a whole without `"` inside; each numeric column's
/// cell is a number of ``NumberParser``'s grammar (`-0.79`, `12`, `.5`, `1e-05`) or a
/// ``MissingValues`` token with nothing around it; and it ends at LF, CRLF, a lone CR or the
/// end of the buffer. The bytes are read once, by `tabreg_csv_read_plain_rows` (C, see
/// `CTabregCSV.h`), which stops before the first row that is not plain (a blank line, a text
/// cell in a numeric column, doubled quotes, quoted line ends, spaces around a number, tabs,
/// non-ASCII bytes, a wrong field count). The caller reads that row with ``CSVTokenizer`` and
/// ``ColumnTypeInference/append(_:row:line:tokenizer:)``, which give the same values, counts and
/// flags for plain rows and also the types, switches and errors; so the document is the same
/// either way.
///
/// Numbers: the same grammar, significand and rounding as ``NumberParser``. Clinger's exact case
/// is computed in C (one correctly rounded multiplication or division, the same as
/// ``NumberParser``'s); any other cell (more than 19 digits, a far exponent) is listed by the C
/// reader and parsed here by ``NumberParser``'s full parser.
///
/// Non-copyable: it owns the block's scratch buffers.
struct PlainRowsReader: ~Copyable {
    let columnCount: Int
    /// Rows per block: enough to amortise a call, few enough that the text spans stay small.
    let blockRows: Int
    private let kinds: UnsafeMutablePointer<UInt8>
    private let numberPointers: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>
    private let separatorSeen: UnsafeMutablePointer<UInt8>
    private let texts: UnsafeMutablePointer<Int>
    private let deferred: UnsafeMutablePointer<Int>
    private let deferredCapacity: Int
    /// Per column: deferred cells of the block (NaN placeholders that are not missing values).
    private let deferredCounts: UnsafeMutablePointer<Int>
    /// Whether the fast path applies to the delimiter (see ``applies(toDelimiter:)``).
    private let delimiterAllows: Bool
    /// Rows read here and rows that were not plain, to stop trying on files where the fast
    /// path rarely applies (many missing cells, quoted fields).
    private var plainCount = 0
    private var otherCount = 0

    init(columnCount: Int, delimiter: UInt8) {
        self.columnCount = columnCount
        blockRows = max(8, min(1024, 65536 / max(columnCount, 1)))
        deferredCapacity = max(columnCount, 4096)
        kinds = .allocate(capacity: columnCount)
        numberPointers = .allocate(capacity: columnCount)
        separatorSeen = .allocate(capacity: columnCount)
        texts = .allocate(capacity: blockRows * columnCount * 2)
        deferred = .allocate(capacity: deferredCapacity * 5)
        deferredCounts = .allocate(capacity: columnCount)
        delimiterAllows = Self.applies(toDelimiter: delimiter)
    }

    deinit {
        kinds.deallocate()
        numberPointers.deallocate()
        separatorSeen.deallocate()
        texts.deallocate()
        deferred.deallocate()
        deferredCounts.deallocate()
    }

    /// Whether plain rows can be read with `delimiter`: a tab, or printable ASCII punctuation
    /// that cannot occur inside a number (a user may choose `.`, `+` or `-`) and is not `"`.
    /// Not a space: the tokenizer skips spaces before an opening quote, which with a space
    /// delimiter are delimiters.
    static func applies(toDelimiter delimiter: UInt8) -> Bool {
        if delimiter == 0x09 { return true }
        guard delimiter > 0x20 && delimiter < 0x7F else { return false }
        let isLetterOrDigit =
            (delimiter >= 0x30 && delimiter <= 0x39) || ((delimiter | 0x20) >= 0x61
                && (delimiter | 0x20) <= 0x7A)
        return !isLetterOrDigit && !"\"+-.".utf8.contains(delimiter)
    }

    /// Whether trying the fast path applies and still pays: it stops after 64 rows that were
    /// not plain when those outnumber a quarter of the plain ones.
    var isWorthTrying: Bool {
        delimiterAllows && (otherCount < 64 || otherCount &* 4 < plainCount)
    }

    /// Notes a row that the caller read the slow way.
    mutating func countOther() { otherCount &+= 1 }

    /// Reads the plain rows at `tokenizer`'s position (data rows from `firstRow` on) into
    /// `columns`, appends their lines to `rowLines`, moves the tokenizer past them and returns
    /// how many there were (0 when the next row is not plain).
    mutating func read(
        _ tokenizer: inout CSVTokenizer,
        into columns: UnsafeMutableBufferPointer<ColumnTypeInference>, firstRow: Int,
        rowLines: inout [Int]
    ) -> Int {
        for column in 0..<columnCount {
            switch columns[column].mode {
            case .numeric:
                kinds[column] = UInt8(
                    columns[column].usesDecimalComma
                        ? TABREG_CSV_NUMBER_COMMA.rawValue : TABREG_CSV_NUMBER_POINT.rawValue)
                numberPointers[column] = columns[column].reserveNumbers(blockRows)
            case .text:
                kinds[column] = UInt8(TABREG_CSV_TEXT.rawValue)
                numberPointers[column] = nil
            }
            separatorSeen[column] = 0
        }
        var block = tabreg_csv_rows(
            base: tokenizer.base, count: tokenizer.count, delimiter: tokenizer.delimiter,
            column_count: columnCount, kinds: kinds,
            numbers: UnsafePointer(numberPointers), texts: texts, deferred: deferred,
            max_deferred: deferredCapacity, position: tokenizer.position,
            separator_seen: separatorSeen, deferred_count: 0, last_ends_line: 0)
        let rows = tabreg_csv_read_plain_rows(&block, blockRows)
        guard rows > 0 else { return 0 }

        let firstLine = tokenizer.line
        deferredCounts.initialize(repeating: 0, count: columnCount)
        for index in 0..<block.deferred_count { deferredCounts[deferred[index * 5 + 1]] += 1 }
        for column in 0..<columnCount {
            switch columns[column].mode {
            case .numeric:
                // Every NaN the C reader wrote is a missing value or a deferred cell.
                let values = numberPointers[column]!
                var notANumber = 0
                for offset in 0..<rows where values[offset].isNaN { notANumber += 1 }
                columns[column].commitPlainNumbers(
                    rows, missing: notANumber - deferredCounts[column],
                    hasSeparator: separatorSeen[column] != 0)
            case .text:
                for offset in 0..<rows {
                    let span = texts + (offset * columnCount + column) * 2
                    columns[column].append(
                        CSVFieldSpan(
                            start: span[0], end: span[1], quoted: false, hasEscapedQuotes: false),
                        row: firstRow + offset, line: firstLine + offset, tokenizer: tokenizer)
                }
            }
        }
        for index in 0..<block.deferred_count {
            let cell = deferred + index * 5
            let (offset, column, start, end) = (cell[0], cell[1], cell[2], cell[3])
            let separator =
                kinds[column] == UInt8(TABREG_CSV_NUMBER_COMMA.rawValue)
                ? UInt8(ascii: ",") : UInt8(ascii: ".")
            let result = NumberParser.parseInFull(
                tokenizer.base + start, count: end - start, readable: tokenizer.count - start,
                decimalSeparator: separator)
            columns[column].replacePlainNumber(
                rowsBack: rows - offset, with: result, hasSeparator: cell[4] != 0,
                row: firstRow + offset, line: firstLine + offset,
                field: CSVFieldSpan(start: start, end: end, quoted: false, hasEscapedQuotes: false),
                tokenizer: tokenizer)
        }
        for offset in 0..<rows { rowLines.append(firstLine + offset) }
        tokenizer.skipRecords(
            rows, to: block.position, lastEndsLine: block.last_ends_line != 0)
        plainCount &+= rows
        return rows
    }
}
