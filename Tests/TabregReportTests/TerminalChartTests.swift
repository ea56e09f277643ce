import Foundation
import Testing

@testable import TabregReport

@Suite struct TerminalChartTests {
    /// Values 1, 2, 3, 4 on 2 rows = 16 levels: level = 1 + round((v - 1) / 3 * 15), so
    /// 1, 6, 11, 16. Top row (levels 9...16) shows level - 8: 0, 0, 3, 8 -> "  ▃█"; bottom row
    /// shows min(level, 8): 1, 6, 8, 8 -> "▁▆██".
    @Test func smallChartMatchesHandDrawnText() {
        let chart = TerminalChart(title: "loss", values: [1, 2, 3, 4], height: 2)
        let expected = """
            loss
            4.000 ┤  ▃█
            1.000 ┤▁▆██
                  └────
                   1  4
            """
        #expect(chart.render() == expected)
    }

    @Test func longSeriesIsAveragedIntoTheAvailableColumns() {
        // Labels "574.7" and "4.000" take 5 columns, so 300 values go into 64 - 5 - 2 = 57.
        let values = (1...300).map { 600 * exp(-Double($0) / 20) + 4 }
        let text = TerminalChart(title: "loss", values: values, scale: .logarithmic).render()
        let lines = text.split(separator: "\n")
        #expect(lines[0] == "loss (log scale)")
        #expect(lines.count == 1 + 6 + 2)
        #expect(lines.allSatisfy { $0.count <= 64 })
        #expect(lines[7].hasSuffix("─"))
        #expect(lines[7].count == 64)
        #expect(lines[8].hasPrefix("       1 ") && lines[8].hasSuffix(" 300"))
        #expect(lines[8].contains(" epoch "))
    }

    @Test func constantSeriesSitsAtHalfHeight() {
        // 4 rows = 32 levels; half is 16: the two bottom rows full, the top two empty.
        let text = TerminalChart(title: "c", values: [2, 2, 2], height: 4).render()
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows[1] == "2.000 ┤")
        #expect(rows[2] == "      │")
        #expect(rows[3] == "      │███")
        #expect(rows[4] == "2.000 ┤███")
    }

    @Test func missingValuesLeaveBlankColumnsAndNoDataSaysSo() {
        let text = TerminalChart(title: "t", values: [1, .nan, 3], height: 2).render()
        let rows = text.split(separator: "\n")
        #expect(rows[2] == "1.000 ┤▁ █")
        #expect(TerminalChart(title: "t", values: [.nan]).render() == "t\n(no data)")
    }
}
