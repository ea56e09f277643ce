import ArgumentParser

/// The `tabreg` command: trains neural-network regressors on tabular data and compares them
/// with linear baselines. With no subcommand it runs `train` on the embedded Boston data.
public struct TabregCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tabreg",
        abstract:
            "Train neural-network regressors on tabular data and compare them with baselines.",
        discussion: """
            With no subcommand, tabreg runs `train` on the embedded Boston housing data \
            (506 rows, 13 features, target medv).
            """,
        version: "0.1.0",
        subcommands: [
            TrainCommand.self, CompareCommand.self, PredictCommand.self, ExportCommand.self,
            DescribeCommand.self,
        ],
        defaultSubcommand: TrainCommand.self)

    public init() {}
}
