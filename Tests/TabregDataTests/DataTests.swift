import Foundation
import XCTest
import TabregData
import TabregNumerics

final class DataTests: XCTestCase {
    func read(_ text: String) throws -> Table {
        try CSVReader.read(data: Data(text.utf8), source: "test.csv")
    }

    func testEmbeddedBostonHasTheDocumentedShape() throws {
        let table = try CSVReader.read(data: Data(BostonHousing.csv.utf8), source: BostonHousing.source)
        XCTAssertEqual(table.rowCount, 506)
        XCTAssertEqual(table.columnNames, ["crim", "zn", "indus", "chas", "nox", "rm", "age", "dis", "rad", "tax", "ptratio", "black", "lstat", "medv"])
        guard case .numeric(let medv) = table.columns[13].values else { return XCTFail("medv must be numeric") }
        // Sum of medv over the file, computed independently with Python's csv module.
        XCTAssertEqual(medv.reduce(0, +), 11401.6, accuracy: 1e-9)
        XCTAssertEqual(medv.last, 11.9)
    }

    func testQuotedFieldsCRLFAndBOMAreRead() throws {
        let table = try read("\u{FEFF}a,\"b, quoted\"\r\n1,\"2\"\r\n\"3\",\"4\"\"x\"\r\n")
        XCTAssertEqual(table.columnNames, ["a", "b, quoted"])
        XCTAssertEqual(table.columns[0].values, .numeric([1, 3]))
        XCTAssertEqual(table.columns[1].values, .categorical(["2", "4\"x"]))
        XCTAssertEqual(table.lineNumbers, [2, 3])
    }

    func testMissingValuesAreNaNInNumericColumns() throws {
        let table = try read("x,y\n1,NA\n2,\n3,5\n")
        guard case .numeric(let y) = table.columns[1].values else { return XCTFail() }
        XCTAssertTrue(y[0].isNaN && y[1].isNaN)
        XCTAssertEqual(y[2], 5)
    }

    func testUnknownColumnSuggestsTheClosestName() throws {
        let table = try read("price,rooms\n1,2\n")
        XCTAssertEqual(try table.columnIndex(named: "ROOMS"), 1)
        XCTAssertThrowsError(try table.columnIndex(named: "prise", role: "target column")) { error in
            XCTAssertEqual("\(error)", "test.csv, line 1: has no target column named \"prise\"; did you mean \"price\"?")
        }
    }

    func testRaggedRowNamesItsLine() {
        XCTAssertThrowsError(try read("a,b\n1,2\n3\n")) { error in
            XCTAssertEqual((error as? DataError)?.line, 3)
        }
    }

    func testSplitIsDisjointCoversEveryRowAndRoundsTheTestCountUp() {
        var generator = SplitMix64(seed: 1)
        let split = TrainTestSplit(rowCount: 506, testFraction: 0.2, using: &generator)
        XCTAssertEqual(split.testRows.count, 102)
        XCTAssertEqual(Set(split.testRows).intersection(split.trainingRows), [])
        XCTAssertEqual((split.testRows + split.trainingRows).sorted(), Array(0..<506))
        var noSplit = SplitMix64(seed: 1)
        XCTAssertEqual(TrainTestSplit(rowCount: 5, testFraction: 0, using: &noSplit).trainingRows, [0, 1, 2, 3, 4])
        XCTAssertEqual(noSplit, SplitMix64(seed: 1), "no test split draws nothing")
    }

    func testStandardScalerUsesPopulationStatisticsOfTheFittedRows() {
        // Column 0: 1, 2, 3 -> mean 2, population sd sqrt(2/3). Column 1 constant -> scale 1.
        let scaler = FeatureScaler.fit(.standard, matrix: [1, 5, 2, 5, 3, 5], columns: 2)
        XCTAssertEqual(scaler.offsets, [2, 5])
        XCTAssertEqual(scaler.scales[0], (2.0 / 3).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(scaler.scales[1], 1)
        var other = [4.0, 7]
        scaler.transform(&other)
        XCTAssertEqual(other[0], 2 / (2.0 / 3).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(other[1], 2)
    }

    func testMinMaxScalerMapsTheTrainingRangeToTheUnitInterval() {
        let scaler = FeatureScaler.fit(.minmax, matrix: [2, 4, 10], columns: 1)
        var values = [2.0, 10, 6, 14]
        scaler.transform(&values)
        XCTAssertEqual(values, [0, 1, 0.5, 1.5])
    }

    func testDataErrorEscapesControlCharacters() {
        let error = DataError(file: "f.csv", line: 3, columnNumber: 2, columnName: "x", value: "a\tb\u{1}", problem: "is not a number")
        XCTAssertEqual("\(error)", "f.csv, line 3, column 2 (\"x\"): value \"a\\tb\\u{1}\" is not a number.")
    }
}
