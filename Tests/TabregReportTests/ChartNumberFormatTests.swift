import Testing

@testable import TabregReport

@Suite struct ChartNumberFormatTests {
    @Test func fixedRoundsHalfAwayFromZeroAndPadsFractionDigits() {
        #expect(ChartNumberFormat.fixed(2.5, fractionDigits: 0) == "3")
        #expect(ChartNumberFormat.fixed(-2.5, fractionDigits: 0) == "-3")
        #expect(ChartNumberFormat.fixed(0.125, fractionDigits: 2) == "0.13")
        #expect(ChartNumberFormat.fixed(3, fractionDigits: 3) == "3.000")
        #expect(ChartNumberFormat.fixed(1234567.891, fractionDigits: 2) == "1234567.89")
        #expect(ChartNumberFormat.fixed(0.05, fractionDigits: 1) == "0.1")
    }

    @Test func negativeZeroAndTinyNegativesPrintWithoutSign() {
        #expect(ChartNumberFormat.fixed(-0.0, fractionDigits: 2) == "0.00")
        #expect(ChartNumberFormat.fixed(-0.0001, fractionDigits: 2) == "0.00")
        #expect(ChartNumberFormat.trimmed(-0.001, fractionDigits: 2) == "0")
    }

    @Test func nonFiniteValuesPrintAsWords() {
        #expect(ChartNumberFormat.fixed(.nan, fractionDigits: 2) == "nan")
        #expect(ChartNumberFormat.fixed(.infinity, fractionDigits: 2) == "inf")
        #expect(ChartNumberFormat.significant(-.infinity, significantDigits: 3) == "-inf")
    }

    @Test func trimmedDropsTrailingZerosAndPoint() {
        #expect(ChartNumberFormat.trimmed(12.5, fractionDigits: 2) == "12.5")
        #expect(ChartNumberFormat.trimmed(3, fractionDigits: 2) == "3")
        #expect(ChartNumberFormat.trimmed(86.4, fractionDigits: 2) == "86.4")
        #expect(ChartNumberFormat.trimmed(-0.25, fractionDigits: 2) == "-0.25")
        #expect(ChartNumberFormat.trimmed(0.6000000000000001, fractionDigits: 2) == "0.6")
    }

    @Test func exponentFormKeepsRequestedSignificantDigits() {
        #expect(ChartNumberFormat.exponent(2.5e-7, significantDigits: 3) == "2.5e-7")
        #expect(ChartNumberFormat.exponent(1e20, significantDigits: 3) == "1e20")
        #expect(ChartNumberFormat.exponent(-1_234_567, significantDigits: 4) == "-1.235e6")
        // 9.9996e5 rounds to 10.00e5 and must renormalize to 1e6.
        #expect(ChartNumberFormat.exponent(999960, significantDigits: 4) == "1e6")
    }

    @Test func significantSwitchesToExponentOutsideReadableRange() {
        #expect(ChartNumberFormat.significant(21.894831, significantDigits: 4) == "21.89")
        #expect(ChartNumberFormat.significant(0.00123456, significantDigits: 3) == "0.00123")
        #expect(ChartNumberFormat.significant(2, significantDigits: 4) == "2.000")
        #expect(ChartNumberFormat.significant(0, significantDigits: 3) == "0.00")
        #expect(ChartNumberFormat.significant(1_234_567, significantDigits: 4) == "1.235e6")
        #expect(ChartNumberFormat.significant(0.00001234, significantDigits: 3) == "1.23e-5")
        // Rounding up across a power of ten keeps the digit count: 9.9996 -> 10.00.
        #expect(ChartNumberFormat.significant(9.9996, significantDigits: 4) == "10.00")
        #expect(ChartNumberFormat.significant(-612.34, significantDigits: 3) == "-612")
    }

    @Test func tickLabelsShowJustEnoughDigitsForTheStep() {
        #expect(ChartNumberFormat.tick(0.6000000000000001, step: 0.2, largestMagnitude: 1) == "0.6")
        #expect(ChartNumberFormat.tick(40, step: 20, largestMagnitude: 100) == "40")
        #expect(ChartNumberFormat.tick(0.05, step: 0.05, largestMagnitude: 0.25) == "0.05")
        #expect(ChartNumberFormat.tick(2e6, step: 1e6, largestMagnitude: 5e6) == "2e6")
        #expect(ChartNumberFormat.tick(2.5e6, step: 5e5, largestMagnitude: 5e6) == "2.5e6")
        #expect(ChartNumberFormat.tick(5e-5, step: 5e-5, largestMagnitude: 2e-4) == "5e-5")
        #expect(ChartNumberFormat.tick(1e-20, step: 1e6, largestMagnitude: 5e6) == "0")
    }

    @Test func durationsUseSecondsThenMinutesThenHours() {
        #expect(ChartNumberFormat.duration(0.42) == "0.4s")
        #expect(ChartNumberFormat.duration(42) == "42.0s")
        #expect(ChartNumberFormat.duration(187) == "3:07")
        #expect(ChartNumberFormat.duration(3723) == "1:02:03")
        #expect(ChartNumberFormat.duration(-1) == "?")
        #expect(ChartNumberFormat.duration(.nan) == "?")
    }
}
