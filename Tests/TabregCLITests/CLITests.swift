import Foundation
import XCTest

/// The CLI through the built `tabreg` executable.
final class CLITests: XCTestCase {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String], in folder: URL? = nil) throws -> Run {
        let result = try TabregProcess.run(arguments, in: folder)
        return Run(status: result.status, stdout: result.standardOutput, stderr: result.standardError)
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tabreg-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testNoArgumentsRunsTrainOnTheEmbeddedDataFromAnyFolder() throws {
        let folder = try temporaryFolder()
        let result = try run(["--epochs", "2"], in: folder)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("network  test"), result.stdout)
        XCTAssertTrue(result.stdout.contains("OLS      test"), result.stdout)
        XCTAssertTrue(result.stderr.contains("506 rows, 13 features, target medv"), result.stderr)
        XCTAssertTrue(result.stderr.contains("epoch 2/2"), "plain progress lines when not on a terminal")
        for name in ["history.csv", "metrics.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("tabreg-output/\(name)").path), name)
        }
    }

    func testJSONParsesAndHasTheDocumentedKeysAndNothingElseOnStdout() throws {
        let folder = try temporaryFolder()
        let result = try run(["train", "--json", "--epochs", "2", "--scale", "none", "--test-fraction", "0",
                              "--output", folder.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["tabreg_version", "data", "settings", "history", "network", "baseline", "seconds"])
        let baseline = try XCTUnwrap(object["baseline"] as? [String: Any])
        XCTAssertNil(baseline["test"], "no test object without a test split")
        let train = try XCTUnwrap(baseline["train"] as? [String: Double])
        XCTAssertEqual(train["mse"]!, 21.894831, accuracy: 5e-7)
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("metrics.json"))) as? [String: Any]
        XCTAssertEqual(saved?["history"] as? NSArray, object["history"] as? NSArray)
    }

    func testQuietPrintsNoProgress() throws {
        let folder = try temporaryFolder()
        let result = try run(["train", "--quiet", "--epochs", "2", "--output", folder.path])
        XCTAssertEqual(result.status, 0)
        XCTAssertFalse(result.stderr.contains("epoch"), result.stderr)
    }

    func testLogEveryThinsTheProgressLines() throws {
        let folder = try temporaryFolder()
        let result = try run(["train", "--epochs", "4", "--log-every", "2", "--output", folder.path])
        XCTAssertEqual(result.stderr.components(separatedBy: "epoch ").count - 1, 2, result.stderr)
    }

    func testMissingColumnExits65NamingItAndWritesNothing() throws {
        let folder = try temporaryFolder()
        let output = folder.appendingPathComponent("out")
        let result = try run(["train", "--target", "price", "--output", output.path])
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.stderr.contains("\"price\""), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
    }

    func testNonNumericTargetExits65NamingLineAndColumn() throws {
        let folder = try temporaryFolder()
        let data = folder.appendingPathComponent("bad.csv")
        var rows = (1...60).map { "\($0),\($0 * 2),\($0 * 3)" }
        rows[38] = "39,78,five"  // line 40: header + 39 rows
        try ("a,b,y\n" + rows.joined(separator: "\n") + "\n").write(to: data, atomically: true, encoding: .utf8)
        let result = try run(["train", "--data", data.path, "--target", "y", "--output", folder.appendingPathComponent("out").path])
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.stderr.contains("line 40"), result.stderr)
        XCTAssertTrue(result.stderr.contains("column 3 (\"y\")"), result.stderr)
        XCTAssertTrue(result.stderr.contains("\"five\""), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    func testAFailedRunLeavesThePreviousRunsFilesAsTheyWere() throws {
        let folder = try temporaryFolder()
        XCTAssertEqual(try run(["train", "--epochs", "1", "--output", folder.path]).status, 0)
        let before = try Data(contentsOf: folder.appendingPathComponent("metrics.json"))
        XCTAssertEqual(try run(["train", "--target", "nope", "--output", folder.path]).status, 65)
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent("metrics.json")), before)
    }

    func testMissingDataFileAndFolderExit65NamingThePath() throws {
        let folder = try temporaryFolder()
        let missing = try run(["train", "--data", folder.appendingPathComponent("nope.csv").path, "--target", "y"])
        XCTAssertEqual(missing.status, 65)
        XCTAssertTrue(missing.stderr.contains("nope.csv: does not exist."), missing.stderr)
        let directory = try run(["train", "--data", folder.path, "--target", "y"])
        XCTAssertEqual(directory.status, 65)
        XCTAssertTrue(directory.stderr.contains("is a folder, not a CSV file"), directory.stderr)
    }

    func testUnwritableOutputFails1NamingThePathAndLeavesNoTemporaryFiles() throws {
        let folder = try temporaryFolder()
        let blocker = folder.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        // The output "folder" is a file, so nothing can be written under it.
        let result = try run(["train", "--epochs", "1", "--quiet", "--output", blocker.appendingPathComponent("out").path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("error: cannot write \(blocker.path)"), result.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["file"])
    }

    func testUsageErrorsExit64() throws {
        XCTAssertEqual(try run(["train", "--epochs", "zero"]).status, 64)
        XCTAssertEqual(try run(["train", "--hidden", "200,-1"]).status, 64)
    }
}
