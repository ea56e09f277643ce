/// The reported regression metrics, accumulated in float64: mean squared error, its root,
/// mean absolute error, and the coefficient of determination R^2.
///
/// R^2 is `1 - SS_res / SS_tot`; for constant targets (SS_tot = 0) it is 1 when the predictions
/// are exact and 0 otherwise, as scikit-learn's `r2_score(force_finite=True)`.
public struct RegressionMetrics: Sendable, Equatable, Codable {
    public var mse: Double
    public var rmse: Double
    public var mae: Double
    public var r2: Double

    public init(mse: Double, rmse: Double, mae: Double, r2: Double) {
        self.mse = mse
        self.rmse = rmse
        self.mae = mae
        self.r2 = r2
    }

    /// Metrics of `predictions` against `targets` (same length, at least one).
    public init(predictions: [Double], targets: [Double]) {
        precondition(predictions.count == targets.count,
            "RegressionMetrics: \(predictions.count) predictions for \(targets.count) targets")
        precondition(!targets.isEmpty, "RegressionMetrics: no rows")
        let count = Double(targets.count)
        let mean = targets.reduce(0, +) / count
        var squared = 0.0, absolute = 0.0, total = 0.0
        for (prediction, target) in zip(predictions, targets) {
            let error = prediction - target
            squared += error * error
            absolute += abs(error)
            total += (target - mean) * (target - mean)
        }
        mse = squared / count
        rmse = mse.squareRoot()
        mae = absolute / count
        r2 = total > 0 ? 1 - squared / total : (squared == 0 ? 1 : 0)
    }

    /// The mean squared error alone.
    public static func mse(predictions: [Double], targets: [Double]) -> Double {
        precondition(predictions.count == targets.count && !targets.isEmpty,
            "RegressionMetrics.mse: \(predictions.count) predictions for \(targets.count) targets")
        var squared = 0.0
        for (prediction, target) in zip(predictions, targets) {
            squared += (prediction - target) * (prediction - target)
        }
        return squared / Double(targets.count)
    }
}

/// The baseline that always predicts the training targets' mean (scikit-learn's
/// `DummyRegressor()`).
public struct MeanPredictor: Sendable, Equatable, Codable {
    public var mean: Double

    public init(targets: [Double]) {
        precondition(!targets.isEmpty, "MeanPredictor: no targets")
        mean = targets.reduce(0, +) / Double(targets.count)
    }

    public func predict(rows: Int) -> [Double] { [Double](repeating: mean, count: rows) }
}
