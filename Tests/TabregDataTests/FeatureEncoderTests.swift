import Foundation
import XCTest

@testable import TabregData

final class FeatureEncoderTests: XCTestCase {
    private func table(_ text: String) throws -> Table {
        try CSVReader.read(data: Data(text.utf8), source: "small.csv")
    }

    private func rows(_ matrix: [Double], width: Int) -> [[Double]] {
        stride(from: 0, to: matrix.count, by: width).map { Array(matrix[$0..<($0 + width)]) }
    }

    func testNumericMissingValuesGetTheTrainingMedianAndAnIndicator() throws {
        let data = try table("x,y\n1,0\nNA,0\n3,0\n10,0\n,0\n")
        // Training rows 0-3: observed 1, 3, 10 -> median 3; row 4 is a held-out row.
        let encoder = try FeatureEncoder.fit(data, columns: ["x"], trainingRows: [0, 1, 2, 3])
        XCTAssertEqual(encoder.features, [.numeric(name: "x", median: 3, indicator: true)])
        XCTAssertEqual(encoder.encodedNames, ["x", "x (missing)"])
        var report = EncodingReport()
        let matrix = try encoder.encode(data, rows: [0, 1, 2, 3, 4], report: &report)
        XCTAssertEqual(rows(matrix, width: 2), [[1, 0], [3, 1], [3, 0], [10, 0], [3, 1]])
        XCTAssertEqual(report.imputedValues, ["x": 2])
    }

    func testEvenCountMedianIsTheMeanOfTheMiddleTwo() {
        XCTAssertEqual(FeatureEncoder.median([4, 1, 3, 2]), 2.5)
        XCTAssertEqual(FeatureEncoder.median([5]), 5)
    }

    /// As scikit-learn's MissingIndicator(features="missing-only"): no indicator for a column
    /// complete in training; a value missing later is still imputed.
    func testColumnCompleteInTrainingGetsNoIndicatorButIsImputedLater() throws {
        let data = try table("x,y\n2,0\n4,0\n9,0\nNA,0\n")
        let encoder = try FeatureEncoder.fit(data, columns: ["x"], trainingRows: [0, 1, 2])
        XCTAssertEqual(encoder.encodedNames, ["x"])
        var report = EncodingReport()
        XCTAssertEqual(try encoder.encode(data, rows: [3], report: &report), [4])
        XCTAssertEqual(report.imputedValues, ["x": 1])
    }

    func testLevelsAreSortedByCodePointAndMissingIsALevelOfItsOwnLast() throws {
        let data = try table(
            "color,y\nred,1\n Blue ,2\nNA,3\nÄpfel,4\nred,5\nblue,6\nred,7\nBlue,8\n")
        let encoder = try FeatureEncoder.fit(
            data, columns: ["color"], trainingRows: Array(0..<8), maximumLevelFraction: 0.9)
        XCTAssertEqual(
            encoder.encodedNames,
            ["color=Blue", "color=blue", "color=red", "color=Äpfel", "color=(missing)"])
        let matrix = try encoder.encode(data, rows: [0, 1, 2, 3])
        XCTAssertEqual(
            rows(matrix, width: 5),
            [[0, 0, 1, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 1], [0, 0, 0, 1, 0]])
    }

    func testLevelSeenOnlyInHeldOutRowsEncodesAsZerosAndIsCounted() throws {
        let data = try table("size,y\nS,1\nM,2\nS,3\nM,4\nXL,5\nNA,6\n")
        let encoder = try FeatureEncoder.fit(data, columns: ["size"], trainingRows: [0, 1, 2, 3])
        XCTAssertEqual(encoder.encodedNames, ["size=M", "size=S"])
        var report = EncodingReport()
        let matrix = try encoder.encode(data, rows: [4, 5, 0], report: &report)
        XCTAssertEqual(rows(matrix, width: 2), [[0, 0], [0, 0], [0, 1]])
        XCTAssertEqual(report.unseenLevels, ["size": 2])
        XCTAssertEqual(
            report.unseenLevelWarnings(rowsName: "test"),
            ["2 test rows have a level of \"size\" not seen in training (encoded as all zeros)."])
    }

    func testTextColumnWithMoreLevelsThanHalfTheRowsIsRefusedWithDrop() throws {
        let data = try table("name,y\nAudi A4,1\nBMW 320,2\nFiat Uno,3\nAudi A4,4\n")
        XCTAssertThrowsError(try FeatureEncoder.fit(data, columns: ["name"], trainingRows: [0, 1]))
        { error in
            let dataError = error as? DataError
            XCTAssertEqual(dataError?.line, 2)
            XCTAssertEqual(dataError?.columnNumber, 1)
            XCTAssertEqual(dataError?.value, "Audi A4")
            XCTAssertTrue("\(error)".contains("--drop name"), "\(error)")
            XCTAssertTrue("\(error)".contains("3 distinct values in 4 rows"), "\(error)")
        }
    }

    func testNumberColumnWithOneStrayTextPointsAtTheStrayValue() throws {
        var text = "km,y\n"
        for row in 0..<20 { text += "\(row * 7),\(row)\n" }
        text += "#VALUE!,20\n"
        let data = try table(text)
        XCTAssertThrowsError(
            try FeatureEncoder.fit(data, columns: ["km"], trainingRows: Array(0..<21))
        ) { error in
            XCTAssertEqual((error as? DataError)?.line, 22)
            XCTAssertEqual((error as? DataError)?.value, "#VALUE!")
            XCTAssertTrue("\(error)".contains("20 of the column's 21 values are"), "\(error)")
        }
    }

    func testCategoricalNumbersEncodeTheSameFromNumericColumnsLater() throws {
        let training = try table("rooms,y\n3,1\n4,2\n3,3\n4.5,4\n").treatingAsCategorical(["rooms"])
        let encoder = try FeatureEncoder.fit(
            training, columns: ["rooms"], trainingRows: [0, 1, 2, 3], maximumLevelFraction: 1)
        XCTAssertEqual(encoder.encodedNames, ["rooms=3", "rooms=4", "rooms=4.5"])
        let later = try table("rooms,y\n4,0\n4.5,0\n")
        XCTAssertEqual(try encoder.encode(later, rows: [0, 1]), [0, 1, 0, 0, 0, 1])
    }

    func testEncoderSurvivesAJSONRoundTrip() throws {
        let encoder = FeatureEncoder(features: [
            .numeric(name: "x", median: 2.5, indicator: true),
            .categorical(name: "c", levels: ["a", "b"], missingLevel: true),
        ])
        let decoded = try JSONDecoder().decode(
            FeatureEncoder.self, from: JSONEncoder().encode(encoder))
        XCTAssertEqual(decoded, encoder)
    }

    // MARK: - Schema decisions

    func testIndexColumnIsRecognizedOnlyWithAnIndexNameAndUniqueIntegers() throws {
        XCTAssertEqual(try table("ID,x\n1,5\n2,6\n3,7\n").indexColumn(), 0)
        XCTAssertEqual(try table(",x\n0,5\n1,6\n2,7\n").indexColumn(), 0)
        XCTAssertEqual(try table("customer_id,x\n10,5\n7,6\n3,7\n").indexColumn(), 0)
        XCTAssertEqual(try table("Index,x\n1,5\n2,6\n").indexColumn(), 0)
        XCTAssertNil(try table("ID,x\n1,5\n1,6\n3,7\n").indexColumn(), "duplicates")
        XCTAssertNil(try table("ID,x\n1,5\n2.5,6\n3,7\n").indexColumn(), "not integers")
        XCTAssertNil(try table("ID,x\n1,5\nNA,6\n3,7\n").indexColumn(), "missing")
        XCTAssertNil(try table("rooms,x\n1,5\n2,6\n3,7\n").indexColumn(), "not an index name")
        XCTAssertNil(try table("paid,x\n1,5\n2,6\n3,7\n").indexColumn(), "ends in id, not _id")
        XCTAssertNil(try table("ID,x\n1,5\n2,6\n").indexColumn(excluding: "ID"), "the target")
        XCTAssertNil(try table("x,ID\n1,5\n2,6\n").indexColumn(), "not the first column")
    }

    func testCategoryTextWritesIntegersWithoutAPoint() {
        XCTAssertEqual(Table.categoryText(3), "3")
        XCTAssertEqual(Table.categoryText(-12), "-12")
        XCTAssertEqual(Table.categoryText(2.5), "2.5")
        XCTAssertNil(Table.categoryText(.nan))
    }

    func testSchemaSummarizesTypesMissingLevelsAndRanges() throws {
        let data = try table("id,grade,price\n1, good ,12.5\n2,bad,NA\n3,good,14\n4,,9.5\n")
        let schema = TableSchema(data, roles: [0: "index"])
        XCTAssertEqual(schema.rows, 4)
        let grade = schema.columns[1]
        XCTAssertEqual(grade.type, "categorical")
        XCTAssertEqual(grade.missing, 1)
        XCTAssertEqual(grade.levels, ["good", "bad"])
        XCTAssertEqual(grade.levelCounts, [2, 1])
        let price = schema.columns[2]
        XCTAssertEqual(price.missing, 1)
        XCTAssertEqual(price.minimum, 9.5)
        XCTAssertEqual(price.maximum, 14)
        XCTAssertEqual(try XCTUnwrap(price.mean), 12, accuracy: 1e-12)
        XCTAssertEqual(price.integer, false)
        XCTAssertEqual(schema.columns[0].role, "index")
    }
}
