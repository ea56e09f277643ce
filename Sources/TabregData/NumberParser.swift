#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A strict decimal number parser for CSV cells.
///
/// Accepts what a spreadsheet or database user means by a number:
///
///     [spaces] [+|-] (digits [. digits] | . digits) [(e|E) [+|-] digits] [spaces]
///
/// (spaces are ASCII spaces and tabs; the decimal separator is `.` unless another one is given).
/// It refuses what Swift's `Double(_:)` or `strtod` would also accept but a CSV user does not
/// mean as a number: hexadecimal (`0x10`, `0x1p3`), `inf`/`infinity`/`nan` spelled out,
/// digit-group separators (`1_000`, `1,000`, `1 000`), doubled signs (`+-1`), and a value that
/// overflows a `Double` (`1e400`), which is reported as ``Result/infinite`` rather than as a
/// number. Values below the smallest subnormal round to a signed zero, as `strtod` does.
///
/// Numerical contract: the result is the correctly rounded (round-half-to-even) `Double` of the
/// decimal value, bit-identical to `Double(String)` on every string both accept. Up to 19
/// digits with a decimal exponent in -22...22 and a significand below 2^53 take
/// Clinger's exact fast path (one correctly rounded multiplication or division of two exact
/// doubles); anything else is handed, already validated and rewritten without a decimal point
/// (so no locale can change its meaning), to the C library's `strtod`, which glibc and Apple's
/// libc both round correctly.
public enum NumberParser {
    /// What a cell holds, as far as numbers go.
    public enum Result: Equatable, Sendable {
        /// A finite number.
        case number(Double)
        /// Not a number in the grammar above (text, or empty).
        case notANumber
        /// An infinity written out (`inf`, `-Infinity`) or a number too large for a `Double`.
        case infinite
    }

    /// Parses `text` (see the type's documentation for the grammar).
    public static func parse(_ text: String, decimalSeparator: UInt8 = UInt8(ascii: ".")) -> Result
    {
        var text = text
        return text.withUTF8 {
            parse(UnsafeRawBufferPointer($0), decimalSeparator: decimalSeparator)
        }
    }

    /// Parses the bytes of one cell (see the type's documentation for the grammar).
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 bytes of the cell, without surrounding quotes.
    ///   - decimalSeparator: `.` (default) or `,`; the other one is then refused.
    @inlinable
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, decimalSeparator: UInt8 = UInt8(ascii: ".")
    ) -> Result {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            return .notANumber
        }
        return parse(base, count: bytes.count, decimalSeparator: decimalSeparator)
    }

    /// 10^exponent for 0...22, all exact doubles (a switch compiles to a constant table; a
    /// `static let` array would cost a lazy-initialisation check and a bounds check per call).
    @inline(__always)
    @usableFromInline
    static func powerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    @inlinable
    static func parse(_ base: UnsafePointer<UInt8>, count: Int, decimalSeparator: UInt8) -> Result {
        var start = 0
        var end = count
        while start < end && isSpace(base[start]) { start &+= 1 }
        while end > start && isSpace(base[end &- 1]) { end &-= 1 }
        if start == end { return .notANumber }

        var index = start
        var negative = false
        if base[index] == UInt8(ascii: "-") || base[index] == UInt8(ascii: "+") {
            negative = base[index] == UInt8(ascii: "-")
            index &+= 1
            if index == end { return .notANumber }
        }
        let first = base[index] | 0x20
        if first == UInt8(ascii: "i") {
            return isInfinityWord(base + index, count: end &- index) ? .infinite : .notANumber
        }

        // Significand: up to 19 digits (leading zeros included) accumulate exactly in a UInt64;
        // longer ones take the slow path, so the loops need no leading-zero branch.
        var significand: UInt64 = 0
        var digitCount = 0
        var fractionDigits = 0
        while index < end {
            let digit = base[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            significand = significand &* 10 &+ UInt64(digit)
            digitCount &+= 1
            index &+= 1
        }
        if index < end && base[index] == decimalSeparator {
            index &+= 1
            let fractionStart = index
            while index < end {
                let digit = base[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                significand = significand &* 10 &+ UInt64(digit)
                index &+= 1
            }
            fractionDigits = index &- fractionStart
            digitCount &+= fractionDigits
        }
        if digitCount == 0 { return .notANumber }

        var exponent = 0
        if index < end && (base[index] | 0x20) == UInt8(ascii: "e") {
            index &+= 1
            var exponentNegative = false
            if index < end && (base[index] == UInt8(ascii: "-") || base[index] == UInt8(ascii: "+"))
            {
                exponentNegative = base[index] == UInt8(ascii: "-")
                index &+= 1
            }
            var exponentDigits = 0
            while index < end {
                let digit = base[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                // Clamped: anything this large is an overflow or an underflow either way.
                if exponent < 100_000_000 { exponent = exponent &* 10 &+ Int(digit) }
                exponentDigits &+= 1
                index &+= 1
            }
            if exponentDigits == 0 { return .notANumber }
            if exponentNegative { exponent = -exponent }
        }
        if index != end { return .notANumber }

        // Clinger's fast path: both operands exact, so one IEEE operation rounds correctly.
        let scale = exponent &- fractionDigits
        if digitCount <= 19 && significand <= (1 << 53) && scale >= -22 && scale <= 22 {
            var value = Double(significand)
            if scale >= 0 {
                value *= powerOfTen(scale)
            } else {
                value /= powerOfTen(-scale)
            }
            return .number(negative ? -value : value)
        }
        let value = slowPath(
            base, start: start, end: end, negative: negative, decimalSeparator: decimalSeparator,
            digitCount: digitCount, scale: scale)
        return value.isFinite ? .number(value) : .infinite
    }

    /// Rewrites the validated number as `[-]DIGITSe[-]SCALE` (no decimal point, so the C locale's
    /// decimal separator does not matter) and converts it with `strtod`.
    @usableFromInline
    static func slowPath(
        _ base: UnsafePointer<UInt8>, start: Int, end: Int, negative: Bool,
        decimalSeparator: UInt8, digitCount: Int, scale: Int
    ) -> Double {
        let capacity = digitCount + 24
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            var length = 0
            if negative {
                buffer[0] = CChar(UInt8(ascii: "-"))
                length = 1
            }
            var index = start
            var inExponent = false
            while index < end && !inExponent {
                let byte = base[index]
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    buffer[length] = CChar(byte)
                    length += 1
                } else if (byte | 0x20) == UInt8(ascii: "e") {
                    inExponent = true
                }
                index += 1
            }
            buffer[length] = CChar(UInt8(ascii: "e"))
            length += 1
            for byte in String(scale).utf8 {
                buffer[length] = CChar(byte)
                length += 1
            }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    @inlinable
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// `inf` or `infinity`, any case.
    @usableFromInline
    static func isInfinityWord(_ base: UnsafePointer<UInt8>, count: Int) -> Bool {
        let word = Array("infinity".utf8)
        guard count == 3 || count == 8 else { return false }
        for offset in 0..<count where (base[offset] | 0x20) != word[offset] { return false }
        return true
    }
}
