import Foundation
import XCTest

@testable import TabregData

/// The csv-spectrum conformance suite (Fixtures/csv-spectrum, BSD-2-Clause, see its
/// LICENSE-CREDIT.md): each `csvs/NAME.csv` must read as `json/NAME.json`, an array of objects
/// keyed by the header whose values are the fields' exact strings.
final class CSVSpectrumTests: XCTestCase {
    private func fixture(_ path: String) throws -> Data {
        let url = try XCTUnwrap(
            Bundle.module.url(forResource: "Fixtures/csv-spectrum/" + path, withExtension: nil),
            "missing fixture \(path)")
        return try Data(contentsOf: url)
    }

    /// Rows as dictionaries keyed by the header, as the suite's JSON spells them.
    private func rowsAsObjects(_ csv: Data, name: String) throws -> [[String: String]] {
        let records = try CSVParser.records(csv, source: name)
        let header = try XCTUnwrap(records.first, "\(name) has no header")
        return records.dropFirst().map { record in
            XCTAssertEqual(record.count, header.count, "\(name): ragged record \(record)")
            return Dictionary(uniqueKeysWithValues: zip(header, record))
        }
    }

    func testEveryCaseOfTheSuiteReadsAsItsJSON() throws {
        let cases = [
            "comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines",
            "newlines_crlf", "quotes_and_newlines", "simple", "simple_crlf", "utf8",
        ]
        for name in cases {
            let csv = try fixture("csvs/\(name).csv")
            let expected = try XCTUnwrap(
                JSONSerialization.jsonObject(with: fixture("json/\(name).json"))
                    as? [[String: String]],
                "json/\(name).json is not an array of string objects")
            XCTAssertEqual(try rowsAsObjects(csv, name: name), expected, name)
        }
    }

    /// Upstream's `location_coordinates.json` is a single object instead of an array, and its
    /// phone number (1234567890) is not the one in the CSV (2095257564). Checked: one data
    /// row; the three fields the JSON gets right, including the U+FFFD characters (bytes
    /// EF BF BD) and the unescaped `"` inside an unquoted field; the phone number against the
    /// CSV's own bytes.
    func testLocationCoordinatesMatchesTheFieldsItsJSONGetsRight() throws {
        let csv = try fixture("csvs/location_coordinates.csv")
        let expected = try XCTUnwrap(
            JSONSerialization.jsonObject(with: fixture("json/location_coordinates.json"))
                as? [String: String])
        let rows = try rowsAsObjects(csv, name: "location_coordinates")
        XCTAssertEqual(rows.count, 1)
        let row = try XCTUnwrap(rows.first)
        XCTAssertEqual(Set(row.keys), Set(expected.keys))
        for key in ["Location Coordinates", "Cities", "Counties"] {
            XCTAssertEqual(row[key], expected[key], key)
        }
        XCTAssertEqual(expected["Contact Phone Number"], "1234567890", "upstream defect changed")
        XCTAssertEqual(row["Contact Phone Number"], "2095257564")
    }

    func testDelimiterDetectionPicksCommaForEveryCase() throws {
        for name in ["comma_in_quotes", "json", "newlines", "utf8", "location_coordinates"] {
            let document = try CSVParser.parse(try fixture("csvs/\(name).csv"), source: name)
            XCTAssertEqual(document.delimiter, UInt8(ascii: ","), name)
        }
    }

    // MARK: - Unmerged upstream proposals

    func testBareCarriageReturnLineEndsReadAsTheirJSON() throws {
        let expected = try XCTUnwrap(
            JSONSerialization.jsonObject(with: fixture("unmerged-pr-cases/newlines_cr.json"))
                as? [[String: String]])
        let rows = try rowsAsObjects(
            try fixture("unmerged-pr-cases/newlines_cr.csv"), name: "newlines_cr")
        XCTAssertEqual(rows, expected)
    }

    /// The proposal decodes the byte 0xA9 as Latin-1 "©"; tabreg reads UTF-8 only and must
    /// refuse the file, naming the byte offset (0-based: `a,b,c\n1,2,3\n4,5,` is 16 bytes).
    func testLatin1ByteIsRefusedWithItsByteOffset() throws {
        let csv = try fixture("unmerged-pr-cases/latin1.csv")
        XCTAssertThrowsError(try CSVParser.parse(csv, source: "latin1.csv")) { error in
            let csvError = error as? DataError
            XCTAssertEqual(csvError?.byteOffset, 16)
            XCTAssertEqual(csvError?.line, 3)
            XCTAssertEqual(csvError?.columnNumber, 3)
            XCTAssertEqual(csvError?.columnName, "c")
            XCTAssertTrue("\(error)".contains("UTF-8"), "\(error)")
        }
    }

    /// The proposal reads unquoted NULL as "" but quoted "NULL" as text. tabreg follows pandas
    /// instead (quoting does not change a missing-value token, see MissingValues): the raw
    /// fields are the text `NULL` both times, and the typed column is missing in all 3 rows.
    func testNullTokensAreMissingWhetherQuotedOrNot() throws {
        let csv = try fixture("unmerged-pr-cases/null.csv")
        let records = try CSVParser.records(csv, source: "null.csv")
        XCTAssertEqual(records.map { $0[1] }, ["b", "", "NULL", "NULL"])
        let document = try CSVParser.parse(csv, source: "null.csv")
        XCTAssertEqual(document.columns[1].missingCount, 3)
        guard case .numeric(let values) = document.columns[1].values else {
            return XCTFail("column b should stay numeric (all missing)")
        }
        XCTAssertTrue(values.allSatisfy(\.isNaN))
        XCTAssertEqual(document.columns[0].values, .numeric([1, 3, 5]))
        XCTAssertEqual(document.columns[2].values, .numeric([2, 4, 6]))
    }

    // `newlines_as_ctrl_chars` (0x01 between fields, 0x02 between records, a `#` comment line)
    // is a private feed format, not a CSV dialect tabreg offers, so it is not tested.
}
