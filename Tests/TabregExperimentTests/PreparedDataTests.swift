import Foundation
import TabregData
import TabregExperiment
import TabregNumerics
import XCTest

/// Categorical, missing-value and index-column handling on small files, through the same
/// preparation `tabreg train` uses.
final class PreparedDataTests: XCTestCase {
    private func prepare(
        _ text: String, target: String, configure: (inout TrainSettings) -> Void = { _ in }
    ) throws -> PreparedData {
        var settings = TrainSettings()
        settings.dataFile = "small.csv"
        settings.target = target
        settings.batchSize = 4
        configure(&settings)
        let table = try CSVReader.read(data: Data(text.utf8), source: "small.csv")
        var generator = SplitMix64(seed: settings.seed)
        return try PreparedData.prepare(table, settings: settings, using: &generator)
    }

    /// 12 rows of a small credit table: ID index, padded text categories, blanks.
    private let credit = """
        ID,limit, sex ,education,age,bill
        1,20000, female ,university,24,3913
        2,120000,female, graduate ,26,2682
        3,90000, male,university,34,29239
        4,50000,female,high school,37,46990
        5,50000,male ,university,,8617
        6,50000,male,graduate,37,64400
        7,500000,male,graduate,29,367965
        8,100000,female,NA,23,11876
        9,140000,female,high school,28,11285
        10,20000,male,high school,35,0
        11,200000,female,high school,34,11073
        12,260000,female,graduate,51,12261

        """

    func testIndexColumnIsLeftOutAndCategoriesAreTrimmedAndOneHot() throws {
        let data = try prepare(credit, target: "bill") { $0.testFraction = 0 }
        XCTAssertEqual(
            data.featureNames,
            [
                "limit", "sex=female", "sex=male", "education=graduate",
                "education=high school", "education=university", "education=(missing)", "age",
                "age (missing)",
            ])
        XCTAssertTrue(data.notices.contains { $0.contains("Column 1 (\"ID\")") }, "\(data.notices)")
        XCTAssertEqual(
            data.schema.columns.map(\.role),
            [
                "index", "feature", "feature", "feature", "feature", "target",
            ])
        // age: observed 24 26 34 37 37 29 23 28 35 34 51 -> sorted middle (11 values) = 34.
        let ageColumn = 7
        let width = data.featureCount
        XCTAssertEqual(data.encoder.features[3], .numeric(name: "age", median: 34, indicator: true))
        // Standardized features: recover row 5 (0-based 4) from the scaler is not needed; check
        // the unscaled encoding instead.
        let raw = try data.encoder.encode(data.table, rows: [4, 7])
        XCTAssertEqual(raw[ageColumn], 34)
        XCTAssertEqual(raw[ageColumn + 1], 1)
        XCTAssertEqual(Array(raw[width..<(2 * width)]), [100000, 1, 0, 0, 0, 0, 1, 23, 0])
    }

    func testIndexColumnNamedInFeaturesIsUsed() throws {
        let data = try prepare(credit, target: "bill") {
            $0.testFraction = 0
            $0.features = ["ID", "age"]
        }
        XCTAssertEqual(data.featureNames, ["ID", "age", "age (missing)"])
    }

    func testRowsWithAMissingTargetAreDroppedWithACount() throws {
        let text = "x,y\n1,2\n2,NA\n3,\n4,8\n5,9\n6,11\n7,15\n8,16\n"
        let data = try prepare(text, target: "y") { $0.testFraction = 0 }
        XCTAssertEqual(data.trainingTargets, [2, 8, 9, 11, 15, 16])
        XCTAssertTrue(data.notices.contains("Dropped 2 rows with a missing target (y)."))
        XCTAssertEqual(data.fileRows, 8)
    }

    func testMissingErrorRefusesTheFirstMissingValueWithItsLine() throws {
        let text = "x,c,y\n1,a,2\n2,b,3\n3,,4\n4,a,NA\n5,b,6\n"
        XCTAssertThrowsError(try prepare(text, target: "y") { $0.missing = .error }) { error in
            let dataError = error as? DataError
            XCTAssertEqual(dataError?.line, 4)
            XCTAssertEqual(dataError?.columnNumber, 2)
            XCTAssertEqual(dataError?.columnName, "c")
        }
    }

    /// A level that appears only in a test row: encoded as zeros there, with a counted warning.
    func testLevelOnlyInTheTestRowsIsZerosWithAWarning() throws {
        let rowCount = 12
        var generator = SplitMix64(seed: 5)
        let split = TrainTestSplit(rowCount: rowCount, testFraction: 0.25, using: &generator)
        let testRow = split.testRows[0]
        var text = "x,color,y\n"
        for row in 0..<rowCount {
            let color = row == testRow ? "violet" : (row % 2 == 0 ? "red" : "blue")
            text += "\(row),\(color),\(row * 3 + (row % 2))\n"
        }
        let data = try prepare(text, target: "y") {
            $0.seed = 5
            $0.testFraction = 0.25
        }
        XCTAssertEqual(data.split, split)
        XCTAssertEqual(data.featureNames, ["x", "color=blue", "color=red"])
        XCTAssertTrue(
            data.notices.contains(
                "1 test row has a level of \"color\" not seen in training (encoded as all zeros)."),
            "\(data.notices)")
        let raw = try data.encoder.encode(data.table, rows: [testRow])
        XCTAssertEqual(raw, [Double(testRow), 0, 0])
    }

    func testCategoricalOptionOneHotEncodesAnIntegerColumn() throws {
        let text = "rooms,y\n1,10\n2,20\n3,30\n1,11\n2,21\n3,31\n1,12\n2,22\n"
        let plain = try prepare(text, target: "y") { $0.testFraction = 0 }
        XCTAssertEqual(plain.featureNames, ["rooms"], "few distinct integers stay numeric")
        let data = try prepare(text, target: "y") {
            $0.testFraction = 0
            $0.categorical = ["ROOMS"]
        }
        XCTAssertEqual(data.featureNames, ["rooms=1", "rooms=2", "rooms=3"])
    }

    func testFewerTrainingRowsThanABatchIsAnErrorSuggestingABatchSize() throws {
        let text = "x,y\n1,2\n2,3\n3,5\n4,4\n5,7\n"
        XCTAssertThrowsError(try prepare(text, target: "y") { $0.batchSize = 50 }) { error in
            XCTAssertTrue("\(error)".contains("--batch-size 4"), "\(error)")
            XCTAssertEqual((error as? DataError)?.line, 6)
        }
    }

    /// The float32 inputs (built block by block, no float64 matrix) are the hand-encoded,
    /// standardized training features rounded to float32: a table of 9000 rows spans several
    /// 4096-row blocks, with an imputed numeric column (and its indicator) and a one-hot one.
    func testFloatInputsAreTheStandardizedEncodedFeaturesRoundedOnce() throws {
        var text = "x,color,z,y\n"
        for row in 0..<9000 {
            let x = row % 17 == 0 ? "NA" : String(Double(row % 101) / 7)
            text += "\(x),\(["red", "green", "blue"][row % 3]),\(row % 5),\(row % 11)\n"
        }
        let data = try prepare(text, target: "y") {
            $0.testFraction = 0.25
            $0.scale = .standard
        }
        XCTAssertEqual(
            data.featureNames,
            ["x", "x (missing)", "color=blue", "color=green", "color=red", "z"])
        // Hand encoding of the training rows, in float64, then population mean and standard
        // deviation per column.
        let rows = data.split.trainingRows
        let xs = (0..<9000).map { $0 % 17 == 0 ? Double.nan : Double($0 % 101) / 7 }
        let observed = rows.map { xs[$0] }.filter { !$0.isNaN }.sorted()
        let median =
            observed.count % 2 == 1
            ? observed[observed.count / 2]
            : (observed[observed.count / 2 - 1] + observed[observed.count / 2]) / 2
        let encoded: [[Double]] = rows.map { row in
            [
                xs[row].isNaN ? median : xs[row], xs[row].isNaN ? 1 : 0,
                row % 3 == 2 ? 1 : 0, row % 3 == 1 ? 1 : 0, row % 3 == 0 ? 1 : 0,
                Double(row % 5),
            ]
        }
        let count = Double(rows.count)
        let inputs = data.inputs(rows: rows)
        XCTAssertEqual(inputs.rows, rows.count)
        for j in 0..<6 {
            var mean = 0.0
            for values in encoded { mean += values[j] }
            mean /= count
            var variance = 0.0
            for values in encoded { variance += (values[j] - mean) * (values[j] - mean) }
            let deviation = (variance / count).squareRoot()
            for (position, values) in encoded.enumerated() {
                let expected = Float((values[j] - mean) / deviation)
                XCTAssertEqual(
                    inputs.storage[position * 6 + j], expected, accuracy: max(abs(expected), 1) * 1e-6,
                    "row \(position), column \(j)")
            }
        }
        // The float64 features are the same values before rounding, block boundaries or not.
        let features = data.trainingFeatures
        XCTAssertEqual(features.map { Float($0) }, inputs.storage)
        XCTAssertEqual(data.testFeatures.count, data.split.testRows.count * 6)
    }
}
