import Foundation

/// Locale-independent number formatting for charts, tables and terminal lines.
///
/// Every function here builds its digits from integer arithmetic on the rounded value, never
/// from `String(format:)`, `NumberFormatter` or the C library, so the text is the same on every
/// machine, in every locale, on Linux and macOS: a chart written twice is byte-identical.
/// The decimal separator is always `.`, there is never a thousands separator, and a negative
/// zero prints as `0`.
public enum ChartNumberFormat {
    /// Largest magnitude (after scaling by the fraction digits) that is formatted through
    /// `Int64`; beyond it the value is written in exponent form.
    private static let integerLimit = 9.0e15

    /// Formats `value` with exactly `fractionDigits` digits after the point, rounding half away
    /// from zero: `fixed(2.345, fractionDigits: 2)` is `"2.35"` when the binary value is at or
    /// above the half (binary rounding of the input applies), `fixed(-0.0001, fractionDigits: 2)`
    /// is `"0.00"`.
    ///
    /// - Parameters:
    ///   - value: The number; `nan` prints as `"nan"`, infinities as `"inf"` and `"-inf"`.
    ///   - fractionDigits: Digits after the point, 0...15. With 0 there is no point.
    /// - Returns: The text; values too large for 15-16 significant digits in fixed form use
    ///   `exponent(_:significantDigits:)` with 6 significant digits instead.
    public static func fixed(_ value: Double, fractionDigits: Int) -> String {
        precondition(
            (0...15).contains(fractionDigits),
            "fractionDigits must be in 0...15, got \(fractionDigits)")
        if let special = nonFiniteText(value) { return special }
        let scale = powerOfTen(fractionDigits)
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < integerLimit else { return exponent(value, significantDigits: 6) }
        let units = Int64(scaled)
        let divisor = Int64(scale)
        let integerPart = units / divisor
        var text = String(integerPart)
        if fractionDigits > 0 {
            let fraction = String(units % divisor)
            text += "." + String(repeating: "0", count: fractionDigits - fraction.count) + fraction
        }
        return (value < 0 && units != 0 ? "-" : "") + text
    }

    /// Formats `value` with at most `fractionDigits` digits after the point and no trailing
    /// zeros: `trimmed(12.50, fractionDigits: 2)` is `"12.5"`, `trimmed(3.0, ...)` is `"3"`.
    /// Used for SVG coordinates (2 digits, a hundredth of a pixel).
    public static func trimmed(_ value: Double, fractionDigits: Int) -> String {
        var text = fixed(value, fractionDigits: fractionDigits)
        // Byte searches: `String.contains(String)` goes through Foundation's locale-aware
        // search, which made this function a fifth of a short run's instructions.
        let bytes = text.utf8
        guard bytes.contains(UInt8(ascii: ".")), !bytes.contains(UInt8(ascii: "e")) else {
            return text
        }
        while text.utf8.last == UInt8(ascii: "0") { text.removeLast() }
        if text.utf8.last == UInt8(ascii: ".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// Formats `value` in exponent form with `significantDigits` significant digits, trailing
    /// zeros of the mantissa removed: `exponent(2.5e-7, significantDigits: 3)` is `"2.5e-7"`,
    /// `exponent(1e20, significantDigits: 3)` is `"1e20"`.
    public static func exponent(_ value: Double, significantDigits: Int) -> String {
        precondition(
            (1...15).contains(significantDigits),
            "significantDigits must be in 1...15, got \(significantDigits)")
        if let special = nonFiniteText(value) { return special }
        if value == 0 { return "0" }
        var power = Int(log10(abs(value)).rounded(.down))
        var mantissa = abs(value) / pow10(power)
        // Rounding the mantissa can carry it to 10 (9.9996 -> 10.00); renormalize.
        let mantissaScale = powerOfTen(significantDigits - 1)
        if (mantissa * mantissaScale).rounded(.toNearestOrAwayFromZero) >= 10 * mantissaScale {
            power += 1
            mantissa = abs(value) / pow10(power)
        }
        let mantissaText = trimmed(mantissa, fractionDigits: significantDigits - 1)
        return (value < 0 ? "-" : "") + mantissaText + "e" + String(power)
    }

    /// Formats `value` with `significantDigits` significant digits, in fixed form for
    /// magnitudes in [1e-4, 1e6) and exponent form outside: `significant(21.894831, 4)` is
    /// `"21.89"`, `significant(0.00123456, 3)` is `"0.00123"`, `significant(1234567, 4)` is
    /// `"1.235e6"`, `significant(2.0, 4)` is `"2.000"` (trailing zeros kept so columns align).
    public static func significant(_ value: Double, significantDigits: Int) -> String {
        precondition(
            (1...15).contains(significantDigits),
            "significantDigits must be in 1...15, got \(significantDigits)")
        if let special = nonFiniteText(value) { return special }
        if value == 0 { return fixed(0, fractionDigits: significantDigits - 1) }
        let magnitude = abs(value)
        guard magnitude >= 1e-4, magnitude < 1e6 else {
            return exponent(value, significantDigits: significantDigits)
        }
        var power = Int(log10(magnitude).rounded(.down))
        // A value just below a power of ten can round up to it (9.9996 -> 10.00).
        let digitsAfterPoint = max(0, significantDigits - 1 - power)
        let rounded =
            (magnitude * powerOfTen(digitsAfterPoint)).rounded(.toNearestOrAwayFromZero)
            / powerOfTen(digitsAfterPoint)
        if rounded >= pow10(power + 1) { power += 1 }
        if power >= 6 { return exponent(value, significantDigits: significantDigits) }
        return fixed(value, fractionDigits: max(0, significantDigits - 1 - power))
    }

    /// Formats a tick value on an axis whose ticks are `step` apart (a 1, 2 or 5 times a power
    /// of ten): enough digits after the point to tell neighbouring ticks apart and no more, so
    /// ticks 0, 0.2, 0.4 print as `"0"`, `"0.2"`, `"0.4"` and not as `"0.6000000000000001"`.
    /// Ticks on axes reaching 1e6 and beyond or with steps below 1e-4 print in exponent form
    /// (`"2e6"`, `"5e-5"`).
    ///
    /// - Parameters:
    ///   - value: The tick value.
    ///   - step: The distance between neighbouring ticks, positive.
    ///   - largestMagnitude: The largest absolute tick value on the axis; decides between fixed
    ///     and exponent form for the whole axis so all its labels share one style.
    public static func tick(_ value: Double, step: Double, largestMagnitude: Double) -> String {
        if let special = nonFiniteText(value) { return special }
        let stepPower = Int(log10(step).rounded(.down))
        if largestMagnitude >= 1e6 || step < 1e-4 {
            if abs(value) < step / 2 { return "0" }
            let valuePower = Int(log10(abs(value)).rounded(.down))
            let digits = min(15, max(1, valuePower - stepPower + 1))
            return exponent(value, significantDigits: digits)
        }
        return trimmed(value, fractionDigits: min(15, max(0, -stepPower)))
    }

    /// Formats a duration in seconds: `"0.4s"` and `"42.0s"` under a minute, `"3:07"` under an
    /// hour, `"1:02:03"` beyond; a negative or non-finite duration prints as `"?"`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        if seconds < 59.95 { return fixed(seconds, fractionDigits: 1) + "s" }
        let whole = Int64(seconds.rounded(.toNearestOrAwayFromZero))
        let hours = whole / 3600
        let minutes = (whole % 3600) / 60
        let secondsPart = whole % 60
        let paddedSeconds = (secondsPart < 10 ? "0" : "") + String(secondsPart)
        if hours == 0 { return String(minutes) + ":" + paddedSeconds }
        let paddedMinutes = (minutes < 10 ? "0" : "") + String(minutes)
        return String(hours) + ":" + paddedMinutes + ":" + paddedSeconds
    }

    // MARK: - Helpers

    private static func nonFiniteText(_ value: Double) -> String? {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return nil
    }

    /// 10^exponent for 0...15, exactly representable in a Double.
    private static func powerOfTen(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}

/// 10^power as a Double, exact for the powers of ten a Double represents exactly (|power| <= 22
/// for positive powers); used where the standard library's `pow` would need Foundation.
func pow10(_ power: Int) -> Double {
    var result = 1.0
    if power >= 0 {
        for _ in 0..<power { result *= 10 }
    } else {
        for _ in 0..<(-power) { result *= 10 }
        result = 1 / result
    }
    return result
}
