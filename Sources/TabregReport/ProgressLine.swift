/// The state of training after an epoch, rendered as one terminal line: a live progress bar for
/// a terminal (`render(width:colored:)`) or a plain log line for pipes and files
/// (`plainText()`).
///
/// This type only builds text; the CLI writes it. On a terminal the CLI redraws the bar in
/// place (carriage return, the line, erase to end of line) and ends it with a newline when
/// training ends; elsewhere it prints `plainText()` lines, which never contain control
/// characters, so piped output is never garbled.
public struct ProgressLine: Sendable, Equatable {
    /// Epochs finished, 0...totalEpochs.
    public var epoch: Int
    /// Epochs planned.
    public var totalEpochs: Int
    /// Seconds since training started.
    public var elapsedSeconds: Double
    /// The epoch's mean training loss.
    public var loss: Double
    /// Mean squared error on the training rows after the epoch, if measured.
    public var trainMSE: Double?
    /// Mean squared error on the test rows after the epoch, if there is a test split.
    public var testMSE: Double?
    /// Mean squared error on the validation rows after the epoch, if early stopping holds
    /// some out.
    public var validationMSE: Double?

    public init(
        epoch: Int, totalEpochs: Int, elapsedSeconds: Double, loss: Double,
        trainMSE: Double? = nil, testMSE: Double? = nil, validationMSE: Double? = nil
    ) {
        precondition(totalEpochs > 0, "totalEpochs must be positive, got \(totalEpochs)")
        self.epoch = epoch
        self.totalEpochs = totalEpochs
        self.elapsedSeconds = elapsedSeconds
        self.loss = loss
        self.trainMSE = trainMSE
        self.testMSE = testMSE
        self.validationMSE = validationMSE
    }

    /// Epochs per second so far; nil before the first epoch or when no time has passed.
    public var epochsPerSecond: Double? {
        guard epoch > 0, elapsedSeconds > 0, elapsedSeconds.isFinite else { return nil }
        return Double(epoch) / elapsedSeconds
    }

    /// Seconds left at the rate so far; nil when the rate is unknown.
    public var remainingSeconds: Double? {
        epochsPerSecond.map { Double(max(0, totalEpochs - epoch)) / $0 }
    }

    /// One line for a terminal `width` columns wide, never wider:
    ///
    ///     epoch  37/300  ███▋░░░░░░░░░░░░░░░░░░░░░░░░░░   12%  612 epochs/s  0.1s<0.4s  loss 23.41  MSE train 21.90  test 25.10
    ///
    /// The bar takes what the other parts leave, between 10 and 30 columns. When the line does
    /// not fit, parts are dropped in this order: rate, percentage, times, bar, validation MSE,
    /// test MSE, train MSE, loss; the epoch counter stays (cut to `width` if even it does not
    /// fit). On an 80-column terminal a 300-epoch run keeps the times, loss and both MSEs.
    ///
    /// - Parameters:
    ///   - width: Terminal columns; the visible text is at most this long.
    ///   - colored: Adds ANSI colours (green bar, bold loss); the escape codes take no
    ///     columns. The CLI passes false when `NO_COLOR` is set or output is not a terminal.
    public func render(width: Int, colored: Bool) -> String {
        var parts = textParts()
        let separator = 2
        while true {
            let fixed = parts.reduce(0) { $0 + $1.text.count } + separator * parts.count
            let barWidth = min(30, width - fixed)
            if barWidth >= 10 {
                return assemble(parts, barWidth: barWidth, colored: colored)
            }
            // The bar does not fit: drop the least important part, or the bar itself last.
            if let drop = parts.indices.filter({ parts[$0].dropRank != nil })
                .min(by: { parts[$0].dropRank! < parts[$1].dropRank! }),
                parts[drop].dropRank! < Part.barRank
            {
                parts.remove(at: drop)
                continue
            }
            break
        }
        // No room for a bar: the parts alone, dropping more while they overflow.
        while parts.count > 1, lineLength(parts) > width {
            let drop = parts.indices.filter { parts[$0].dropRank != nil }
                .min(by: { parts[$0].dropRank! < parts[$1].dropRank! })!
            parts.remove(at: drop)
        }
        if lineLength(parts) > width {
            return String(parts[0].text.prefix(max(0, width)))
        }
        return assemble(parts, barWidth: 0, colored: colored)
    }

    /// One plain line for logs and pipes, with no control characters and a fixed layout:
    /// `epoch 37/300  loss 23.41  train MSE 21.90  test MSE 25.10  0.1s`.
    public func plainText() -> String {
        var text = "epoch \(epoch)/\(totalEpochs)  loss \(Self.metric(loss))"
        if let trainMSE { text += "  train MSE \(Self.metric(trainMSE))" }
        if let testMSE { text += "  test MSE \(Self.metric(testMSE))" }
        if let validationMSE { text += "  validation MSE \(Self.metric(validationMSE))" }
        return text + "  " + ChartNumberFormat.duration(elapsedSeconds)
    }

    // MARK: - Parts

    private struct Part {
        /// Parts with lower ranks are dropped first; nil is never dropped. The bar goes before
        /// any part ranked at or above `barRank`.
        static let barRank = 4
        var text: String
        var dropRank: Int?
        var isLoss = false
    }

    private static func metric(_ value: Double) -> String {
        ChartNumberFormat.significant(value, significantDigits: 4)
    }

    private func textParts() -> [Part] {
        let digits = String(totalEpochs).count
        let epochText = String(epoch)
        let counter =
            "epoch " + String(repeating: " ", count: max(0, digits - epochText.count))
            + epochText + "/" + String(totalEpochs)
        let percent = Int((fraction * 100).rounded(.down))
        let percentText =
            String(repeating: " ", count: max(0, 3 - String(percent).count))
            + String(percent) + "%"
        var parts = [Part(text: counter, dropRank: nil)]
        // The bar goes here, between the counter and the percentage.
        parts.append(Part(text: percentText, dropRank: 2))
        let rate: String
        if let epochsPerSecond {
            rate =
                epochsPerSecond >= 100
                ? ChartNumberFormat.fixed(epochsPerSecond, fractionDigits: 0)
                : ChartNumberFormat.significant(epochsPerSecond, significantDigits: 3)
        } else {
            rate = "?"
        }
        parts.append(Part(text: rate + " epochs/s", dropRank: 1))
        let remaining = remainingSeconds.map(ChartNumberFormat.duration) ?? "?"
        parts.append(
            Part(text: ChartNumberFormat.duration(elapsedSeconds) + "<" + remaining, dropRank: 3))
        parts.append(Part(text: "loss " + Self.metric(loss), dropRank: 7, isLoss: true))
        // "MSE train 21.90  test 25.10": the MSE label is said once, to save columns.
        if let trainMSE {
            parts.append(Part(text: "MSE train " + Self.metric(trainMSE), dropRank: 6))
        }
        if let testMSE { parts.append(Part(text: "test " + Self.metric(testMSE), dropRank: 5)) }
        if let validationMSE {
            parts.append(Part(text: "validation " + Self.metric(validationMSE), dropRank: 4))
        }
        return parts
    }

    private var fraction: Double {
        min(1, max(0, Double(epoch) / Double(totalEpochs)))
    }

    private func lineLength(_ parts: [Part]) -> Int {
        parts.reduce(0) { $0 + $1.text.count } + 2 * (parts.count - 1)
    }

    private func assemble(_ parts: [Part], barWidth: Int, colored: Bool) -> String {
        var pieces: [String] = []
        for (index, part) in parts.enumerated() {
            if part.isLoss && colored {
                pieces.append("loss \u{1B}[1m" + Self.metric(loss) + "\u{1B}[0m")
            } else {
                pieces.append(part.text)
            }
            if index == 0 && barWidth > 0 { pieces.append(bar(width: barWidth, colored: colored)) }
        }
        return pieces.joined(separator: "  ")
    }

    /// A bar of `width` cells, filled in eighths of a cell: `█████▌░░░░`.
    private func bar(width: Int, colored: Bool) -> String {
        let eighths = Int((fraction * Double(width * 8)).rounded(.down))
        let full = eighths / 8
        let partialLevel = eighths % 8
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        let filled = String(repeating: "█", count: full) + partials[partialLevel]
        let emptyCount = width - full - (partialLevel > 0 ? 1 : 0)
        let empty = String(repeating: "░", count: emptyCount)
        guard colored else { return filled + empty }
        return "\u{1B}[32m" + filled + "\u{1B}[0m\u{1B}[2m" + empty + "\u{1B}[0m"
    }
}
