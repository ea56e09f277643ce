import Foundation
import XCTest

@testable import TabregData

/// A local SplitMix64 (Steele, Lea & Flood 2014) so the test does not share code with the
/// module under test.
final class NumberParserTests: XCTestCase {
    private func assertNumber(
        _ text: String, _ expected: Double, file: StaticString = #filePath, line: UInt = #line
    ) {
        guard case .number(let value) = NumberParser.parse(text) else {
            return XCTFail(
                "\(text.debugDescription) was not read as a number", file: file, line: line)
        }
        XCTAssertEqual(
            value.bitPattern, expected.bitPattern, "\(text.debugDescription): \(value)",
            file: file, line: line)
        // The same cell inside a CSV buffer, followed by more digits the parser may read
        // eight at a time but must not use.
        guard case .number(let inBuffer) = Self.parseInBuffer(text) else {
            return XCTFail(
                "\(text.debugDescription) inside a buffer was not read as a number", file: file,
                line: line)
        }
        XCTAssertEqual(
            inBuffer.bitPattern, expected.bitPattern,
            "\(text.debugDescription) inside a buffer: \(inBuffer)", file: file, line: line)
    }

    /// Parses `text` as a cell followed by `12345678.9e5,7` in the same buffer, the way the
    /// CSV reader calls the parser.
    static func parseInBuffer(_ text: String, decimalSeparator: UInt8 = UInt8(ascii: "."))
        -> NumberParser.Result
    {
        let cell = Array(text.utf8)
        let buffer = cell + Array("12345678.9e5,7".utf8)
        return buffer.withUnsafeBufferPointer { buffer in
            NumberParser.parse(
                buffer.baseAddress!, count: cell.count, readable: buffer.count,
                decimalSeparator: decimalSeparator)
        }
    }

    func testPlainSpreadsheetNumbersAreRead() {
        assertNumber("0", 0)
        assertNumber("-0", -0.0)
        assertNumber("42", 42)
        assertNumber("+42", 42)
        assertNumber("-3.25", -3.25)
        assertNumber("0.00632", 0.00632)
        assertNumber(".5", 0.5)
        assertNumber("5.", 5)
        assertNumber("007", 7)
        assertNumber("1e3", 1000)
        assertNumber("1E-3", 0.001)
        assertNumber("2.5e+2", 250)
        assertNumber("  18.0 ", 18)
        assertNumber("\t396.9", 396.9)
        assertNumber("1e-400", 0)
        assertNumber("-1e-400", -0.0)
        assertNumber("4.9e-324", .leastNonzeroMagnitude)
        assertNumber("1.7976931348623157e308", 1.7976931348623157e308)
        assertNumber("123456789012345678901234567890", 123_456_789_012_345_677_877_719_597_056)
        assertNumber("0.30000000000000004", 0.30000000000000004)
    }

    func testWhatSwiftWouldWronglyAcceptIsNotANumber() {
        // Double(_:) takes these; a CSV user does not mean them as numbers.
        XCTAssertEqual(Double("0x10"), 16)
        XCTAssertNotNil(Double("nan"))
        for text in [
            "0x10", "0X1p3", "nan", "NaN", "-nan", "1_000", "1,000", "1 000", "+-1", "-+1", "--1",
            "++1", "", " ", ".", "-", "+", "e5", ".e1", "1e", "1e+", "1e-", "1.2.3", "1..2",
            "12abc", "abc", "1d5", "1f", "0b101", "١٢", "１２", "$12", "12%", "(12)", "1e5.5",
            "1-2", "2024-01-05", "1/2", "infinit", "info", "in", "\"12\"",
        ] {
            XCTAssertEqual(NumberParser.parse(text), .notANumber, text.debugDescription)
            XCTAssertEqual(Self.parseInBuffer(text), .notANumber, text.debugDescription)
        }
    }

    func testInfinitiesAndOverflowsAreReportedAsInfinite() {
        XCTAssertEqual(Double("1e400"), .infinity, "what Swift does with an overflow")
        for text in [
            "inf", "-inf", "+INF", "Infinity", "-infinity", "1e400", "-1e400",
            "1.7976931348623159e308", "99999999999999999999e300", "1e99999999999999999",
        ] {
            XCTAssertEqual(NumberParser.parse(text), .infinite, text.debugDescription)
        }
    }

    func testDecimalCommaIsReadOnlyWhenAskedFor() {
        let comma = UInt8(ascii: ",")
        XCTAssertEqual(NumberParser.parse("1,5", decimalSeparator: comma), .number(1.5))
        XCTAssertEqual(NumberParser.parse("-0,25e1", decimalSeparator: comma), .number(-2.5))
        XCTAssertEqual(NumberParser.parse("1.5", decimalSeparator: comma), .notANumber)
        XCTAssertEqual(NumberParser.parse("1,5"), .notANumber)
    }

    /// Hard cases for correct rounding: halfway between two doubles, just above and below,
    /// the subnormal boundary, and long significands.
    func testKnownHardRoundingCasesMatchDoubleInit() {
        for text in [
            "9007199254740993", "9007199254740993.0000000001", "9007199254740992.9999999999",
            "2.2250738585072011e-308", "2.2250738585072012e-308", "2.4703282292062327e-324",
            "2.4703282292062328e-324", "7.038531e-26", "1.00000000000000011102230246251565404",
            "1.00000000000000011102230246251565405", "0.1", "0.2", "0.3", "123456.789e-3",
            "17976931348623157" + String(repeating: "0", count: 292),
            "17976931348623158" + String(repeating: "0", count: 292) + ".5",
        ] {
            assertNumber(text, Double(text)!)
        }
    }

    /// 200,000 random decimal strings (1-25 digits, a decimal point anywhere or nowhere,
    /// exponents -340...340, some with spaces and signs), each bit-identical to Swift's
    /// correctly rounded `Double(String)`.
    func testRandomDecimalStringsRoundLikeDoubleInit() {
        var generator = TestGenerator(state: 20_261_129)
        var checked = 0
        for _ in 0..<200_000 {
            let digitCount = 1 + generator.next(below: 25)
            var digits = ""
            for _ in 0..<digitCount { digits.append(Character(String(generator.next(below: 10)))) }
            var text = digits
            let pointPosition = generator.next(below: digitCount + 2)
            if pointPosition <= digitCount {
                let index = text.index(text.startIndex, offsetBy: pointPosition)
                text.insert(".", at: index)
            }
            if generator.next(below: 3) == 0 {
                let exponent = generator.next(below: 681) - 340
                text += (generator.next(below: 2) == 0 ? "e" : "E") + String(exponent)
            }
            if generator.next(below: 4) == 0 { text = "-" + text }
            guard let reference = Double(text), reference.isFinite else {
                XCTAssertEqual(NumberParser.parse(text), .infinite, text)
                XCTAssertEqual(Self.parseInBuffer(text), .infinite, text)
                continue
            }
            if generator.next(below: 10) == 0 {
                assertNumber(" " + text + "  ", reference)
            } else {
                assertNumber(text, reference)
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 150_000)
    }

    /// Random doubles printed with 17 significant digits and then nudged in the last digit:
    /// values within one unit in the last place of a double, where rounding is hardest.
    func testNumbersNearDoublesRoundLikeDoubleInit() {
        var generator = TestGenerator(state: 7)
        for _ in 0..<50_000 {
            let value = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF)
            var text = String(format: "%.16e", value)
            let exponentIndex = text.firstIndex(of: "e")!
            let lastDigitIndex = text.index(before: exponentIndex)
            let lastDigit = text[lastDigitIndex].wholeNumberValue!
            let nudged = (lastDigit + generator.next(below: 3) + 9) % 10
            text.replaceSubrange(lastDigitIndex...lastDigitIndex, with: String(nudged))
            text.insert(contentsOf: "5", at: exponentIndex)  // 18 digits: between neighbours
            guard let reference = Double(text), reference.isFinite else { continue }
            assertNumber(text, reference)
        }
    }
}
