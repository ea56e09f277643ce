import Testing

@testable import TabregReport

@Suite struct AxisTicksTests {
    // Expected ticks below are worked out by hand with Heckbert's rules: range = nice(max - min)
    // rounding up to 1, 2, 5, 10 times a power of ten; step = nice(range / 4) rounding to the
    // nearest of 1, 2, 5, 10 (cut-offs 1.5, 3, 7); ticks at whole steps covering the data.

    @Test func zeroToNinetySevenTicksByTwentyToOneHundred() {
        let axis = AxisTicks(minimum: 0, maximum: 97)
        #expect(axis.values == [0, 20, 40, 60, 80, 100])
        #expect(axis.labels == ["0", "20", "40", "60", "80", "100"])
        #expect(axis.lower == 0 && axis.upper == 100)
    }

    @Test func fractionalRangeTicksByPointTwoWithCleanLabels() {
        // range nice(0.74) = 1, step nice(0.25) = 0.2; floor(0.13/0.2) = 0, ceil(0.87/0.2) = 5.
        let axis = AxisTicks(minimum: 0.13, maximum: 0.87)
        #expect(axis.labels == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(axis.values.count == 6)
        #expect(abs(axis.values[3] - 0.6) < 1e-15)
    }

    @Test func rangeAcrossZeroTicksByFive() {
        // range nice(11.1) = 20, step nice(5) = 5; floor(-3.2/5) = -1, ceil(7.9/5) = 2.
        let axis = AxisTicks(minimum: -3.2, maximum: 7.9)
        #expect(axis.values == [-5, 0, 5, 10])
        #expect(axis.labels == ["-5", "0", "5", "10"])
    }

    @Test func constantValueWidensByTenPercentAroundIt() {
        // 5 -> 4.5...5.5: range nice(1) = 1, step nice(0.25) = 0.2, ticks 4.4 ... 5.6.
        let axis = AxisTicks(minimum: 5, maximum: 5)
        #expect(axis.labels == ["4.4", "4.6", "4.8", "5", "5.2", "5.4", "5.6"])
        #expect(abs(axis.fraction(of: 5) - 0.5) < 1e-12)
    }

    @Test func constantZeroWidensToMinusOneToOne() {
        // -1...1: range 2, step nice(0.5) = 0.5.
        let axis = AxisTicks(minimum: 0, maximum: 0)
        #expect(axis.labels == ["-1", "-0.5", "0", "0.5", "1"])
    }

    @Test func noDataGivesZeroToOne() {
        let axis = AxisTicks(minimum: .nan, maximum: .nan)
        #expect(axis.lower == 0 && axis.upper == 1)
        #expect(axis.labels == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
    }

    @Test func millionsUseExponentLabels() {
        // range nice(3e7) = 5e7, step nice(1.25e7) = 1e7.
        let axis = AxisTicks(minimum: 0, maximum: 3e7)
        #expect(axis.labels == ["0", "1e7", "2e7", "3e7"])
    }

    @Test func spanBeyondLargestDoubleStillGivesFiniteTicks() {
        let axis = AxisTicks(minimum: -1e308, maximum: 1.5e308)
        #expect(axis.values.allSatisfy { $0.isFinite })
        #expect(axis.values.count >= 3 && axis.values.count <= 11)
        #expect(axis.lower <= -1e308 && axis.upper >= 1.5e308)
        let middle = axis.fraction(of: 0)
        #expect(middle > 0 && middle < 1)
    }

    @Test func logAxisOverThreeDecadesTicksEachPowerOfTen() {
        let axis = AxisTicks(minimum: 4.2, maximum: 612, kind: .logarithmic)
        #expect(axis.values == [1, 10, 100, 1000])
        #expect(axis.labels == ["1", "10", "100", "1000"])
        #expect(abs(axis.fraction(of: 10) - 1.0 / 3.0) < 1e-12)
        // Minor grid: 2...9, 20...90, 200...900.
        #expect(axis.minorValues.count == 24)
        #expect(axis.minorValues.first == 2 && axis.minorValues.last == 900)
        #expect(axis.minorValues[8] == 20)
    }

    @Test func logAxisWithinOneDecadeTicksOneTwoFive() {
        let axis = AxisTicks(minimum: 3, maximum: 8, kind: .logarithmic)
        #expect(axis.values == [1, 2, 5, 10])
        #expect(axis.minorValues.isEmpty)
    }

    @Test func logAxisBelowOneLabelsDecimals() {
        let axis = AxisTicks(minimum: 0.002, maximum: 0.5, kind: .logarithmic)
        #expect(axis.labels == ["0.001", "0.01", "0.1", "1"])
    }

    @Test func logAxisOverEighteenDecadesTicksEveryThirdPower() {
        // 18 decades: stride (18 + 7) / 8 = 3.
        let axis = AxisTicks(minimum: 1e-6, maximum: 1e12, kind: .logarithmic)
        #expect(axis.labels == ["1e-6", "0.001", "1", "1000", "1e6", "1e9", "1e12"])
    }

    @Test func suggestedScaleIsLogarithmicOnlyForPositiveValuesSpanningTwoDecades() {
        #expect(AxisScaleKind.suggested(for: [600, 50, 4]) == .logarithmic)
        #expect(AxisScaleKind.suggested(for: [30, 20, 10]) == .linear)
        #expect(AxisScaleKind.suggested(for: [600, 0, 4]) == .linear)
        #expect(AxisScaleKind.suggested(for: [600, .nan, 4]) == .logarithmic)
        #expect(AxisScaleKind.suggested(for: []) == .linear)
    }
}
