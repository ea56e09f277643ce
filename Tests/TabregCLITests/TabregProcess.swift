import Foundation

/// Runs the built `tabreg` executable as a user does and captures what it printed.
///
/// SwiftPM builds the executable with the tests and puts it beside the test bundle. Both output
/// streams are drained at once (standard error on another thread), so a run that prints a lot on
/// either can never block on a full pipe.
enum TabregProcess {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
        var standardOutputData: Data
    }

    /// The `tabreg` executable next to the test bundle.
    static var executable: URL {
        #if os(macOS)
            for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
                return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("tabreg")
            }
            fatalError("no .xctest bundle to find the tabreg executable beside")
        #else
            return Bundle.main.bundleURL.appendingPathComponent("tabreg")
        #endif
    }

    /// Runs `tabreg arguments...` in `folder` (default: the current one) with `environment`
    /// (default: this process's) and waits for it to exit.
    static func run(
        _ arguments: [String], in folder: URL? = nil, environment: [String: String]? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        if let environment { process.environment = environment }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let errorData = ErrorBox()
        let reader = Thread {
            errorData.data = error.fileHandleForReading.readDataToEndOfFile()
            errorData.done.signal()
        }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        errorData.done.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData.data, as: UTF8.self),
            standardOutputData: outputData)
    }

    private final class ErrorBox: @unchecked Sendable {
        var data = Data()
        let done = DispatchSemaphore(value: 0)
    }
}
