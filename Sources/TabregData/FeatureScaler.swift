/// How features are scaled before training.
public enum Scaling: String, Sendable, Codable, CaseIterable {
    /// Subtract the training mean, divide by the training standard deviation (population,
    /// as scikit-learn's `StandardScaler`).
    case standard
    /// Map the training minimum to 0 and maximum to 1 (scikit-learn's `MinMaxScaler`).
    case minmax
    /// Leave features as they are (the tutorial).
    case none
}

/// An affine per-column map `x' = (x - offset) / scale`, fitted on training rows only.
///
/// A constant column gets scale 1 (it maps to 0 under `standard`), as scikit-learn does.
public struct FeatureScaler: Sendable, Equatable, Codable {
    public var scaling: Scaling
    /// Subtracted from each column (mean, minimum, or 0).
    public var offsets: [Double]
    /// Each column is divided by this (standard deviation, range, or 1).
    public var scales: [Double]

    public init(scaling: Scaling, offsets: [Double], scales: [Double]) {
        precondition(offsets.count == scales.count, "FeatureScaler: \(offsets.count) offsets, \(scales.count) scales")
        self.scaling = scaling
        self.offsets = offsets
        self.scales = scales
    }

    /// Fits `scaling` on `matrix` (`[rows, columns]` row-major), in float64.
    public static func fit(_ scaling: Scaling, matrix: [Double], columns: Int) -> FeatureScaler {
        let rows = columns == 0 ? 0 : matrix.count / columns
        var offsets = [Double](repeating: 0, count: columns)
        var scales = [Double](repeating: 1, count: columns)
        guard rows > 0 else { return FeatureScaler(scaling: scaling, offsets: offsets, scales: scales) }
        for j in 0..<columns {
            switch scaling {
            case .none:
                break
            case .standard:
                var mean = 0.0
                for i in 0..<rows { mean += matrix[i * columns + j] }
                mean /= Double(rows)
                var variance = 0.0
                for i in 0..<rows {
                    let d = matrix[i * columns + j] - mean
                    variance += d * d
                }
                variance /= Double(rows)
                offsets[j] = mean
                scales[j] = variance > 0 ? variance.squareRoot() : 1
            case .minmax:
                var low = Double.infinity, high = -Double.infinity
                for i in 0..<rows {
                    low = min(low, matrix[i * columns + j])
                    high = max(high, matrix[i * columns + j])
                }
                offsets[j] = low
                scales[j] = high > low ? high - low : 1
            }
        }
        return FeatureScaler(scaling: scaling, offsets: offsets, scales: scales)
    }

    /// Applies the map to `matrix` in place.
    public func transform(_ matrix: inout [Double]) {
        let columns = offsets.count
        guard columns > 0, scaling != .none else { return }
        for index in matrix.indices {
            let j = index % columns
            matrix[index] = (matrix[index] - offsets[j]) / scales[j]
        }
    }
}

/// Standardization of the target while training (`--scale-target`): the network learns
/// `(y - mean) / standardDeviation`, and its outputs are mapped back with
/// `prediction = output * standardDeviation + mean`. The identity when not used.
public struct TargetScaler: Sendable, Equatable, Codable {
    public var mean: Double
    public var standardDeviation: Double

    /// The identity map.
    public static let identity = TargetScaler(mean: 0, standardDeviation: 1)

    public init(mean: Double, standardDeviation: Double) {
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// Fits mean and population standard deviation of `targets` (1 for a constant target).
    public static func fit(_ targets: [Double]) -> TargetScaler {
        let mean = targets.reduce(0, +) / Double(max(targets.count, 1))
        let variance = targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(targets.count, 1))
        return TargetScaler(mean: mean, standardDeviation: variance > 0 ? variance.squareRoot() : 1)
    }

    public var isIdentity: Bool { mean == 0 && standardDeviation == 1 }

    /// The training-unit value of a target.
    public func scale(_ target: Double) -> Double { (target - mean) / standardDeviation }

    /// The target-unit value of a network output.
    public func unscale(_ output: Double) -> Double { output * standardDeviation + mean }
}
