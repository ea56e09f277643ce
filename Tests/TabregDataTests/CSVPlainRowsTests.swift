import CTabregCSV
import XCTest

@testable import TabregData

/// The one-pass reader of plain rows (``PlainRowsReader`` and its C loop) must give exactly the
/// document the tokenizer and per-cell type inference give, or the same error, and its numbers
/// must be the correctly rounded doubles of their text.
final class CSVPlainRowsTests: XCTestCase {
    private enum Outcome {
        case document(CSVDocument)
        case error(String)
    }

    private func read(
        _ bytes: [UInt8], plainRows: Bool, twoParts: Bool, delimiter: UInt8? = nil
    ) -> Outcome {
        do {
            return .document(
                try CSVParser.parse(
                    bytes, source: "t.csv", delimiter: delimiter,
                    twoPartMinimum: twoParts ? 0 : .max, plainRows: plainRows))
        } catch {
            return .error(String(describing: error))
        }
    }

    /// Reads `bytes` with and without the plain-row reader (in one pass and in two parts) and
    /// asserts the same outcome; returns the document, if any.
    @discardableResult
    private func assertAgree(
        _ bytes: [UInt8], delimiter: UInt8? = nil, file: StaticString = #filePath,
        line: UInt = #line
    ) -> CSVDocument? {
        var result: CSVDocument?
        for twoParts in [false, true] {
            let slow = read(bytes, plainRows: false, twoParts: twoParts, delimiter: delimiter)
            let fast = read(bytes, plainRows: true, twoParts: twoParts, delimiter: delimiter)
            switch (slow, fast) {
            case (.document(let expected), .document(let actual)):
                assertSameDocument(expected, actual, file: file, line: line)
                result = actual
            case (.error(let expected), .error(let actual)):
                XCTAssertEqual(expected, actual, file: file, line: line)
            case (.document, .error(let message)):
                XCTFail("only the plain-row reader fails: \(message)", file: file, line: line)
            case (.error(let message), .document):
                XCTFail("only the tokenizer fails: \(message)", file: file, line: line)
            }
        }
        return result
    }

    private func assertAgree(
        _ text: String, delimiter: UInt8? = nil, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        assertAgree(Array(text.utf8), delimiter: delimiter, file: file, line: line)
    }

    // MARK: - The reader itself

    func testPlainRowsAreReadInBlocksAndStopBeforeARowThatIsNot() throws {
        var text = "a,b\n"
        for row in 0..<2500 {
            // Missing values and quoted cells are plain too.
            text += row % 10 == 3 ? "NA,\"-\(row).25\"\n" : "\(row),-\(row).25\n"
        }
        text += "text,1\n7,8"
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            let base = try XCTUnwrap(buffer.baseAddress)
            var tokenizer = CSVTokenizer(
                base: base, count: buffer.count, start: 4, delimiter: UInt8(ascii: ","),
                source: "t.csv", line: 2)
            let columns = UnsafeMutableBufferPointer<ColumnTypeInference>.allocate(capacity: 2)
            for column in 0..<2 {
                (columns.baseAddress! + column).initialize(
                    to: ColumnTypeInference(allowsDecimalComma: false, expectedRows: 16))
            }
            defer {
                columns.baseAddress!.deinitialize(count: 2)
                columns.deallocate()
            }
            var reader = PlainRowsReader(columnCount: 2, delimiter: UInt8(ascii: ","))
            var lines: [Int] = []
            var counts: [Int] = []
            while true {
                let rows = reader.read(
                    &tokenizer, into: columns, firstRow: lines.count, rowLines: &lines)
                if rows == 0 { break }
                counts.append(rows)
            }
            XCTAssertEqual(counts, [reader.blockRows, reader.blockRows, 2500 - 2 * reader.blockRows])
            XCTAssertEqual(lines, Array(2..<2502))
            XCTAssertEqual(tokenizer.line, 2502)
            XCTAssertEqual(tokenizer.recordLine, 2501)
            // Stopped at the start of the row with text in a numeric column, which the
            // tokenizer then reads.
            XCTAssertTrue(try tokenizer.nextRecord())
            XCTAssertEqual(tokenizer.text(of: tokenizer.fields[0]), "text")
            let numbers = columns[1].takeNumbers()
            XCTAssertEqual(numbers.count, 2500)
            XCTAssertEqual(numbers[0], -0.25)
            XCTAssertEqual(numbers[3], -3.25)
            XCTAssertEqual(numbers[2499], -2499.25)
            XCTAssertEqual(columns[0].numberCount, 2250)
            XCTAssertEqual(columns[0].missingCount, 250)
            XCTAssertEqual(columns[1].numberCount, 2500)
            XCTAssertEqual(columns[1].missingCount, 0)
            let first = columns[0].takeNumbers()
            XCTAssertTrue(first[3].isNaN)
            XCTAssertEqual(first[4], 4)
        }
    }

    func testTheLastRowWithoutALineEndIsPlain() throws {
        let bytes = Array("x\n1\n2".utf8)
        let document = try CSVParser.parse(
            bytes, source: "t.csv", delimiter: nil, twoPartMinimum: .max)
        XCTAssertEqual(document.rowLines, [2, 3])
        XCTAssertEqual(document.columns[0].values, .numeric([1, 2]))
        assertAgree(bytes)
    }

    // MARK: - Numbers

    /// Random decimal texts of every shape the grammar allows (signs, 0-25 digits on either side
    /// of the point, exponents, significands around 2^53, values that underflow), in a
    /// three-column file: each value must be bit for bit what `Double(String)` (the C library's
    /// correctly rounded `strtod`) gives.
    func testNumbersAreTheCorrectlyRoundedDoublesOfTheirText() throws {
        var generator = TestGenerator(state: 2026)
        var texts: [String] = [
            "0", "-0", "+7", ".5", "5.", "-.25", "9007199254740992", "9007199254740993",
            "18014398509481985", "123456789012345678901234567890", "0.1", "1e22", "1e23",
            "1.7976931348623157e308", "4.9e-324", "2.2250738585072014e-308", "1e-400", "-1e-400",
            "0.000000000000000000000000000001", "1E5", "1e+5", "1e-5", "00012.500",
        ]
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(generator.next(below: 10))) })
        }
        while texts.count < 6000 {
            var text = ["", "-", "+"][generator.next(below: 3)]
            let integerDigits = generator.next(below: 4) == 0 ? 0 : 1 + generator.next(below: 12)
            let fractionDigits = generator.next(below: 3) == 0 ? 0 : generator.next(below: 14)
            if integerDigits + fractionDigits == 0 { continue }
            text += digits(integerDigits)
            if fractionDigits > 0 || generator.next(below: 5) == 0 {
                text += "." + digits(fractionDigits)
            }
            if generator.next(below: 4) == 0 {
                text += ["e", "E"][generator.next(below: 2)]
                text += ["", "-", "+"][generator.next(below: 3)]
                text += String(generator.next(below: 40))
            }
            texts.append(text)
        }
        var csv = "a,b,c\n"
        var expected: [[UInt64]] = [[], [], []]
        for row in 0..<(texts.count / 3) {
            let cells = texts[(row * 3)..<(row * 3 + 3)]
            csv += cells.joined(separator: ",") + (row % 2 == 0 ? "\n" : "\r\n")
            for (column, cell) in cells.enumerated() {
                expected[column].append(try XCTUnwrap(Double(cell), cell).bitPattern)
            }
        }
        let document = try CSVParser.parse(
            Array(csv.utf8), source: "t.csv", delimiter: nil, twoPartMinimum: .max)
        for column in 0..<3 {
            guard case .numeric(let values) = document.columns[column].values else {
                return XCTFail("column \(column) is not numeric")
            }
            for (row, value) in values.enumerated()
            where value.bitPattern != expected[column][row] {
                XCTFail(
                    "\(texts[row * 3 + column]): \(value), expected "
                        + "\(Double(bitPattern: expected[column][row]))")
            }
            XCTAssertEqual(document.columns[column].numberCount, texts.count / 3)
        }
        assertAgree(Array(csv.utf8))
    }

    // MARK: - The same document as the tokenizer's

    func testPlainAndOtherRowsTogetherGiveTheTokenizerDocument() {
        var generator = TestGenerator(state: 11)
        for lineEnd in ["\n", "\r\n", "\r"] {
            for endsWithLineEnd in [true, false] {
                var text = "id,x,kind,late,long" + lineEnd
                for row in 0..<2300 {
                    let x =
                        row % 97 == 5
                        ? "NA" : (row % 89 == 3 ? " 1.5 " : "-\(generator.next(below: 9999)).5")
                    let kind = ["red", "green", "blue", " spaced out ", ""][generator.next(below: 5)]
                    let late = row == 1500 ? "late text" : "\(row)"
                    let long = row % 7 == 0 ? "0.12345678901234567890" : "1e\(row % 30)"
                    text += [String(row), x, kind, late, long].joined(separator: ",")
                    if row < 2299 || endsWithLineEnd { text += lineEnd }
                    if row % 400 == 7 { text += lineEnd }  // a blank line
                    if row % 600 == 9 { text += "  " + lineEnd }  // a line of spaces
                }
                assertAgree(text)
            }
        }
    }

    func testQuotedAndNonASCIIRowsGiveTheTokenizerDocument() {
        var text = "name,value\n"
        for row in 0..<300 {
            switch row % 5 {
            case 0: text += "\"quoted, \"\"name\"\"\",\(row)\n"
            case 1: text += "Zoë,\(row)\n"
            case 2: text += "tab\there,\(row)\n"
            case 3: text += "\"two\nlines\",\"\(row)\"\n"
            default: text += "plain,\(row)\n"
            }
        }
        assertAgree(text)
    }

    func testMissingTokensAndQuotedCellsGiveTheTokenizerDocument() throws {
        let tokens = [
            "", "NA", "na", "N/A", "n/a", "#N/A", "#NA", "<NA>", "NaN", "nan", "-NaN", "-nan",
            "NULL", "null", "None", "none", "?", "NA ", " NA", "NAN!", "nil", "-", "+", ".", "e5",
            "1e", "1.5.2", "0x10", "inf", "-Infinity", "1,5", "\"\"", "\"NA\"", "\" 1\"",
            "\"1 \"", "\"1\"\"\"", "\"2.5\"", "\"-3e2\"", "\"1,5\"", "\"a,b\"",
            "\"line\nend\"", "\"tab\there\"", "\"Zoë\"",
        ]
        for token in tokens {
            var text = "a,b,c\n"
            for row in 0..<300 {
                let cell = row % 7 == 2 ? token : "\(row).5"
                let name = row % 5 == 0 ? "\"quoted, name\"" : "name\(row % 3)"
                text += "\(row),\(cell),\(name)\n"
            }
            assertAgree(text)
        }
        // A quoted numeric column, as R's write.csv and database exports write them.
        var quoted = "\"id\",\"x\",\"label\"\r\n"
        for row in 0..<2000 {
            quoted += "\"\(row)\",\"\(row % 11 == 0 ? "NA" : "-\(row).125")\",\"l\(row % 4)\"\r\n"
        }
        let document = try XCTUnwrap(assertAgree(Array(quoted.utf8)))
        XCTAssertTrue(document.columns[1].isNumeric)
        XCTAssertEqual(document.columns[1].missingCount, 182)
        XCTAssertEqual(document.columns[2].values, .text((0..<2000).map { "l\($0 % 4)" }))
    }

    /// The C reader keeps its own copy of the missing-value tokens: every text of up to four
    /// characters (the longest token's length) drawn from the tokens' characters (both cases)
    /// and one other, and a few longer ones, must be a token to both lists or to neither.
    func testTheCReaderHasTheMissingValueTokensOfMissingValues() {
        let alphabet = Array("nNaA/#<>-?uUlLoOeEx".utf8)
        var text: [UInt8] = []
        var checked = 0
        func visit(_ length: Int) {
            let swift = text.withUnsafeBytes { MissingValues.isMissing($0) }
            let c = text.withUnsafeBufferPointer {
                tabreg_csv_is_missing_token($0.baseAddress, $0.count) != 0
            }
            if swift != c { XCTFail("\(String(decoding: text, as: UTF8.self)): \(swift) vs \(c)") }
            checked += 1
            guard length < 4 else { return }
            for byte in alphabet {
                text.append(byte)
                visit(length + 1)
                text.removeLast()
            }
        }
        visit(0)
        XCTAssertEqual(checked, 1 + 19 + 19 * 19 + 19 * 19 * 19 + 19 * 19 * 19 * 19)
        for longer in ["nulls", "nones", "#n/a?", "<na>>", "-nan-", "NULL?"] {
            text = Array(longer.utf8)
            visit(4)
        }
        for token in MissingValues.tokens {
            XCTAssertEqual(
                Array(token.utf8).withUnsafeBufferPointer {
                    tabreg_csv_is_missing_token($0.baseAddress, $0.count)
                }, 1, token)
        }
    }

    func testOneNumericColumnSkipsBlankLinesAndReadsQuotedEmptyCellsAsMissing() throws {
        let text = "x\n1\n\n2\n\"\"\n   \nNA\n3"
        let document = try XCTUnwrap(assertAgree(Array(text.utf8)))
        guard case .numeric(let values) = document.columns[0].values else {
            return XCTFail("not numeric")
        }
        XCTAssertEqual(values.count, 5)
        XCTAssertEqual(values.filter(\.isNaN).count, 2)
        XCTAssertEqual(document.columns[0].missingCount, 2)
        XCTAssertEqual(document.rowLines, [2, 4, 5, 7, 8])
    }

    func testOneTextColumnSkipsBlankLinesBothWays() throws {
        let text = "name\nalpha\n\n   \nbeta\n\t\ngamma\n"
        let document = try XCTUnwrap(assertAgree(Array(text.utf8)))
        XCTAssertEqual(document.columns[0].values, .text(["alpha", "beta", "gamma"]))
        XCTAssertEqual(document.rowLines, [2, 5, 7])
    }

    func testDecimalCommasWithSemicolonsGiveTheTokenizerDocument() throws {
        var text = "a;b;c\n"
        for row in 0..<1500 {
            text += "\(row),5;\(row).25;\(row % 3 == 0 ? "1,5" : "\(row)")\n"
        }
        let document = try XCTUnwrap(assertAgree(Array(text.utf8)))
        XCTAssertTrue(document.columns[0].usesDecimalComma)
        XCTAssertEqual(document.columns[0].values, .numeric((0..<1500).map { Double($0) + 0.5 }))
        XCTAssertFalse(document.columns[1].usesDecimalComma)
        XCTAssertTrue(document.columns[2].usesDecimalComma)
        // A column that has used a decimal point does not switch to commas later.
        var mixed = "a;b\n"
        for row in 0..<1200 { mixed += "\(row).5;\(row)\n" }
        mixed += "1,5;2\n"
        let mixedDocument = try XCTUnwrap(assertAgree(Array(mixed.utf8)))
        XCTAssertFalse(mixedDocument.columns[0].isNumeric)
    }

    func testDelimitersThatCanBePartOfANumberAreReadByTheTokenizer() throws {
        for delimiter in [".", "+", "-", "e"].map({ UInt8(ascii: Unicode.Scalar($0)!) }) {
            let separator = String(UnicodeScalar(delimiter))
            let text = ["a", "b"].joined(separator: separator) + "\n"
                + (0..<50).map { ["1", "\($0)"].joined(separator: separator) }
                    .joined(separator: "\n")
            let document = try XCTUnwrap(assertAgree(Array(text.utf8), delimiter: delimiter))
            XCTAssertEqual(document.columns[1].values, .numeric((0..<50).map { Double($0) }))
        }
    }

    func testSpaceDelimitedRowsWithQuotesGiveTheTokenizerDocument() {
        // The tokenizer skips spaces before an opening quote; with a space delimiter those
        // spaces are delimiters, so such rows must not be read as plain.
        var text = "a b c\n"
        for row in 0..<200 { text += row % 9 == 4 ? "1  \"x\"\n" : "\(row) \(row).5 \"q\"\n" }
        assertAgree(Array(text.utf8), delimiter: 0x20)
        XCTAssertFalse(PlainRowsReader.applies(toDelimiter: 0x20))
        XCTAssertFalse(PlainRowsReader.applies(toDelimiter: UInt8(ascii: "\"")))
        XCTAssertFalse(PlainRowsReader.applies(toDelimiter: UInt8(ascii: "E")))
        XCTAssertFalse(PlainRowsReader.applies(toDelimiter: UInt8(ascii: "x")))
        for delimiter in [",", ";", "|", ":", "#"] {
            XCTAssertTrue(PlainRowsReader.applies(toDelimiter: UInt8(ascii: Unicode.Scalar(delimiter)!)))
        }
        XCTAssertTrue(PlainRowsReader.applies(toDelimiter: 0x09))
    }

    func testErrorsAfterPlainRowsAreTheTokenizerErrors() {
        var rows = (0..<3000).map { "\($0),\($0).5" }
        for (index, bad) in [
            (10, "10,1e999"), (2000, "2000,123456789012345678901234e400"), (2999, "1,2,3"),
            (1500, "1"), (2500, "2500,\u{0}"),
        ] {
            var broken = rows
            broken[index] = bad
            let text = "x,y\n" + broken.joined(separator: "\n") + "\n"
            guard case .error = read(Array(text.utf8), plainRows: true, twoParts: false) else {
                XCTFail("\(bad): no error")
                continue
            }
            assertAgree(text)
        }
        rows[5] = "5,\"1.5\""
        assertAgree("x,y\n" + rows.joined(separator: "\n"))
    }

    /// Thousands of seeded random byte mutations of a mostly plain file: the plain-row reader
    /// and the tokenizer must agree on every one (the same document or the same error).
    func testRandomMutationsReadTheSameBothWays() {
        var seed = "id;x;y;name\r\n"
        for row in 0..<40 {
            let x = row % 3 == 0 ? "\"-\(row).5\"" : "-\(row).5"
            let y = row % 4 == 1 ? "NA" : "1e-\(row % 9)"
            let name = row % 5 == 2 ? "\"n;\(row % 4)\"" : "n\(row % 4)"
            seed += "\(row);\(x);\(y);\(name)\r\n"
        }
        let seedBytes = Array(seed.utf8)
        let interesting = Array(",;\"\n\r\t .-+eE0NA\u{7}".utf8) + [0x00, 0xFF, 0xC3, 0xA9]
        var generator = TestGenerator(state: 99)
        for _ in 0..<1500 {
            var bytes = seedBytes
            for _ in 0...generator.next(below: 3) {
                let position = generator.next(below: bytes.count)
                let byte = interesting[generator.next(below: interesting.count)]
                switch generator.next(below: 3) {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: bytes.remove(at: position)
                }
            }
            assertAgree(bytes)
        }
    }
}
