/// Infers one column's type while the file streams past, keeping only the typed values.
///
/// A column starts numeric and stores `Double`s (`NaN` for missing). At its first cell that is
/// neither a number nor missing it switches to text: from then on it stores trimmed strings,
/// and the rows before the switch are filled in by a second, partial pass over the file
/// (``CSVParser`` re-reads only rows up to the latest switch, and only those columns' fields).
/// A column whose first value is text switches at row 0 and needs no second pass. Memory is the
/// typed values, never a copy of the file's text.
///
/// Decimal commas: when the delimiter is not `,`, a numeric column none of whose earlier cells
/// used `.` switches to reading `,` as its decimal separator at its first cell of the form
/// `1,5` (Excel's export in many European locales, with `;` between fields).
///
/// Non-copyable because it owns the growing buffer of numbers (see ``NumberBuffer``).
struct ColumnTypeInference: ~Copyable {
    enum Mode {
        case numeric
        case text
    }

    let allowsDecimalComma: Bool
    private(set) var mode = Mode.numeric
    private var numbers: NumberBuffer
    /// Texts from row ``switchRow`` on.
    private(set) var texts: [String?] = []
    /// The first row stored in ``texts``.
    private(set) var switchRow = 0
    private(set) var missingCount = 0
    private(set) var numberCount = 0
    private(set) var usesDecimalComma = false
    private var sawDecimalPoint = false
    private(set) var firstText: CSVDocument.Cell?
    private(set) var firstInfinite: CSVDocument.Cell?

    init(allowsDecimalComma: Bool, expectedRows: Int) {
        self.allowsDecimalComma = allowsDecimalComma
        numbers = NumberBuffer(capacity: max(expectedRows, 16))
    }

    /// The numbers read (numeric mode), moved out: the column's buffer is freed and the
    /// column holds no values afterwards.
    mutating func takeNumbers() -> [Double] {
        numbers.takeArray()
    }

    /// The texts read (text mode), moved out.
    mutating func takeTexts() -> [String?] {
        let taken = texts
        texts = []
        return taken
    }

    @inline(__always)
    private mutating func appendNumber(_ value: Double) {
        numbers.append(value)
    }

    private mutating func releaseNumbers() {
        numbers.removeAll()
    }

    /// Takes the cell of data row `row` (0-based), which starts on physical line `line`.
    mutating func append(
        _ field: CSVFieldSpan, row: Int, line: Int, tokenizer: borrowing CSVTokenizer
    ) {
        let bytes = tokenizer.bytes(of: field)
        switch mode {
        case .numeric:
            let separator = usesDecimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
            // The cell lies inside the tokenizer's buffer, so the parser may read past its
            // end (up to the buffer's end) to take digits eight at a time.
            let result: NumberParser.Result =
                field.hasEscapedQuotes
                ? .notANumber
                : NumberParser.parse(
                    tokenizer.base + field.start, count: field.end - field.start,
                    readable: tokenizer.count - field.start, decimalSeparator: separator)
            switch result {
            case .number(let value):
                appendNumber(value)
                numberCount += 1
                if allowsDecimalComma && !usesDecimalComma && !sawDecimalPoint {
                    sawDecimalPoint = bytes.contains(UInt8(ascii: "."))
                }
            case .infinite:
                if firstInfinite == nil {
                    firstInfinite = CSVDocument.Cell(
                        row: row, line: line, value: trimmedText(field, tokenizer))
                }
                appendNumber(.nan)
            case .notANumber:
                if MissingValues.isMissing(bytes) {
                    appendNumber(.nan)
                    missingCount += 1
                } else if allowsDecimalComma && !usesDecimalComma && !sawDecimalPoint,
                    case .number(let value) = NumberParser.parse(
                        bytes, decimalSeparator: UInt8(ascii: ","))
                {
                    usesDecimalComma = true
                    appendNumber(value)
                    numberCount += 1
                } else {
                    let text = trimmedText(field, tokenizer)
                    mode = .text
                    switchRow = row
                    firstText = CSVDocument.Cell(row: row, line: line, value: text)
                    releaseNumbers()
                    texts.append(text)
                }
            }
        case .text:
            if MissingValues.isMissing(bytes) {
                texts.append(nil)
                missingCount += 1
            } else {
                if case .number = NumberParser.parse(bytes) { numberCount += 1 }
                texts.append(trimmedText(field, tokenizer))
            }
        }
    }

    /// Room for `rows` more numbers (numeric mode): where the next one goes, for
    /// ``PlainRowsReader``, which writes them and then calls ``commitPlainNumbers(_:missing:hasSeparator:)``.
    mutating func reserveNumbers(_ rows: Int) -> UnsafeMutablePointer<Double> {
        numbers.reserve(rows)
    }

    /// Takes the `rows` numbers written after the stored ones (see ``reserveNumbers(_:)``),
    /// as ``append(_:row:line:tokenizer:)`` takes cells that parse to them or, `missing` of
    /// them (NaN), are missing; `hasSeparator` tells whether any had a decimal separator.
    mutating func commitPlainNumbers(_ rows: Int, missing: Int, hasSeparator: Bool) {
        numbers.commit(rows)
        numberCount += rows - missing
        missingCount += missing
        if allowsDecimalComma && !usesDecimalComma && !sawDecimalPoint {
            sawDecimalPoint = hasSeparator
        }
    }

    /// Sets the number `rowsBack` rows before the end (committed as NaN by
    /// ``commitPlainNumbers(_:missing:hasSeparator:)``) from the full parser's `result` for its cell,
    /// `field` of data row `row` on line `line`, as ``append(_:row:line:tokenizer:)`` would.
    mutating func replacePlainNumber(
        rowsBack: Int, with result: NumberParser.Result, hasSeparator: Bool, row: Int, line: Int,
        field: CSVFieldSpan, tokenizer: borrowing CSVTokenizer
    ) {
        switch result {
        case .number(let value):
            numbers.set(value, back: rowsBack)
            if allowsDecimalComma && !usesDecimalComma && !sawDecimalPoint {
                sawDecimalPoint = hasSeparator
            }
        case .infinite:
            numberCount -= 1
            if firstInfinite == nil {
                firstInfinite = CSVDocument.Cell(
                    row: row, line: line, value: trimmedText(field, tokenizer))
            }
        case .notANumber:
            preconditionFailure("the plain-row reader took a cell that is not a number")
        }
    }

    /// Moves the row and line numbers this column recorded by `rows` and `lines`: for the
    /// second part of a file read in two parts, whose rows were numbered from 0 and its lines
    /// from 1.
    mutating func shift(rows: Int, lines: Int) {
        if mode == .text { switchRow += rows }
        func moved(_ cell: CSVDocument.Cell?) -> CSVDocument.Cell? {
            cell.map { CSVDocument.Cell(row: $0.row + rows, line: $0.line + lines, value: $0.value) }
        }
        firstText = moved(firstText)
        firstInfinite = moved(firstInfinite)
    }

    /// Appends the same column's cells of the rows that follow this part (`later`, already
    /// shifted, first row `rowsBefore`), when the result is what reading both parts in one go
    /// gives: both numeric; this part numeric and `later` text; or both text with `later`'s
    /// first row already text. Returns false otherwise (a text column whose later part began
    /// with numbers, whose texts were not kept), and the caller reads the file in one go.
    /// Only for a `,` delimiter (no decimal commas, whose detection depends on earlier rows).
    mutating func append(_ later: inout ColumnTypeInference, rowsBefore: Int) -> Bool {
        switch (mode, later.mode) {
        case (.numeric, .numeric):
            numbers.append(moving: &later.numbers)
            firstInfinite = firstInfinite ?? later.firstInfinite
        case (.numeric, .text):
            releaseNumbers()
            mode = .text
            switchRow = later.switchRow
            texts = later.takeTexts()
            firstText = later.firstText
        case (.text, .text) where later.switchRow == rowsBefore:
            texts += later.takeTexts()
        default:
            return false
        }
        missingCount += later.missingCount
        numberCount += later.numberCount
        return true
    }

    /// The text of a cell before ``switchRow``, for the second pass (`nil` if missing).
    static func prefixText(_ field: CSVFieldSpan, tokenizer: borrowing CSVTokenizer) -> String? {
        MissingValues.isMissing(tokenizer.bytes(of: field))
            ? nil : trimmedText(field, tokenizer)
    }

    /// Prepends the rows before ``switchRow`` (from the second pass).
    mutating func prependTexts(_ prefix: [String?]) {
        precondition(prefix.count == switchRow, "prefix has \(prefix.count) rows, not \(switchRow)")
        texts = prefix + texts
        switchRow = 0
    }

    private func trimmedText(_ field: CSVFieldSpan, _ tokenizer: borrowing CSVTokenizer) -> String {
        Self.trimmedText(field, tokenizer)
    }

    /// The cell's text with quotes unescaped and surrounding spaces and tabs removed.
    static func trimmedText(_ field: CSVFieldSpan, _ tokenizer: borrowing CSVTokenizer) -> String {
        var trimmed = field
        while trimmed.start < trimmed.end
            && (tokenizer.base[trimmed.start] == 0x20 || tokenizer.base[trimmed.start] == 0x09)
        {
            trimmed.start += 1
        }
        while trimmed.end > trimmed.start
            && (tokenizer.base[trimmed.end - 1] == 0x20 || tokenizer.base[trimmed.end - 1] == 0x09)
        {
            trimmed.end -= 1
        }
        return tokenizer.text(of: trimmed)
    }
}
