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
        parse(base, count: count, readable: count, decimalSeparator: decimalSeparator)
    }

    /// Parses `base[0..<count]`, where `base[0..<readable]` (`readable >= count`) may be read:
    /// a cell inside a larger buffer lets the digit loops read 8 bytes at a time past its end
    /// (the bytes after the cell are read, never used).
    ///
    /// The common cell, `[+|-] digits [. digits]` with at most 19 digits, is read inline by
    /// ``simpleDecimal(_:count:decimalSeparator:)``; anything else goes to the full parser.
    @inlinable @inline(__always)
    static func parse(
        _ base: UnsafePointer<UInt8>, count: Int, readable: Int, decimalSeparator: UInt8
    ) -> Result {
        if let value = simpleDecimal(base, count: count, decimalSeparator: decimalSeparator) {
            return .number(value)
        }
        return parseInFull(base, count: count, readable: readable, decimalSeparator: decimalSeparator)
    }

    /// The value of `[+|-] digits [. digits]` (no spaces, no exponent, at least one digit, at
    /// most 19, and a value that takes Clinger's fast path), or nil for anything else (which
    /// the full parser then reads, accepting or refusing it). For the cells it accepts it
    /// computes exactly what the full parser computes: the same significand and the same one
    /// correctly rounded division, so the same bits.
    @inlinable @inline(__always)
    static func simpleDecimal(
        _ base: UnsafePointer<UInt8>, count: Int, decimalSeparator: UInt8
    ) -> Double? {
        guard count > 0 && count <= 21 else { return nil }
        var index = 0
        let negative = base[0] == UInt8(ascii: "-")
        if negative || base[0] == UInt8(ascii: "+") { index = 1 }
        var significand: UInt64 = 0
        var digitCount = 0
        var separatorAt = -1
        while index < count {
            let digit = base[index] &- UInt8(ascii: "0")
            if digit < 10 {
                significand = significand &* 10 &+ UInt64(digit)
                digitCount &+= 1
            } else if base[index] == decimalSeparator && separatorAt < 0 {
                separatorAt = index
            } else {
                return nil
            }
            index &+= 1
        }
        let fractionDigits = separatorAt < 0 ? 0 : count &- separatorAt &- 1
        guard digitCount > 0 && digitCount <= 19 && significand <= (1 << 53)
            && fractionDigits <= 22
        else { return nil }
        var value = Double(significand)
        if fractionDigits == 0 {
            value *= powerOfTen(0)
        } else {
            value /= powerOfTen(fractionDigits)
        }
        return negative ? -value : value
    }

    /// The whole grammar (see the type's documentation).
    @usableFromInline @inline(never)
    static func parseInFull(
        _ base: UnsafePointer<UInt8>, count: Int, readable: Int, decimalSeparator: UInt8
    ) -> Result {
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
        var fractionDigits = 0
        let integerStart = index
        accumulateDigits(
            base, index: &index, end: end, readable: readable, significand: &significand)
        var digitCount = index &- integerStart
        if index < end && base[index] == decimalSeparator {
            index &+= 1
            let fractionStart = index
            accumulateDigits(
                base, index: &index, end: end, readable: readable, significand: &significand)
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

    /// Reads the digits at `index..<end` into `significand` (`significand * 10 + digit` per
    /// digit, wrapping: more than 19 digits take the slow path, which re-reads the text) and
    /// moves `index` past them. Eight bytes at a time where `readable` allows (a SWAR test
    /// finds how many of them are leading digits, and three multiplications combine those),
    /// one at a time near the end of the buffer.
    @inlinable @inline(__always)
    static func accumulateDigits(
        _ base: UnsafePointer<UInt8>, index: inout Int, end: Int, readable: Int,
        significand: inout UInt64
    ) {
        while index < end && index &+ 8 <= readable {
            let word = UInt64(
                littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let offsets = word ^ 0x3030_3030_3030_3030
            // A byte is a digit when its high nibble (after the xor) is 0 and its low nibble
            // is at most 9 (adding 6 carries into the high nibble, never into the next byte).
            let nonDigits =
                (offsets & 0xF0F0_F0F0_F0F0_F0F0)
                | (((offsets & 0x0F0F_0F0F_0F0F_0F0F) &+ 0x0606_0606_0606_0606)
                    & 0xF0F0_F0F0_F0F0_F0F0)
            let run = min(nonDigits.trailingZeroBitCount >> 3, end &- index)
            if run == 0 { return }
            // The run's digits moved to the top bytes, zeros (leading zero digits) below; then
            // the eight digits' value, first byte most significant (Lemire's method).
            var digits = (offsets & 0x0F0F_0F0F_0F0F_0F0F) &<< UInt64((8 &- run) &* 8)
            digits = (digits &* 10) &+ (digits >> 8)
            digits =
                ((digits & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064
                    &+ ((digits >> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001) >> 32
            significand = significand &* smallPowerOfTen(run) &+ digits
            index &+= run
            if run < 8 { return }
        }
        while index < end {
            let digit = base[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return }
            significand = significand &* 10 &+ UInt64(digit)
            index &+= 1
        }
    }

    /// 10^exponent for 0...8.
    @inlinable @inline(__always)
    static func smallPowerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1000
        case 4: 10000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        default: 100_000_000
        }
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
