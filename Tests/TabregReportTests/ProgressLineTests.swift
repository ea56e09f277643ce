import Testing

@testable import TabregReport

/// The visible text of a terminal line: ANSI escape sequences removed.
private func visible(_ line: String) -> String {
    var result = ""
    var inEscape = false
    for character in line {
        if character == "\u{1B}" {
            inEscape = true
        } else if inEscape {
            if character.isLetter { inEscape = false }
        } else {
            result.append(character)
        }
    }
    return result
}

@Suite struct ProgressLineTests {
    // Epoch 30 of 300 after 3 s: 10 epochs/s, 27 s left, 10% done.
    let progress = ProgressLine(
        epoch: 30, totalEpochs: 300, elapsedSeconds: 3, loss: 23.4149, trainMSE: 21.9,
        testMSE: 25.1)

    @Test func wideTerminalShowsEveryPartWithAThirtyCellBar() {
        // 10% of 30 cells = 24 eighths = 3 full cells and no partial one.
        let bar = String(repeating: "█", count: 3) + String(repeating: "░", count: 27)
        let expected =
            "epoch  30/300  \(bar)   10%  10.0 epochs/s  3.0s<27.0s  loss 23.41  "
            + "MSE train 21.90  test 25.10"
        #expect(progress.render(width: 200, colored: false) == expected)
        // 13 + 30 + 4 + 13 + 10 + 10 + 15 + 10 characters and 7 two-space separators.
        #expect(expected.count == 119)
    }

    @Test func narrowerTerminalDropsTheRateBeforeShrinkingTheBarBelowTen() {
        // Without the bar the parts take 105 - 30 + 7 * 2 = 89 columns; at 90 the bar would
        // get 1 < 10, so the rate (13 + 2 columns) goes and the bar gets 90 - 74 = 16 cells.
        let line = progress.render(width: 90, colored: false)
        #expect(line.count == 90)
        #expect(!line.contains("epochs/s"))
        #expect(line.contains("3.0s<27.0s"))
        #expect(line.filter { $0 == "█" || $0 == "░" || "▏▎▍▌▋▊▉".contains($0) }.count == 16)
    }

    @Test func eightyColumnsKeepTimesLossAndBothErrors() {
        // Rate and percentage go; counter 13, times 10, loss 10, MSE train 15, test 10 = 58
        // and 5 separators = 68, leaving an 11-cell bar in 79: 10% of 88 eighths = 8.8, so one
        // full cell and no partial one.
        let line = progress.render(width: 79, colored: false)
        #expect(
            line
                == "epoch  30/300  █░░░░░░░░░░  3.0s<27.0s  loss 23.41  MSE train 21.90  test 25.10"
        )
    }

    @Test func lineNeverExceedsTheWidthAndKeepsTheCounter() {
        for width in 1...160 {
            for colored in [false, true] {
                let line = visible(progress.render(width: width, colored: colored))
                #expect(line.count <= width, "width \(width): \(line)")
                if width >= 13 { #expect(line.hasPrefix("epoch  30/300")) }
            }
        }
    }

    @Test func smallTerminalKeepsLossAndDropsTheRestInOrder() {
        // counter 13 + loss 10 + separator 2 = 25 columns.
        #expect(progress.render(width: 25, colored: false) == "epoch  30/300  loss 23.41")
        #expect(progress.render(width: 24, colored: false) == "epoch  30/300")
    }

    @Test func colourAddsOnlyEscapeCodes() {
        let plain = progress.render(width: 120, colored: false)
        let colored = progress.render(width: 120, colored: true)
        #expect(colored != plain)
        #expect(colored.contains("\u{1B}[32m"))
        #expect(visible(colored) == plain)
        #expect(!plain.contains("\u{1B}"))
    }

    @Test func barFillsInEighthsOfACell() {
        // 1 of 3 epochs on a 30-cell bar: 80 eighths = 10 full cells; 1 of 7: 34 eighths =
        // 4 full cells and a 2/8 cell.
        let third = ProgressLine(epoch: 1, totalEpochs: 3, elapsedSeconds: 1, loss: 1)
        #expect(third.render(width: 200, colored: false).contains("  ██████████░░░░"))
        let seventh = ProgressLine(epoch: 1, totalEpochs: 7, elapsedSeconds: 1, loss: 1)
        #expect(seventh.render(width: 200, colored: false).contains("  ████▎░"))
    }

    @Test func unknownRateBeforeTheFirstEpochShowsQuestionMarks() {
        let start = ProgressLine(epoch: 0, totalEpochs: 300, elapsedSeconds: 0, loss: .nan)
        let line = start.render(width: 200, colored: false)
        #expect(line.contains("? epochs/s"))
        #expect(line.contains("0.0s<?"))
        #expect(line.contains("  0%"))
        #expect(start.remainingSeconds == nil)
    }

    @Test func plainTextHasNoControlCharactersAndAFixedLayout() {
        #expect(
            progress.plainText()
                == "epoch 30/300  loss 23.41  train MSE 21.90  test MSE 25.10  3.0s")
        let lossOnly = ProgressLine(epoch: 1, totalEpochs: 2, elapsedSeconds: 0.04, loss: 612.3)
        #expect(lossOnly.plainText() == "epoch 1/2  loss 612.3  0.0s")
    }
}
