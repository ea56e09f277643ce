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
        matrix.withUnsafeBufferPointer { matrix in
            fit(scaling, columns: columns) { body in body(matrix) }
        }
    }

    /// Fits `scaling` on a matrix given in blocks of whole rows: `blocks` calls its argument
    /// with each block (`[blockRows, columns]` row-major) in row order, and may be called more
    /// than once (the standard scaler reads the rows twice: means, then variances). The result
    /// is the same, bit for bit, as fitting the whole matrix at once.
    public static func fit(
        _ scaling: Scaling, columns: Int,
        blocks: ((UnsafeBufferPointer<Double>) -> Void) -> Void
    ) -> FeatureScaler {
        var offsets = [Double](repeating: 0, count: columns)
        var scales = [Double](repeating: 1, count: columns)
        guard columns > 0, scaling != .none else {
            return FeatureScaler(scaling: scaling, offsets: offsets, scales: scales)
        }
        // Row by row with one accumulator per column: each column's values are still added
        // in row order (the same sums as a column-by-column pass), but the matrix is read once
        // per statistic, in memory order.
        var rows = 0
        switch scaling {
        case .none:
            break
        case .standard:
            var means = [Double](repeating: 0, count: columns)
            means.withUnsafeMutableBufferPointer { means in
                blocks { block in
                    var index = 0
                    while index < block.count {
                        for j in 0..<columns { means[j] += block[index + j] }
                        index += columns
                    }
                    rows += block.count / columns
                }
            }
            guard rows > 0 else { break }
            for j in 0..<columns { means[j] /= Double(rows) }
            var variances = [Double](repeating: 0, count: columns)
            means.withUnsafeBufferPointer { means in
                variances.withUnsafeMutableBufferPointer { variances in
                    blocks { block in
                        var index = 0
                        while index < block.count {
                            for j in 0..<columns {
                                let d = block[index + j] - means[j]
                                variances[j] += d * d
                            }
                            index += columns
                        }
                    }
                }
            }
            for j in 0..<columns {
                let variance = variances[j] / Double(rows)
                offsets[j] = means[j]
                scales[j] = variance > 0 ? variance.squareRoot() : 1
            }
        case .minmax:
            var lows = [Double](repeating: .infinity, count: columns)
            var highs = [Double](repeating: -.infinity, count: columns)
            blocks { block in
                var index = 0
                while index < block.count {
                    for j in 0..<columns {
                        lows[j] = min(lows[j], block[index + j])
                        highs[j] = max(highs[j], block[index + j])
                    }
                    index += columns
                }
                rows += block.count / columns
            }
            guard rows > 0 else { break }
            for j in 0..<columns {
                offsets[j] = lows[j]
                scales[j] = highs[j] > lows[j] ? highs[j] - lows[j] : 1
            }
        }
        return FeatureScaler(scaling: scaling, offsets: offsets, scales: scales)
    }

    /// Applies the map to `matrix` in place.
    public func transform(_ matrix: inout [Double]) {
        matrix.withUnsafeMutableBufferPointer { transform($0) }
    }

    /// Applies the map in place to whole rows (`[rows, offsets.count]` row-major).
    public func transform(_ matrix: UnsafeMutableBufferPointer<Double>) {
        let columns = offsets.count
        guard columns > 0, scaling != .none else { return }
        precondition(
            matrix.count % columns == 0,
            "FeatureScaler: \(matrix.count) values for \(columns) columns")
        offsets.withUnsafeBufferPointer { offsets in
            scales.withUnsafeBufferPointer { scales in
                var index = 0
                while index < matrix.count {
                    for j in 0..<columns {
                        matrix[index + j] = (matrix[index + j] - offsets[j]) / scales[j]
                    }
                    index += columns
                }
            }
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
