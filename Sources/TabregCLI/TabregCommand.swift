import ArgumentParser

/// The `tabreg` command: trains neural-network regressors on tabular data and compares them
/// with linear baselines. With no subcommand it runs `train` on the embedded Boston data.
public struct TabregCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tabreg",
        abstract: "Train neural-network regressors on tabular data and compare them with baselines.",
        subcommands: [])

    public init() {}

    public func run() async throws {}
}
