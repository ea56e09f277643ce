import Foundation
import XCTest
import TabregData
import TabregLinear

final class LinearRegressionTests: XCTestCase {
    /// NIST StRD "Longley" (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml), the
    /// classic ill-conditioned regression, against its certified coefficients.
    func testOLSMatchesNISTCertifiedLongleyCoefficients() {
        let model = LinearRegression.fit(
            features: Reference.longleyFeatures, rows: 16, columns: 6,
            targets: Reference.longleyTargets)
        Reference.assertLongley(model)
    }

    /// The Boston file against the fixture's float64 least-squares fit (numpy `lstsq`).
    func testOLSOnBostonMatchesTheReferenceFitAndMSE() throws {
        let (features, targets) = try Reference.bostonDesign()
        let model = LinearRegression.fit(features: features, rows: 506, columns: 13, targets: targets)
        Reference.assertBoston(model)
        let metrics = RegressionMetrics(predictions: model.predict(features: features), targets: targets)
        XCTAssertEqual(metrics.mse, 21.894831181729, accuracy: 1e-6)
        XCTAssertEqual(metrics.r2, 0.7406, accuracy: 1e-4)
    }

    /// Collinear columns (x2 = 2 x1): the minimum-norm solution numpy's `lstsq` returns on the
    /// centred data, [0.13151079, 0.26302158, 0.94964029], intercept 0.17266187.
    func testCollinearColumnsGiveTheMinimumNormSolution() {
        let features = [1.0, 2, 0.5, 2, 4, 1.5, 3, 6, -0.5, 4, 8, 2.0, 5, 10, 1.0]
        let targets = [1.0, 3, 2, 5, 4]
        let model = LinearRegression.fit(features: features, rows: 5, columns: 3, targets: targets)
        XCTAssertEqual(model.rank, 2)
        for (value, expected) in zip(model.coefficients, [0.13151079, 0.26302158, 0.94964029]) {
            XCTAssertEqual(value, expected, accuracy: 1e-7)
        }
        XCTAssertEqual(model.intercept, 0.1726618705035965, accuracy: 1e-7)
    }

    /// Ridge against the closed form (X^T X + alpha I)^-1 X^T y on centred data, solved in numpy.
    func testRidgeMatchesTheClosedForm() {
        let features = [1.0, 0.5, 2, 1.5, 3, -0.5, 4, 2.0, 5, 1.0]
        let targets = [1.0, 3, 2, 5, 4]
        let model = LinearRegression.fit(features: features, rows: 5, columns: 2, targets: targets, ridgeAlpha: 1.5)
        XCTAssertEqual(model.coefficients[0], 0.60556038, accuracy: 1e-7)
        XCTAssertEqual(model.coefficients[1], 0.69070374, accuracy: 1e-7)
        XCTAssertEqual(model.intercept, 0.5616854908774975, accuracy: 1e-7)
    }

    func testMetricsMatchHandComputedValues() {
        // errors: 1, -2, 0, 1 -> MSE 6/4, MAE 1; targets mean 2.5, SS_tot 5.
        let metrics = RegressionMetrics(predictions: [2, 0, 3, 5], targets: [1, 2, 3, 4])
        XCTAssertEqual(metrics.mse, 1.5)
        XCTAssertEqual(metrics.rmse, 1.5.squareRoot())
        XCTAssertEqual(metrics.mae, 1)
        XCTAssertEqual(metrics.r2, 1 - 6.0 / 5.0, accuracy: 1e-15)
    }

    func testR2OfConstantTargetsFollowsScikitLearn() {
        XCTAssertEqual(RegressionMetrics(predictions: [2, 2], targets: [2, 2]).r2, 1)
        XCTAssertEqual(RegressionMetrics(predictions: [1, 2], targets: [2, 2]).r2, 0)
    }

    func testMeanPredictorPredictsTheTrainingMean() {
        XCTAssertEqual(MeanPredictor(targets: [1, 2, 6]).predict(rows: 2), [3, 3])
    }
}

/// The block-wise fit (``LinearRegression/fit(rows:columns:targets:ridgeAlpha:blocks:)``, the
/// path `tabreg train` takes so that a large feature matrix never exists whole) against the
/// same certified and reference values as the whole-matrix tests, with blocks that split the
/// rows unevenly.
final class BlockwiseLinearRegressionTests: XCTestCase {
    /// Fits with `features` handed over in blocks of `blockRows` rows.
    private func fitInBlocks(
        _ features: [Double], rows: Int, columns: Int, targets: [Double], blockRows: Int,
        ridgeAlpha: Double = 0
    ) -> LinearRegression {
        var calls = 0
        let model = LinearRegression.fit(
            rows: rows, columns: columns, targets: targets, ridgeAlpha: ridgeAlpha
        ) { body in
            features.withUnsafeBufferPointer { features in
                for start in stride(from: 0, to: rows, by: blockRows) {
                    let range = start..<min(start + blockRows, rows)
                    calls += 1
                    body(
                        range,
                        UnsafeBufferPointer(
                            rebasing: features[(range.lowerBound * columns)..<(range.upperBound
                                * columns)]))
                }
            }
        }
        XCTAssertEqual(calls, 2 * ((rows + blockRows - 1) / blockRows), "two passes")
        return model
    }

    func testLongleyInBlocksOfThreeRowsMatchesTheCertifiedCoefficients() {
        for blockRows in [1, 3, 5, 16] {
            let model = fitInBlocks(
                Reference.longleyFeatures, rows: 16, columns: 6,
                targets: Reference.longleyTargets, blockRows: blockRows)
            Reference.assertLongley(model, "blocks of \(blockRows)")
        }
    }

    func testBostonInBlocksOfSevenRowsMatchesTheReferenceFit() throws {
        let (features, targets) = try Reference.bostonDesign()
        let model = fitInBlocks(features, rows: 506, columns: 13, targets: targets, blockRows: 7)
        Reference.assertBoston(model)
    }

    /// Collinear columns split over blocks of two rows: still rank 2 and numpy's minimum-norm
    /// solution (the values of `testCollinearColumnsGiveTheMinimumNormSolution`).
    func testCollinearColumnsInBlocksGiveTheMinimumNormSolution() {
        let features = [1.0, 2, 0.5, 2, 4, 1.5, 3, 6, -0.5, 4, 8, 2.0, 5, 10, 1.0]
        let targets = [1.0, 3, 2, 5, 4]
        let model = fitInBlocks(features, rows: 5, columns: 3, targets: targets, blockRows: 2)
        XCTAssertEqual(model.rank, 2)
        for (value, expected) in zip(model.coefficients, [0.13151079, 0.26302158, 0.94964029]) {
            XCTAssertEqual(value, expected, accuracy: 1e-7)
        }
        XCTAssertEqual(model.intercept, 0.1726618705035965, accuracy: 1e-7)
    }

    /// Ridge in blocks of one row against the numpy closed form of `testRidgeMatchesTheClosedForm`.
    func testRidgeInBlocksMatchesTheClosedForm() {
        let features = [1.0, 0.5, 2, 1.5, 3, -0.5, 4, 2.0, 5, 1.0]
        let targets = [1.0, 3, 2, 5, 4]
        let model = fitInBlocks(
            features, rows: 5, columns: 2, targets: targets, blockRows: 1, ridgeAlpha: 1.5)
        XCTAssertEqual(model.coefficients[0], 0.60556038, accuracy: 1e-7)
        XCTAssertEqual(model.coefficients[1], 0.69070374, accuracy: 1e-7)
        XCTAssertEqual(model.intercept, 0.5616854908774975, accuracy: 1e-7)
    }

    /// Fewer rows than columns: the minimum-norm interpolant. Rows (1, 0, 0) -> 1 and
    /// (0, 1, 1) -> 2, centred: x = (±0.5, ∓0.5, ∓0.5), y = ∓0.5; the minimum-norm b solves
    /// 0.5 b1 - 0.5 b2 - 0.5 b3 = -0.5 with b in the row space: b = (-1, 1, 1) / 3 * 1.
    func testFewerRowsThanColumnsGiveTheMinimumNormInterpolant() {
        let model = fitInBlocks(
            [1, 0, 0, 0, 1, 1], rows: 2, columns: 3, targets: [1, 2], blockRows: 1)
        XCTAssertEqual(model.rank, 1)
        for (value, expected) in zip(model.coefficients, [-1.0 / 3, 1.0 / 3, 1.0 / 3]) {
            XCTAssertEqual(value, expected, accuracy: 1e-12)
        }
        XCTAssertEqual(model.intercept, 1.5 - (-1.0 / 3 * 0.5 + 1.0 / 3 * 0.5 + 1.0 / 3 * 0.5), accuracy: 1e-12)
    }
}

/// The reference data and fits both test classes check against.
private enum Reference {
    /// NIST StRD "Longley" (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml), the
    /// classic ill-conditioned regression: 16 rows of 6 predictors, row-major.
    static let longleyFeatures: [Double] = {
        let x1 = [83.0, 88.5, 88.2, 89.5, 96.2, 98.1, 99.0, 100.0, 101.2, 104.6, 108.4, 110.8, 112.6, 114.2, 115.7, 116.9]
        let x2 = [234289.0, 259426, 258054, 284599, 328975, 346999, 365385, 363112, 397469, 419180, 442769, 444546, 482704, 502601, 518173, 554894]
        let x3 = [2356.0, 2325, 3682, 3351, 2099, 1932, 1870, 3578, 2904, 2822, 2936, 4681, 3813, 3931, 4806, 4007]
        let x4 = [1590.0, 1456, 1616, 1650, 3099, 3594, 3547, 3350, 3048, 2857, 2798, 2637, 2552, 2514, 2572, 2827]
        let x5 = [107608.0, 108632, 109773, 110929, 112075, 113270, 115094, 116219, 117388, 118734, 120445, 121950, 123366, 125368, 127852, 130081]
        let x6 = (1947...1962).map(Double.init)
        return (0..<16).flatMap { [x1[$0], x2[$0], x3[$0], x4[$0], x5[$0], x6[$0]] }
    }()
    static let longleyTargets = [60323.0, 61122, 60171, 61187, 63221, 63639, 64989, 63761, 66019, 67857, 68169, 66513, 68655, 69564, 69331, 70551]

    /// The certified coefficients and intercept, to 1e-8 relative.
    static func assertLongley(
        _ model: LinearRegression, _ message: String = "", file: StaticString = #filePath,
        line: UInt = #line
    ) {
        let certified = [15.0618722713733, -0.358191792925910e-01, -2.02022980381683,
                         -1.03322686717359, -0.511041056535807e-01, 1829.15146461355]
        XCTAssertEqual(
            model.intercept, -3482258.63459582, accuracy: 1e-8 * 3482258.63459582, message,
            file: file, line: line)
        for (value, expected) in zip(model.coefficients, certified) {
            XCTAssertEqual(
                value, expected, accuracy: 1e-8 * abs(expected), message, file: file, line: line)
        }
        XCTAssertEqual(model.rank, 6, message, file: file, line: line)
    }

    /// The Boston file's 13 features (row-major) and its target.
    static func bostonDesign() throws -> (features: [Double], targets: [Double]) {
        let table = try CSVReader.read(data: Data(BostonHousing.csv.utf8), source: BostonHousing.source)
        var features: [Double] = []
        var targets: [Double] = []
        let columns = table.columns.map { column -> [Double] in
            guard case .numeric(let values) = column.values else { fatalError("Boston is numeric") }
            return values
        }
        for row in 0..<table.rowCount {
            for j in 0..<13 { features.append(columns[j][row]) }
            targets.append(columns[13][row])
        }
        return (features, targets)
    }

    /// The fixture's float64 least-squares fit (numpy `lstsq`), to 1e-6 relative.
    static func assertBoston(
        _ model: LinearRegression, file: StaticString = #filePath, line: UInt = #line
    ) {
        let expectedIntercept = 36.45948838509008
        let expected = [-0.10801135783679908, 0.046420458366878664, 0.020558626367074503, 2.6867338193448798,
                        -17.766611228300142, 3.809865206809213, 0.0006922246403430083, -1.4755668456002555,
                        0.30604947898517687, -0.012334593916574575, -0.9527472317072938, 0.009311683273794048,
                        -0.5247583778554868]
        XCTAssertEqual(
            model.intercept, expectedIntercept, accuracy: 1e-6 * expectedIntercept, file: file,
            line: line)
        for (value, reference) in zip(model.coefficients, expected) {
            XCTAssertEqual(value, reference, accuracy: 1e-6 * abs(reference), file: file, line: line)
        }
    }
}
