/// A linear model with an intercept, `prediction = intercept + sum_j coefficients[j] * x[j]`,
/// fitted in float64 by ordinary least squares or ridge regression.
///
/// Fitting centres the features and the target first, so the intercept is never penalized
/// (as scikit-learn's `LinearRegression` and `Ridge(fit_intercept=True)`), then solves with
/// ``IncrementalQR`` (Householder QR block by block of rows, then QR with pivoting of the small
/// triangular factor; minimum-norm solution when the features are collinear). Ridge solves the augmented problem
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
        return features.withUnsafeBufferPointer { features in
            fit(rows: rows, columns: columns, targets: targets, ridgeAlpha: ridgeAlpha) { body in
                body(0..<rows, features)
            }
        }
    }

    /// Fits `targets ~ features` where the `[rows, columns]` feature matrix is given in blocks
    /// of whole rows, so that it need not exist as a whole: `blocks` calls its argument with
    /// each block's rows (a range of row indices, consecutive and in order from row 0) and
    /// values (`[range.count, columns]` row-major). It is called twice (means, then the
    /// factorization). Memory: one block and a `columns x columns` factor
    /// (see ``IncrementalQR``).
    ///
    /// - Parameter ridgeAlpha: the L2 penalty on the coefficients; default 0 (ordinary least
    ///   squares).
    public static func fit(
        rows: Int, columns: Int, targets: [Double], ridgeAlpha: Double = 0,
        blocks: ((Range<Int>, UnsafeBufferPointer<Double>) -> Void) -> Void
    ) -> LinearRegression {
        precondition(targets.count == rows, "LinearRegression.fit: \(targets.count) targets for \(rows) rows")
        precondition(rows > 0, "LinearRegression.fit: no rows")
        precondition(ridgeAlpha >= 0 && ridgeAlpha.isFinite, "invalid ridge alpha: \(ridgeAlpha) (expected >= 0)")
        var means = [Double](repeating: 0, count: columns)
        var seen = 0
        blocks { range, block in
            precondition(
                range.lowerBound == seen && block.count == range.count * columns,
                "LinearRegression.fit: blocks must be consecutive whole rows")
            var index = 0
            while index < block.count {
                for j in 0..<columns { means[j] += block[index + j] }
                index += columns
            }
            seen = range.upperBound
        }
        precondition(seen == rows, "LinearRegression.fit: blocks gave \(seen) of \(rows) rows")
        for j in 0..<columns { means[j] /= Double(rows) }
        let targetMean = targets.reduce(0, +) / Double(rows)
        // The centred rows go through the QR a block at a time, column-major (the layout the
        // reflections work in); only the small triangular factor is kept between blocks.
        var factorization = IncrementalQR(columns: columns)
        var centred: [Double] = []
        var centredTargets: [Double] = []
        blocks { range, block in
            let height = range.count
            if centred.count != height * columns {
                centred = [Double](repeating: 0, count: height * columns)
                centredTargets = [Double](repeating: 0, count: height)
            }
            for i in 0..<height {
                for j in 0..<columns {
                    centred[j * height + i] = block[i * columns + j] - means[j]
                }
                centredTargets[i] = targets[range.lowerBound + i] - targetMean
            }
            centred.withUnsafeMutableBufferPointer { centred in
                centredTargets.withUnsafeMutableBufferPointer { centredTargets in
                    factorization.absorb(columnMajor: centred, targets: centredTargets)
                }
            }
        }
        if ridgeAlpha > 0 {
            // The augmented rows `sqrt(alpha) I` with zero targets.
            let root = ridgeAlpha.squareRoot()
            var extra = [Double](repeating: 0, count: columns * columns)
            for j in 0..<columns { extra[j * columns + j] = root }
            var zeros = [Double](repeating: 0, count: columns)
            extra.withUnsafeMutableBufferPointer { extra in
                zeros.withUnsafeMutableBufferPointer { zeros in
                    factorization.absorb(columnMajor: extra, targets: zeros)
                }
            }
        }
        let (coefficients, rank) = factorization.solve()
        var intercept = targetMean
        for j in 0..<columns { intercept -= coefficients[j] * means[j] }
        return LinearRegression(
            intercept: intercept, coefficients: coefficients, ridgeAlpha: ridgeAlpha, rank: rank)
    }

    /// Predictions for `features` `[rows, coefficients.count]` row-major.
    public func predict(features: [Double]) -> [Double] {
        features.withUnsafeBufferPointer { predict(features: $0) }
    }

    /// Predictions for `features` `[rows, coefficients.count]` row-major.
    public func predict(features: UnsafeBufferPointer<Double>) -> [Double] {
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
