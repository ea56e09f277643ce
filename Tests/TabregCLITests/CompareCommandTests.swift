import Foundation
import TabregExperiment
import XCTest

@testable import TabregCLI

final class CompareCommandTests: XCTestCase {
    func testTrainingOptionsReachTheSettings() throws {
        let command = try TrainCommand.parse([
            "--activation", "selu", "--early-stopping", "7", "--validation-fraction", "0.2",
            "--lr-schedule", "step", "--lr-step-size", "4", "--lr-gamma", "0.5", "--dropout",
            "0.25",
            "--clip-norm", "2.5", "--optimizer", "adamw", "--weight-decay", "0.02",
            "--scale-target",
        ])
        let settings = command.settings
        XCTAssertEqual(settings.activation, .selu)
        XCTAssertEqual(settings.earlyStoppingPatience, 7)
        XCTAssertEqual(settings.effectiveValidationFraction, 0.2)
        XCTAssertEqual(settings.schedule, .step(stepSize: 4, gamma: 0.5))
        XCTAssertEqual(settings.dropout, 0.25)
        XCTAssertEqual(settings.clipNorm, 2.5)
        XCTAssertEqual(settings.optimizer, .adamw)
        XCTAssertEqual(settings.effectiveWeightDecay, 0.02)
        XCTAssertTrue(settings.scaleTarget)
        XCTAssertEqual(settings.testFraction, 0.2)

        let defaults = try TrainCommand.parse([]).settings
        XCTAssertNil(defaults.earlyStoppingPatience)
        XCTAssertEqual(defaults.effectiveValidationFraction, 0)
        XCTAssertEqual(defaults.schedule, .constant)
        XCTAssertEqual(defaults.dropout, 0)
        XCTAssertNil(defaults.clipNorm)
        XCTAssertEqual(
            try TrainCommand.parse(["--early-stopping", "3"]).settings.effectiveValidationFraction,
            0.1)
        XCTAssertEqual(
            try TrainCommand.parse(["--lr-schedule", "plateau"]).settings.schedule, .plateau())
        XCTAssertEqual(
            try TrainCommand.parse(["--optimizer", "sgd", "--momentum", "0.5"]).settings.momentum, 0.5)
        XCTAssertEqual(try TrainCommand.parse(["--negative-slope", "0.2"]).settings.negativeSlope, 0.2)
    }

    func testOptionsThatWouldBeIgnoredAreRejected() {
        for arguments in [
            ["--lr-gamma", "0.5"], ["--lr-step-size", "3"],
            ["--lr-schedule", "cosine", "--lr-gamma", "0.5"],
            ["--dropout", "1"], ["--dropout", "-0.1"], ["--clip-norm", "0"],
            ["--early-stopping", "0"],
            ["--validation-fraction", "0"], ["--validation-fraction", "1"],
            ["--activation", "swish"],
            ["--momentum", "0.5"], ["--optimizer", "adam", "--momentum", "0.5"],
            ["--activation", "relu", "--negative-slope", "0.2"],
        ] {
            XCTAssertThrowsError(try TrainCommand.parse(arguments), "\(arguments)")
        }
        for arguments in [["--test-fraction", "0.2"], ["--folds", "1"], ["--ridge-alpha", "-1"]] {
            XCTAssertThrowsError(try CompareCommand.parse(arguments), "\(arguments)")
        }
    }

    func testCompareOptionsReachTheSettings() throws {
        let command = try CompareCommand.parse([
            "--folds", "3", "--ridge-alpha", "10", "--epochs", "12", "--threads", "2",
            "--early-stopping", "4",
        ])
        let settings = command.settings
        XCTAssertEqual(settings.folds, 3)
        XCTAssertEqual(settings.ridgeAlpha, 10)
        XCTAssertEqual(settings.training.epochs, 12)
        XCTAssertEqual(settings.training.threads, 2)
        XCTAssertEqual(settings.training.earlyStoppingPatience, 4)
        XCTAssertEqual(settings.training.testFraction, 0)
        let defaults = try CompareCommand.parse([]).settings
        XCTAssertEqual(defaults.folds, 5)
        XCTAssertEqual(defaults.ridgeAlpha, 1)
    }

    /// The built executable, end to end: `compare --json` prints the document on stdout,
    /// writes the same to compare.json, and shows nothing on stderr with --quiet.
    func testCompareCommandPrintsJSONAndWritesCompareJSON() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tabreg-compare-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try TabregProcess.run([
            "compare", "--epochs", "2", "--folds", "3", "--hidden", "8", "--json", "--quiet",
            "--threads", "2", "--output", folder.path,
        ])
        let stdout = result.standardOutputData
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardError, "")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: stdout) as? [String: Any])
        XCTAssertEqual(json["folds"] as? Int, 3)
        XCTAssertEqual((json["per_fold"] as? [Any])?.count, 3)
        let file = try Data(contentsOf: folder.appendingPathComponent("compare.json"))
        XCTAssertEqual(file, stdout)

        let bad = try TabregProcess.run(["compare", "--test-fraction", "0.3", "--output", folder.path])
        XCTAssertEqual(bad.status, 64)
    }
}
