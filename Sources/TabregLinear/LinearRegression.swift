/// A linear model with an intercept, `prediction = intercept + sum_j coefficients[j] * x[j]`,
/// fitted in float64 by ordinary least squares or ridge regression.
///
/// Fitting centres the features and the target first, so the intercept is never penalized
/// (as scikit-learn's `LinearRegression` and `Ridge(fit_intercept=True)`), then solves with
/// ``LeastSquares/solve(_:rows:columns:_:tolerance:)`` (QR with pivoting; minimum-norm solution
/// when the features are collinear). Ridge solves the augmented problem
/// `[X; sqrt(alpha) I] b = [y; 0]`, again without normal equations.
public struct LinearRegression: Sendable, Equatable, Codable {
    /// The constant term.
    public var intercept: Double
    /// One coefficient per feature, in feature order.
    public var coefficients: [Double]
    /// The L2 penalty used to fit (0 for ordinary least squares).
    public var ridgeAlpha: Double
    /// The numerical rank of the centred feature matrix (lower than the feature count when
    /// columns are collinear).
    public var rank: Int

    public init(intercept: Double, coefficients: [Double], ridgeAlpha: Double = 0, rank: Int) {
        self.intercept = intercept
        self.coefficients = coefficients
        self.ridgeAlpha = ridgeAlpha
        self.rank = rank
    }

    /// Fits `targets ~ features` where `features` is `[rows, columns]` row-major.
    ///
    /// - Parameter ridgeAlpha: the L2 penalty on the coefficients; default 0 (ordinary least
    ///   squares).
    public static func fit(
        features: [Double], rows: Int, columns: Int, targets: [Double], ridgeAlpha: Double = 0
    ) -> LinearRegression {
        precondition(features.count == rows * columns,
            "LinearRegression.fit: \(features.count) values for \(rows)x\(columns)")
        precondition(targets.count == rows, "LinearRegression.fit: \(targets.count) targets for \(rows) rows")
        precondition(rows > 0, "LinearRegression.fit: no rows")
        precondition(ridgeAlpha >= 0 && ridgeAlpha.isFinite, "invalid ridge alpha: \(ridgeAlpha) (expected >= 0)")
        var means = [Double](repeating: 0, count: columns)
        for i in 0..<rows {
            for j in 0..<columns { means[j] += features[i * columns + j] }
        }
        for j in 0..<columns { means[j] /= Double(rows) }
        let targetMean = targets.reduce(0, +) / Double(rows)
        let extraRows = ridgeAlpha > 0 ? columns : 0
        var centred = [Double](repeating: 0, count: (rows + extraRows) * columns)
        var centredTargets = [Double](repeating: 0, count: rows + extraRows)
        for i in 0..<rows {
            for j in 0..<columns { centred[i * columns + j] = features[i * columns + j] - means[j] }
            centredTargets[i] = targets[i] - targetMean
        }
        if ridgeAlpha > 0 {
            let root = ridgeAlpha.squareRoot()
            for j in 0..<columns { centred[(rows + j) * columns + j] = root }
        }
        let (coefficients, rank) = LeastSquares.solve(
            centred, rows: rows + extraRows, columns: columns, centredTargets)
        var intercept = targetMean
        for j in 0..<columns { intercept -= coefficients[j] * means[j] }
        return LinearRegression(
            intercept: intercept, coefficients: coefficients, ridgeAlpha: ridgeAlpha, rank: rank)
    }

    /// Predictions for `features` `[rows, coefficients.count]` row-major.
    public func predict(features: [Double]) -> [Double] {
        let columns = coefficients.count
        precondition(columns == 0 ? features.isEmpty : features.count % columns == 0,
            "LinearRegression.predict: \(features.count) values for \(columns) columns")
        let rows = columns == 0 ? 0 : features.count / columns
        return (0..<rows).map { i in
            var sum = intercept
            for j in 0..<columns { sum += coefficients[j] * features[i * columns + j] }
            return sum
        }
    }
}
