import Foundation

/// The domain of one chart axis and its labelled ticks.
///
/// Linear axes use Heckbert's "nice numbers" (Graphics Gems, 1990, "Nice numbers for graph
/// labels"): the tick step is 1, 2 or 5 times a power of ten, and the domain is widened to whole
/// steps, so the data 0...97 gets ticks 0, 20, 40, 60, 80, 100. Logarithmic axes are widened to
/// whole decades and ticked at 1, 2, 5 times each power of ten when they span at most two
/// decades, at every power of ten up to eight decades, and at every k-th power beyond.
public struct AxisTicks: Sendable, Equatable {
    /// The value drawn at the start of the axis (left or bottom).
    public var lower: Double
    /// The value drawn at the end of the axis (right or top); greater than `lower`.
    public var upper: Double
    /// Tick values, ascending, all within `lower...upper`.
    public var values: [Double]
    /// The text of each tick, parallel to `values`.
    public var labels: [String]
    /// Linear or logarithmic.
    public var kind: AxisScaleKind
    /// Unlabelled positions for faint grid lines: on a logarithmic axis ticked at every power
    /// of ten, 2, 3, ..., 9 times each power; empty otherwise.
    public var minorValues: [Double] = []

    /// Ticks for data whose finite values lie in `minimum...maximum` on the given scale.
    ///
    /// - Parameters:
    ///   - minimum: Smallest data value (for `.logarithmic`, smallest positive value).
    ///   - maximum: Largest data value. If either bound is not finite (no data), the axis is
    ///     0...1 (1...10 for logarithmic). If they are equal, the domain is widened around the
    ///     value by 10% of its magnitude (or to -1...1 for 0), so a constant series is a
    ///     visible flat line in the middle of the chart.
    ///   - kind: `.linear` (default) or `.logarithmic`.
    ///   - targetCount: About how many ticks a linear axis gets (default 5; the result has
    ///     between about half and twice that).
    public init(
        minimum: Double, maximum: Double, kind: AxisScaleKind = .linear, targetCount: Int = 5
    ) {
        precondition(targetCount >= 2, "targetCount must be at least 2, got \(targetCount)")
        switch kind {
        case .linear:
            self = AxisTicks.linear(minimum: minimum, maximum: maximum, targetCount: targetCount)
        case .logarithmic:
            self = AxisTicks.logarithmic(minimum: minimum, maximum: maximum)
        }
    }

    private init(
        lower: Double, upper: Double, values: [Double], labels: [String], kind: AxisScaleKind
    ) {
        self.lower = lower
        self.upper = upper
        self.values = values
        self.labels = labels
        self.kind = kind
    }

    /// Where `value` lies along the axis: 0 at `lower`, 1 at `upper`, linear in the value or in
    /// its logarithm. Values outside the domain give fractions outside 0...1.
    public func fraction(of value: Double) -> Double {
        switch kind {
        case .linear:
            // Halves keep the difference finite even for domains near ±Double.greatestFinite.
            return (value / 2 - lower / 2) / (upper / 2 - lower / 2)
        case .logarithmic:
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    // MARK: - Linear

    private static func linear(minimum: Double, maximum: Double, targetCount: Int) -> AxisTicks {
        var low = minimum
        var high = maximum
        if !low.isFinite || !high.isFinite || low > high {
            low = 0
            high = 1
        } else if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        // For spans beyond the largest Double, tick in units of `unit` and scale back.
        var unit = 1.0
        if !(high - low).isFinite {
            unit = max(abs(low), abs(high))
            low /= unit
            high /= unit
        }
        let range = niceNumber(high - low, rounding: false)
        let step = niceNumber(range / Double(targetCount - 1), rounding: true)
        // The small tolerance keeps 0.6 / 0.2 = 2.9999999999999996 from adding a tick.
        let firstIndex = (low / step + 1e-9).rounded(.down)
        let lastIndex = (high / step - 1e-9).rounded(.up)
        var values: [Double] = []
        var index = firstIndex
        while index <= lastIndex {
            values.append(index * step * unit)
            index += 1
        }
        let largest = values.map(abs).max() ?? 0
        let labels = values.map {
            ChartNumberFormat.tick($0, step: step * unit, largestMagnitude: largest)
        }
        return AxisTicks(
            lower: values[0], upper: values[values.count - 1], values: values, labels: labels,
            kind: .linear)
    }

    /// Heckbert's nice number near `value`: 1, 2, 5 or 10 times a power of ten; the nearest
    /// one when `rounding`, else the smallest one at least as large as `value`.
    static func niceNumber(_ value: Double, rounding: Bool) -> Double {
        let power = Int(log10(value).rounded(.down))
        let scale = pow10(power)
        let fraction = value / scale
        let nice: Double
        if rounding {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * scale
    }

    // MARK: - Logarithmic

    private static func logarithmic(minimum: Double, maximum: Double) -> AxisTicks {
        var low = minimum
        var high = maximum
        if !low.isFinite || !high.isFinite || low <= 0 || high <= 0 || low > high {
            low = 1
            high = 10
        }
        var firstPower = Int((log10(low) + 1e-12).rounded(.down))
        var lastPower = Int((log10(high) - 1e-12).rounded(.up))
        if lastPower <= firstPower { lastPower = firstPower + 1 }
        firstPower = max(firstPower, -307)
        lastPower = min(lastPower, 308)
        let decades = lastPower - firstPower
        var values: [Double] = []
        if decades <= 2 {
            for power in firstPower..<lastPower {
                for multiple in [1.0, 2.0, 5.0] { values.append(multiple * pow10(power)) }
            }
            values.append(pow10(lastPower))
        } else {
            let decadeStride = decades <= 8 ? 1 : (decades + 7) / 8
            // Keep the domain whole strides, so the top tick is the top of the axis.
            lastPower = firstPower + ((decades + decadeStride - 1) / decadeStride) * decadeStride
            var power = firstPower
            while power <= lastPower {
                values.append(pow10(power))
                power += decadeStride
            }
        }
        let labels = values.map(logLabel)
        var axis = AxisTicks(
            lower: values[0], upper: values[values.count - 1], values: values, labels: labels,
            kind: .logarithmic)
        if decades > 2 && decades <= 8 {
            axis.minorValues = (firstPower..<lastPower).flatMap { power in
                (2...9).map { Double($0) * pow10(power) }
            }
        }
        return axis
    }

    /// A tick of a logarithmic axis: `"0.02"`, `"500"`, `"1e6"`, `"2e-5"`.
    private static func logLabel(_ value: Double) -> String {
        if value >= 1e-4 && value < 1e6 {
            let power = Int((log10(value) + 1e-12).rounded(.down))
            return ChartNumberFormat.trimmed(value, fractionDigits: max(0, -power))
        }
        return ChartNumberFormat.exponent(value, significantDigits: 1)
    }
}
