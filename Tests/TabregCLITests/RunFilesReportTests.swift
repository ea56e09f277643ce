import Foundation
import Testing

@testable import TabregCLI

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The pictures `tabreg train` writes next to its other files.
@Suite struct RunFilesReportTests {
    private func parses(_ url: URL) throws -> Bool {
        let parser = XMLParser(data: try Data(contentsOf: url))
        return parser.parse()
    }

    @Test func trainWritesTheReportAndThreeChartsThatParseAsXML() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tabreg-cli-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var command = try TabregCommand.parseAsRoot([
            "train", "--epochs", "3", "--hidden", "8", "--quiet", "--output", folder.path,
        ])
        try command.run()
        for name in ["report.html", "loss.svg", "error.svg", "predictions.svg"] {
            let url = folder.appendingPathComponent(name)
            #expect(FileManager.default.fileExists(atPath: url.path), "\(name) missing")
            #expect(try parses(url), "\(name) is not well-formed XML")
        }
        let loss = try String(
            contentsOf: folder.appendingPathComponent("loss.svg"), encoding: .utf8)
        #expect(loss.contains("Training loss (batch size 50, learning rate 0.001)"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func pipedProgressIsPlainLinesWithoutControlCharactersOrChart() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tabreg-cli-piped-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        let result = try TabregProcess.run(
            ["train", "--epochs", "3", "--hidden", "8", "--output", folder.path],
            environment: environment)
        let stderr = result.standardError
        #expect(result.status == 0)
        #expect(!stderr.contains("\u{1B}") && !stderr.contains("\r"))
        #expect(stderr.contains("epoch 3/3  loss "))
        #expect(!stderr.contains("Training loss per epoch"))
    }
}
