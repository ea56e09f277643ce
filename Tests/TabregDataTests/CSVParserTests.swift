import Foundation
import XCTest

@testable import TabregData

final class CSVParserTests: XCTestCase {
    private func parse(
        _ text: String, delimiter: UInt8? = nil, file: StaticString = #filePath, line: UInt = #line
    ) throws -> CSVDocument {
        try CSVParser.parse(Array(text.utf8), source: "test.csv", delimiter: delimiter)
    }

    /// Parses `bytes`, expecting a DataError; returns it.
    private func parseError(
        _ bytes: [UInt8], delimiter: UInt8? = nil, file: StaticString = #filePath,
        line: UInt = #line
    ) -> DataError? {
        do {
            let document = try CSVParser.parse(bytes, source: "test.csv", delimiter: delimiter)
            XCTFail("no error; read \(document.rowCount) rows", file: file, line: line)
        } catch let error as DataError {
            return error
        } catch {
            XCTFail("not a DataError: \(error)", file: file, line: line)
        }
        return nil
    }

    private func parseError(
        _ text: String, delimiter: UInt8? = nil, file: StaticString = #filePath, line: UInt = #line
    ) -> DataError? {
        parseError(Array(text.utf8), delimiter: delimiter, file: file, line: line)
    }

    private func numbers(_ column: CSVDocument.Column) -> [Double]? {
        if case .numeric(let values) = column.values { return values }
        return nil
    }

    private func texts(_ column: CSVDocument.Column) -> [String?]? {
        if case .text(let values) = column.values { return values }
        return nil
    }

    // MARK: - Structure

    func testLineEndsOfEveryKindAndNoFinalLineEndReadTheSame() throws {
        for text in ["a,b\n1,2\n3,4\n", "a,b\r\n1,2\r\n3,4\r\n", "a,b\r1,2\r3,4", "a,b\n1,2\n3,4"] {
            let document = try parse(text)
            XCTAssertEqual(document.columns.map(\.name), ["a", "b"], text.debugDescription)
            XCTAssertEqual(numbers(document.columns[0]), [1, 3], text.debugDescription)
            XCTAssertEqual(numbers(document.columns[1]), [2, 4], text.debugDescription)
            XCTAssertEqual(document.rowLines, [2, 3], text.debugDescription)
        }
    }

    func testByteOrderMarkIsSkippedAndNotPartOfTheFirstName() throws {
        let document = try CSVParser.parse(
            [0xEF, 0xBB, 0xBF] + Array("price,rooms\n1,2\n".utf8), source: "bom.csv")
        XCTAssertEqual(document.columns.map(\.name), ["price", "rooms"])
        XCTAssertTrue(document.hadByteOrderMark)
    }

    func testBlankLinesAreSkippedAndLinesStillCountThem() throws {
        let document = try parse("a,b\n\n1,2\n   \n3,4\n\n\n")
        XCTAssertEqual(document.rowLines, [3, 5])
        XCTAssertEqual(numbers(document.columns[0]), [1, 3])
    }

    func testRowLinesCountPhysicalLinesInsideQuotedFields() throws {
        let document = try parse("name,x\n\"two\nlines\",1\n\"three\r\nlines\rhere\",2\nplain,3\n")
        XCTAssertEqual(document.rowLines, [2, 4, 7])
        XCTAssertEqual(texts(document.columns[0]), ["two\nlines", "three\r\nlines\rhere", "plain"])
    }

    func testSemicolonTabAndPipeAreDetected() throws {
        XCTAssertEqual(try parse("a;b\n1;2\n").delimiter, UInt8(ascii: ";"))
        XCTAssertEqual(try parse("a\tb\n1\t2\n").delimiter, 0x09)
        XCTAssertEqual(try parse("a|b\n1|2\n").delimiter, UInt8(ascii: "|"))
        XCTAssertEqual(try parse("a,b\n\"1;2\",3\n").delimiter, UInt8(ascii: ","))
        XCTAssertEqual(try parse("only\n1\n2\n").delimiter, UInt8(ascii: ","))
    }

    func testExcelSemicolonExportWithDecimalCommasIsNumeric() throws {
        let document = try parse(
            "\u{FEFF}price;area;city\n1,5;70;Lyon\n2,25;80,5;Nice\n3;1e2;Metz\n")
        XCTAssertEqual(document.delimiter, UInt8(ascii: ";"))
        XCTAssertEqual(numbers(document.columns[0]), [1.5, 2.25, 3])
        XCTAssertEqual(numbers(document.columns[1]), [70, 80.5, 100])
        XCTAssertTrue(document.columns[0].usesDecimalComma)
        XCTAssertEqual(texts(document.columns[2]), ["Lyon", "Nice", "Metz"])
    }

    func testDecimalPointAndDecimalCommaMixedInOneColumnIsText() throws {
        let document = try parse("x;y\n1.5;1\n2,5;2\n")
        XCTAssertEqual(texts(document.columns[0]), ["1.5", "2,5"])
    }

    func testForcedDelimiterOverridesDetection() throws {
        let document = try parse("a;b,c\n1;2,3\n", delimiter: UInt8(ascii: ","))
        XCTAssertEqual(document.columns.map(\.name), ["a;b", "c"])
    }

    func testSpacesBeforeAnOpeningQuoteAndAfterAClosingQuoteAreAllowed() throws {
        let document = try parse("name, city\n\"Doe, J\" , \"Anytown, WW\"\n")
        XCTAssertEqual(texts(document.columns[0]), ["Doe, J"])
        XCTAssertEqual(texts(document.columns[1]), ["Anytown, WW"])
        XCTAssertEqual(document.columns[1].name, "city")
    }

    func testQuoteInsideAnUnquotedFieldIsKept() throws {
        let document = try parse("height,n\n5'10\",1\n")
        XCTAssertEqual(texts(document.columns[0]), ["5'10\""])
    }

    // MARK: - Types and missing values

    func testQuotedAndSpacePaddedNumbersAreNumeric() throws {
        let document = try parse("a,b\n\"1.5\", 2 \n\" 3\",\"4e1\"\n")
        XCTAssertEqual(numbers(document.columns[0]), [1.5, 3])
        XCTAssertEqual(numbers(document.columns[1]), [2, 40])
    }

    func testEveryMissingTokenInAnyCaseIsMissingInANumericColumn() throws {
        let tokens = [
            "", "NA", "na", "N/A", "#N/A", "#NA", "<NA>", "NaN", "nan", "-NaN", "NULL",
            "null", "Null", "None", "?", " NA ", "\"NA\"", "\"\"",
        ]
        let text =
            "x,y\n"
            + tokens.enumerated().map { "\($0.element),\($0.offset)" }
            .joined(separator: "\n")
        let document = try parse(text)
        let values = try XCTUnwrap(numbers(document.columns[0]))
        XCTAssertEqual(values.count, tokens.count)
        XCTAssertTrue(values.allSatisfy(\.isNaN))
        XCTAssertEqual(document.columns[0].missingCount, tokens.count)
    }

    func testTextIsTrimmedAndMissingTextIsNil() throws {
        let document = try parse("grade,n\n  good ,1\nNA,2\n\" fair\",3\n,4\n")
        XCTAssertEqual(texts(document.columns[0]), ["good", nil, "fair", nil])
        XCTAssertEqual(document.columns[0].missingCount, 2)
    }

    func testColumnThatTurnsTextLateKeepsItsEarlierCellsAsText() throws {
        var text = "code,x\n"
        for row in 0..<1000 { text += "\(row),\(row)\n" }
        text += "A12, 1000\nNA,1001\n7.50,1002\n"
        let document = try parse(text)
        let codes = try XCTUnwrap(texts(document.columns[0]))
        XCTAssertEqual(codes.count, 1003)
        XCTAssertEqual(codes[0], "0")
        XCTAssertEqual(codes[999], "999")
        XCTAssertEqual(Array(codes[1000...]), ["A12", nil, "7.50"])
        XCTAssertEqual(document.columns[0].firstText?.line, 1002)
        XCTAssertEqual(document.columns[0].firstText?.value, "A12")
        XCTAssertEqual(document.columns[0].numberCount, 1001)
        XCTAssertEqual(numbers(document.columns[1])?.last, 1002)
    }

    func testHexAndSpelledOutNumbersMakeAColumnText() throws {
        let document = try parse("a,b\n1,2\n0x10,3\n")
        XCTAssertEqual(texts(document.columns[0]), ["1", "0x10"])
    }

    func testInfiniteValueInANumericColumnIsAnError() throws {
        let error = try XCTUnwrap(parseError("a,b\n1,2\n3,1e400\n4,5\n"))
        XCTAssertEqual(error.line, 3)
        XCTAssertEqual(error.columnNumber, 2)
        XCTAssertEqual(error.columnName, "b")
        XCTAssertEqual(error.value, "1e400")
        let inf = try XCTUnwrap(parseError("a,b\n1,-inf\n"))
        XCTAssertEqual(inf.line, 2)
        XCTAssertEqual(inf.value, "-inf")
    }

    func testInfinityWordInATextColumnIsJustText() throws {
        let document = try parse("a,b\nred,1\ninf,2\n")
        XCTAssertEqual(texts(document.columns[0]), ["red", "inf"])
    }

    func testEmptyHeaderCellsArePandasUnnamed() throws {
        let document = try parse(",x,\n1,2,\n")
        XCTAssertEqual(document.columns.map(\.name), ["Unnamed: 0", "x", "Unnamed: 2"])
        XCTAssertEqual(document.columns.map(\.hasEmptyHeader), [true, false, true])
    }

    // MARK: - Errors

    func testRowWithTooManyFieldsNamesLineColumnAndValue() throws {
        let error = try XCTUnwrap(parseError("a,b\n1,2\n3,4,oops\n"))
        XCTAssertEqual(error.line, 3)
        XCTAssertEqual(error.columnNumber, 3)
        XCTAssertEqual(error.value, "oops")
        XCTAssertEqual(
            error.description,
            "test.csv, line 3, column 3: value \"oops\" is one field too many: the row has 3 "
                + "fields but the header has 2 columns (an unquoted \",\" inside a value? put the "
                + "value in double quotes).")
    }

    func testRowWithTooFewFieldsNamesTheMissingColumn() throws {
        let error = try XCTUnwrap(parseError("a,b,c\n1,2,3\n\"x\ny\",5\n"))
        XCTAssertEqual(error.line, 3)
        XCTAssertEqual(error.columnNumber, 3)
        XCTAssertEqual(error.columnName, "c")
        XCTAssertTrue(error.description.contains("\"x\\ny\"") == false, error.description)
        XCTAssertTrue(error.description.hasPrefix("test.csv, line 3, column 3 (\"c\"): "))
    }

    func testTrailingDelimiterGetsAHint() throws {
        let error = try XCTUnwrap(parseError("a,b\n1,2,\n"))
        XCTAssertTrue(error.description.contains("ends with an extra \",\""), error.description)
    }

    func testUnterminatedQuoteNamesTheLineWhereItOpens() throws {
        let error = try XCTUnwrap(parseError("a,b\n1,2\n3,\"never closed\n4,5\n"))
        XCTAssertEqual(error.line, 3)
        XCTAssertEqual(error.columnNumber, 2)
        XCTAssertEqual(error.columnName, "b")
        XCTAssertTrue(error.description.contains("no closing quote"), error.description)
        XCTAssertTrue(error.description.contains("\\n"), "line end escaped: \(error)")
    }

    func testTextAfterAClosingQuoteIsAnError() throws {
        let error = try XCTUnwrap(parseError("a,b\n\"x\"y,2\n"))
        XCTAssertEqual(error.line, 2)
        XCTAssertEqual(error.columnNumber, 1)
        XCTAssertEqual(error.columnName, "a")
    }

    func testInvalidUTF8NamesTheByteOffset() throws {
        let bytes =
            Array("a,b\nok,1\n".utf8) + [UInt8(ascii: "x"), 0xC3, 0x28] + Array(",2\n".utf8)
        let error = try XCTUnwrap(parseError(bytes))
        XCTAssertEqual(error.byteOffset, 10)
        XCTAssertEqual(error.line, 3)
        XCTAssertEqual(error.columnName, "a")
        XCTAssertTrue(error.description.contains("0xC3 0x28"), error.description)
    }

    func testOverlongAndSurrogateEncodingsAreInvalidUTF8() throws {
        for bad: [UInt8] in [
            [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF],
            [0x80], [0xE2, 0x82],
        ] {
            let error = parseError(Array("a\n".utf8) + bad)
            XCTAssertEqual(error?.byteOffset, 2, "\(bad)")
        }
    }

    func testUTF16IsRefusedWithSaveAsUTF8() throws {
        let text = "a,b\n1,2\n"
        let littleEndian: [UInt8] =
            [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let bigEndian: [UInt8] =
            [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let noMark: [UInt8] = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        for bytes in [littleEndian, bigEndian, noMark] {
            let error = try XCTUnwrap(parseError(bytes))
            XCTAssertTrue(error.description.contains("UTF-16"), error.description)
            XCTAssertTrue(error.description.contains("save it as UTF-8"), error.description)
            XCTAssertNotNil(error.byteOffset)
        }
    }

    func testNulByteIsAnErrorWithItsOffset() throws {
        let error = try XCTUnwrap(parseError(Array("a,b\n1,2\n3,".utf8) + [0] + Array("\n".utf8)))
        XCTAssertEqual(error.byteOffset, 10)
        XCTAssertEqual(error.line, 3)
        XCTAssertEqual(error.columnNumber, 2)
    }

    func testDuplicateColumnNamesAreAnError() throws {
        let error = try XCTUnwrap(parseError("x,y,x\n1,2,3\n"))
        XCTAssertEqual(error.line, 1)
        XCTAssertEqual(error.columnNumber, 3)
        XCTAssertTrue(error.description.contains("columns 1 and 3"), error.description)
    }

    func testEmptyBlankAndHeaderOnlyFilesAreErrors() throws {
        XCTAssertTrue(parseError("")?.description.contains("empty") ?? false)
        XCTAssertTrue(parseError("\n\n  \n")?.description.contains("only blank lines") ?? false)
        let headerOnly = try XCTUnwrap(parseError("a,b\n"))
        XCTAssertEqual(headerOnly.line, 1)
        XCTAssertTrue(headerOnly.description.contains("no data rows"), headerOnly.description)
    }

    func testControlCharactersAreEscapedInMessages() throws {
        XCTAssertEqual(
            DataError.escaped("a\tb\u{1}\r\n\"c\"\u{85}"), "a\\tb\\u{1}\\r\\n\\\"c\\\"\\u{85}")
        let error = try XCTUnwrap(parseError("a,b\n1,2\n\"x\u{7}\ty\"z,3\n"))
        XCTAssertTrue(error.description.contains("value \"z\" follows"), error.description)
        let ragged = try XCTUnwrap(parseError("a,b\n1,2,\"bell\u{7}\"\n"))
        XCTAssertTrue(ragged.description.contains("bell\\u{7}"), ragged.description)
        XCTAssertFalse(ragged.description.contains("\u{7}"), ragged.description)
    }

    func testDelimiterNamesParse() {
        XCTAssertEqual(CSVDialect.delimiter(named: ";"), UInt8(ascii: ";"))
        XCTAssertEqual(CSVDialect.delimiter(named: "tab"), 0x09)
        XCTAssertEqual(CSVDialect.delimiter(named: "\\t"), 0x09)
        XCTAssertNil(CSVDialect.delimiter(named: "\""))
        XCTAssertNil(CSVDialect.delimiter(named: "ab"))
        XCTAssertNil(CSVDialect.delimiter(named: "a"))
        XCTAssertNil(CSVDialect.delimiter(named: "."))
    }
}

/// Reading a file in two parts on two threads (large `,` files without quotes) must give the
/// document one pass gives: the same numbers bit for bit, types, counts, first values, lines
/// and errors.
final class CSVTwoPartReadTests: XCTestCase {
    private func onePass(_ bytes: [UInt8]) throws -> CSVDocument {
        try CSVParser.parse(bytes, source: "t.csv", delimiter: nil, twoPartMinimum: .max)
    }

    private func twoParts(_ bytes: [UInt8]) throws -> CSVDocument {
        try CSVParser.parse(bytes, source: "t.csv", delimiter: nil, twoPartMinimum: 0)
    }

    private func assertSame(
        _ first: CSVDocument, _ second: CSVDocument, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        assertSameDocument(first, second, file: file, line: line)
    }

    /// Rows whose columns cover every case of joining the halves: numbers with missing values
    /// and blank lines, a text column (text from the first row), a column that turns to text
    /// only in the second half, a column with one text value in the first half and numbers
    /// after it (so the halves cannot be joined and one pass is used), CRLF line ends.
    private func sample(rows: Int, textInFirstHalf: Bool, lineEnd: String = "\n") -> [UInt8] {
        var generator = TestGenerator(state: 7)
        var text = "a,b,kind,late,early" + lineEnd
        for row in 0..<rows {
            let a = String(Double(generator.next() % 2_000_001) / 1000 - 1000)
            let b = row % 13 == 0 ? "NA" : String(generator.next() % 1000) + "e-3"
            let kind = ["x", "y", "z"][Int(generator.next() % 3)]
            let late = row == rows * 3 / 4 ? "late text" : String(row)
            let early = textInFirstHalf && row == rows / 5 ? "early text" : String(row % 7)
            text += [a, b, kind, late, early].joined(separator: ",") + lineEnd
            if row % 50 == 49 { text += lineEnd }  // a blank line
        }
        return Array(text.utf8)
    }

    func testTwoPartsGiveTheOnePassDocument() throws {
        for lineEnd in ["\n", "\r\n"] {
            for textInFirstHalf in [false, true] {
                let bytes = sample(rows: 997, textInFirstHalf: textInFirstHalf, lineEnd: lineEnd)
                assertSame(try onePass(bytes), try twoParts(bytes))
            }
        }
    }

    func testTwoPartsReportTheOnePassErrorInEitherHalf() throws {
        for badRow in [10, 900] {
            var lines = (0..<1000).map { "\($0),\($0 * 2)" }
            lines[badRow] += ",extra"
            let bytes = Array(("x,y\n" + lines.joined(separator: "\n") + "\n").utf8)
            var messages: [String] = []
            for parse in [onePass, twoParts] {
                do {
                    _ = try parse(bytes)
                    XCTFail("row \(badRow): no error")
                } catch let error as DataError {
                    messages.append(error.description)
                }
            }
            XCTAssertEqual(messages.count, 2)
            XCTAssertEqual(messages.first, messages.last, "row \(badRow)")
            XCTAssertTrue(messages[0].contains("line \(badRow + 2)"), messages[0])
        }
    }

    func testAnInfiniteValueInTheSecondHalfIsReportedAtItsLine() throws {
        var lines = (0..<1000).map { "\($0),1.5" }
        lines[800] = "800,1e999"
        let bytes = Array(("x,y\n" + lines.joined(separator: "\n")).utf8)
        var messages: [String] = []
        for parse in [onePass, twoParts] {
            do {
                _ = try parse(bytes)
                XCTFail("no error")
            } catch let error as DataError {
                messages.append(error.description)
            }
        }
        XCTAssertEqual(messages.first, messages.last)
        XCTAssertTrue(messages.first?.contains("line 802") ?? false, messages.first ?? "")
    }
}
