import TabregLinear
import XCTest

final class StudentTAndRidgeTests: XCTestCase {
    /// Two-sided 95% critical values from printed tables (e.g. NIST/SEMATECH e-Handbook,
    /// table 1.3.6.7.2), six significant digits.
    func testQuantilesMatchPrintedTTables() {
        let table: [(Double, Double)] = [
            (1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571), (9, 2.262),
            (10, 2.228), (19, 2.093), (30, 2.042), (100, 1.984),
        ]
        for (df, value) in table {
            XCTAssertEqual(
                StudentT.quantile(0.975, degreesOfFreedom: df), value, accuracy: 5e-4, "df \(df)")
        }
        // More digits where known exactly: df 1 is Cauchy, tan(pi * (p - 1/2)); df 2 has the
        // closed form (2p - 1) * sqrt(2 / (4p(1 - p))).
        XCTAssertEqual(
            StudentT.quantile(0.975, degreesOfFreedom: 1), tan(Double.pi * 0.475), accuracy: 1e-9)
        let p = 0.975
        XCTAssertEqual(
            StudentT.quantile(p, degreesOfFreedom: 2),
            (2 * p - 1) * (2 / (4 * p * (1 - p))).squareRoot(), accuracy: 1e-10)
        XCTAssertEqual(StudentT.quantile(0.95, degreesOfFreedom: 10), 1.812, accuracy: 5e-4)
        XCTAssertEqual(StudentT.quantile(0.025, degreesOfFreedom: 4), -2.776, accuracy: 5e-4)
        // Large df tends to the normal quantile 1.959964.
        XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: 1e7), 1.959964, accuracy: 1e-5)
    }

    func testDistributionIsSymmetricAndHalfAtZero() {
        XCTAssertEqual(StudentT.distribution(0, degreesOfFreedom: 4), 0.5, accuracy: 1e-15)
        XCTAssertEqual(
            StudentT.distribution(-1.3, degreesOfFreedom: 6)
                + StudentT.distribution(1.3, degreesOfFreedom: 6), 1, accuracy: 1e-14)
        // df 1: Cauchy, 1/2 + atan(t)/pi.
        XCTAssertEqual(
            StudentT.distribution(2, degreesOfFreedom: 1), 0.5 + atan(2) / Double.pi,
            accuracy: 1e-13)
    }

    /// Ridge with an unpenalized intercept against the normal equations solved by hand on
    /// centred data, `(Xc^T Xc + alpha I) b = Xc^T yc`, for two features.
    func testRidgeMatchesCentredNormalEquationsWithUnpenalizedIntercept() {
        let x: [[Double]] = [[1, 2], [2, 0.5], [3, 4], [4, 3], [5, 7], [6, 5.5]]
        let y: [Double] = [3, 2.5, 7, 6.5, 12, 10]
        let alpha = 2.5
        let n = Double(x.count)
        let mean0 = x.map { $0[0] }.reduce(0, +) / n
        let mean1 = x.map { $0[1] }.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var (a, b, c, r0, r1) = (alpha, 0.0, alpha, 0.0, 0.0)
        for (row, target) in zip(x, y) {
            let (u, v, t) = (row[0] - mean0, row[1] - mean1, target - meanY)
            a += u * u
            b += u * v
            c += v * v
            r0 += u * t
            r1 += v * t
        }
        let determinant = a * c - b * b
        let coefficient0 = (c * r0 - b * r1) / determinant
        let coefficient1 = (a * r1 - b * r0) / determinant
        let intercept = meanY - coefficient0 * mean0 - coefficient1 * mean1
        let fit = LinearRegression.fit(
            features: x.flatMap { $0 }, rows: 6, columns: 2, targets: y, ridgeAlpha: alpha)
        XCTAssertEqual(fit.coefficients[0], coefficient0, accuracy: 1e-12)
        XCTAssertEqual(fit.coefficients[1], coefficient1, accuracy: 1e-12)
        XCTAssertEqual(fit.intercept, intercept, accuracy: 1e-12)
    }
}
