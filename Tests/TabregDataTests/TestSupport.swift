import XCTest

@testable import TabregData

/// Asserts that two readings of a file gave the same document: numbers bit for bit, texts,
/// types, counts, first values, flags and lines.
func assertSameDocument(
    _ first: CSVDocument, _ second: CSVDocument, file: StaticString = #filePath,
    line: UInt = #line
) {
    XCTAssertEqual(first.rowLines, second.rowLines, "row lines", file: file, line: line)
    XCTAssertEqual(first.delimiter, second.delimiter, "delimiter", file: file, line: line)
    XCTAssertEqual(first.headerLine, second.headerLine, "header line", file: file, line: line)
    XCTAssertEqual(first.columns.count, second.columns.count, file: file, line: line)
    for (a, b) in zip(first.columns, second.columns) {
        XCTAssertEqual(a.name, b.name, file: file, line: line)
        switch (a.values, b.values) {
        case (.numeric(let x), .numeric(let y)):
            XCTAssertEqual(x.map(\.bitPattern), y.map(\.bitPattern), a.name, file: file, line: line)
        case (.text(let x), .text(let y)):
            XCTAssertEqual(x, y, a.name, file: file, line: line)
        default:
            XCTFail("column \(a.name): types differ", file: file, line: line)
        }
        XCTAssertEqual(a.missingCount, b.missingCount, a.name, file: file, line: line)
        XCTAssertEqual(a.numberCount, b.numberCount, a.name, file: file, line: line)
        XCTAssertEqual(a.firstText, b.firstText, a.name, file: file, line: line)
        XCTAssertEqual(a.usesDecimalComma, b.usesDecimalComma, a.name, file: file, line: line)
        XCTAssertEqual(a.hasEmptyHeader, b.hasEmptyHeader, a.name, file: file, line: line)
    }
}

/// A small seeded generator for test data (SplitMix64's constants).
struct TestGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
