import Foundation
import XCTest

/// `tabreg describe` and `tabreg train` on small real-world-shaped files, through the binary.
final class RealDataCLITests: XCTestCase {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private func run(_ arguments: [String]) throws -> Run {
        let result = try TabregProcess.run(arguments)
        return Run(status: result.status, stdout: result.standardOutput, stderr: result.standardError)
    }

    private func temporaryFile(_ text: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tabreg-real-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("data.csv")
        try Data(text.utf8).write(to: url)
        return url
    }

    /// An Excel export: BOM, `;` between fields, decimal commas, an unnamed index column,
    /// padded categories, blanks, CRLF line ends, a trailing empty column.
    private var excelExport: String {
        var text = "\u{FEFF};price;area;city;rooms;\r\n"
        let cities = [" Lyon", "Nice ", "Metz", "NA"]
        for row in 0..<40 {
            let area = row == 5 ? "" : "\(50 + row),5"
            text += "\(row);\(100 + row * 3),25;\(area);\(cities[row % 4]);\(1 + row % 4);\r\n"
        }
        return text
    }

    func testDescribeShowsTypesMissingCountsLevelsAndRoles() throws {
        let url = try temporaryFile(excelExport)
        let result = try run(["describe", "--data", url.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "\(url.path): 40 rows, 6 columns")
        XCTAssertTrue(lines[2].contains("Unnamed: 0") && lines[2].contains("row index"), lines[2])
        XCTAssertTrue(lines[3].contains("price") && lines[3].contains("100.25 .. 217.25"), lines[3])
        XCTAssertTrue(lines[4].contains("area") && lines[4].contains("  1  "), lines[4])
        XCTAssertTrue(lines[5].contains("categorical") && lines[5].contains("3 levels"), lines[5])
        XCTAssertTrue(lines[7].contains("Unnamed: 5") && lines[7].contains("empty"), lines[7])
        XCTAssertTrue(result.stderr.contains("decimal comma"), result.stderr)
    }

    func testDescribeJSONHasOneObjectPerColumn() throws {
        let url = try temporaryFile(excelExport)
        let result = try run(["describe", "--data", url.path, "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["rows"] as? Int, 40)
        XCTAssertEqual(object["delimiter"] as? String, ";")
        let columns = try XCTUnwrap(object["columns"] as? [[String: Any]])
        XCTAssertEqual(
            columns.map { $0["name"] as? String },
            [
                "Unnamed: 0", "price", "area", "city", "rooms", "Unnamed: 5",
            ])
        XCTAssertEqual(columns[3]["levels"] as? [String], ["Lyon", "Metz", "Nice"])
        XCTAssertEqual(columns[3]["missing"] as? Int, 10)
        XCTAssertEqual(columns[2]["missing"] as? Int, 1)
        XCTAssertEqual(columns[0]["role"] as? String, "index")
        XCTAssertEqual(columns[5]["role"] as? String, "empty")
    }

    func testTrainOnAnExcelExportPrintsNoticesAndRecordsThemWithTheSchema() throws {
        let url = try temporaryFile(excelExport)
        let output = url.deletingLastPathComponent().appendingPathComponent("out")
        let result = try run([
            "train", "--data", url.path, "--target", "price", "--epochs", "2", "--batch-size", "8",
            "--output", output.path, "--json",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("notice: Column 1 (\"Unnamed: 0\")"), result.stderr)
        XCTAssertTrue(result.stderr.contains("notice: Left out 1 column"), result.stderr)
        let object = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let data = try XCTUnwrap(object["data"] as? [String: Any])
        XCTAssertEqual(
            data["features"] as? [String],
            [
                "area", "area (missing)", "city=Lyon", "city=Metz", "city=Nice", "city=(missing)",
                "rooms",
            ])
        let notices = try XCTUnwrap(data["notices"] as? [String])
        XCTAssertTrue(notices.contains { $0.contains("decimal comma") }, "\(notices)")
        let schema = try XCTUnwrap(data["schema"] as? [String: Any])
        let columns = try XCTUnwrap(schema["columns"] as? [[String: Any]])
        XCTAssertEqual(
            columns.map { $0["role"] as? String },
            [
                "index", "target", "feature", "feature", "feature", "empty",
            ])
    }

    func testMissingErrorOptionIsNotIgnored() throws {
        let url = try temporaryFile(excelExport)
        let output = url.deletingLastPathComponent().appendingPathComponent("out")
        let result = try run([
            "train", "--data", url.path, "--target", "price", "--epochs", "1", "--batch-size", "8",
            "--output", output.path, "--missing", "error",
        ])
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.stderr.contains("line 5, column 4 (\"city\")"), result.stderr)
    }

    func testBadDelimiterOptionIsAUsageError() throws {
        let url = try temporaryFile("a,b\n1,2\n")
        let result = try run(["describe", "--data", url.path, "--delimiter", "ab"])
        XCTAssertEqual(result.status, 64, result.stderr)
    }
}
