import Foundation

/// How values map onto a chart axis.
public enum AxisScaleKind: Sendable, Equatable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios (base 10). Non-positive values cannot be shown on it
    /// and are skipped, as matplotlib masks them.
    case logarithmic

    /// The scale a loss curve reads best on: `.logarithmic` when the positive finite values
    /// span at least `orders` orders of magnitude (largest / smallest >= 10^orders), and there
    /// are no non-positive values; `.linear` otherwise. Default `orders` is 2 (a fall by 100x).
    public static func suggested(for values: [Double], orders: Double = 2) -> AxisScaleKind {
        let finite = values.filter(\.isFinite)
        guard let smallest = finite.min(), let largest = finite.max(), smallest > 0 else {
            return .linear
        }
        return largest / smallest >= pow(10, orders) ? .logarithmic : .linear
    }
}
