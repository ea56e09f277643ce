import Foundation
import XCTest

/// Bad input files through the built `tabreg` binary: each must exit with 65, print one
/// sentence naming the line (and the column, where there is one), write nothing to --output
/// and leave the input as it was. Cases come from three kinds of users: one exporting from
/// Excel (BOM, `;` and decimal commas, trailing delimiters, `#VALUE!`, Windows-1252, UTF-16),
/// one exporting from a database (NULL, quoted numbers, thousands separators) and one editing
/// by hand (ragged rows, stray quotes, typos in names).
final class BadInputCLITests: XCTestCase {
    struct Case {
        var name: String
        var bytes: [UInt8]
        var arguments: [String] = ["--target", "y"]
        var line: Int
        var column: Int? = nil
        var columnName: String? = nil
        var fragments: [String] = []
        /// Adds `--batch-size 2` so small files get past the batch check.
        var smallBatches = true

        init(
            _ name: String, _ text: String, arguments: [String] = ["--target", "y"], line: Int,
            column: Int? = nil, columnName: String? = nil, fragments: [String] = [],
            smallBatches: Bool = true
        ) {
            self.init(
                name, Array(text.utf8), arguments: arguments, line: line, column: column,
                columnName: columnName, fragments: fragments, smallBatches: smallBatches)
        }

        init(
            _ name: String, _ bytes: [UInt8], arguments: [String] = ["--target", "y"], line: Int,
            column: Int? = nil, columnName: String? = nil, fragments: [String] = [],
            smallBatches: Bool = true
        ) {
            self.name = name
            self.bytes = bytes
            self.arguments = arguments
            self.line = line
            self.column = column
            self.columnName = columnName
            self.fragments = fragments
            self.smallBatches = smallBatches
        }
    }

    /// Every regular file under `folder`, relative path -> contents.
    private func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            if (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
                files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
            }
        }
        return files
    }

    private func assertRefused(_ test: Case, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tabreg-bad-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data("previous run\n".utf8).write(to: output.appendingPathComponent("metrics.json"))
        try Data("epoch,loss\n1,2\n".utf8).write(to: output.appendingPathComponent("history.csv"))
        let input = folder.appendingPathComponent("input.csv")
        try Data(test.bytes).write(to: input)
        let before = try snapshot(folder)

        let result = try TabregProcess.run(
            ["train", "--data", input.path, "--output", output.path, "--epochs", "1", "--quiet"]
                + (test.smallBatches ? ["--batch-size", "2"] : []) + test.arguments)
        let stderr = result.standardError

        let context = "\(test.name): \(stderr)"
        XCTAssertEqual(result.status, 65, context, file: file, line: line)
        let errorLines = stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        XCTAssertEqual(errorLines.count, 1, "one error line: \(context)", file: file, line: line)
        let message = String(errorLines.first ?? "")
        XCTAssertTrue(
            message.hasPrefix("error: \(input.path), line \(test.line)"),
            "line \(test.line): \(context)", file: file, line: line)
        if let column = test.column {
            var location = ", column \(column)"
            if let name = test.columnName { location += " (\"\(name)\")" }
            XCTAssertTrue(
                message.contains(location), "\(location): \(context)", file: file, line: line)
        }
        for fragment in test.fragments {
            XCTAssertTrue(
                message.contains(fragment), "\(fragment): \(context)", file: file, line: line)
        }
        XCTAssertTrue(
            message.hasSuffix(".") || message.hasSuffix("?"), context, file: file, line: line)
        XCTAssertEqual(
            try snapshot(folder), before, "output and input untouched: \(test.name)",
            file: file, line: line)
    }

    private func rows(_ count: Int, _ row: (Int) -> String) -> String {
        (0..<count).map { row($0) + "\n" }.joined()
    }

    private func utf16(_ text: String, bigEndian: Bool, mark: Bool) -> [UInt8] {
        let units = text.utf16.flatMap { unit -> [UInt8] in
            bigEndian
                ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        return mark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) + units : units
    }

    // MARK: - Structure

    func testStructuralProblemsNameTheRowStartLineAndTheColumn() throws {
        let cases: [Case] = [
            Case(
                "extra field", "a,b,y\n1,2,3\n4,5,6,7\n", line: 3, column: 4,
                fragments: ["value \"7\"", "one field too many"]),
            Case(
                "missing field", "a,b,y\n1,2,3\n4,5\n", line: 3, column: 3, columnName: "y",
                fragments: ["has no value"]),
            Case(
                "Excel trailing delimiter", "a,b,y\n1,2,3,\n", line: 2, column: 4,
                fragments: ["ends with an extra \",\""]),
            Case(
                "unterminated quote", "a,b,y\n1,2,3\n4,\"five,6\n7,8,9\n", line: 3, column: 2,
                columnName: "b", fragments: ["no closing quote"]),
            Case(
                "text after closing quote", "a,b,y\n1,\"2\"x,3\n", line: 2, column: 2,
                columnName: "b", fragments: ["value \"x\" follows a closing quote"]),
            Case(
                "ragged row after a two-line field", "name,b,y\n\"two\nlines\",2,3\n4,5\n",
                line: 4, column: 3, columnName: "y"),
            Case(
                "ragged row with CR line ends", "a,b,y\r1,2,3\r4,5\r", line: 3, column: 3,
                columnName: "y"),
            Case(
                "ragged row with CRLF and a BOM", "\u{FEFF}a,b,y\r\n1,2,3\r\n\r\n4,5,6,8\r\n",
                line: 4, column: 4),
            Case(
                "duplicate column names", "a,b,a,y\n1,2,3,4\n", line: 1, column: 3,
                columnName: "a", fragments: ["repeats the name of column 1"]),
            Case(
                "duplicate after trimming", "a, b ,b,y\n1,2,3,4\n", line: 1, column: 3,
                columnName: "b"),
            Case("empty file", "", line: 1, fragments: ["is empty"]),
            Case("only blank lines", "\n\n\r\n  \n", line: 1, fragments: ["only blank lines"]),
            Case("header only", "a,b,y\n", line: 1, fragments: ["no data rows"]),
            Case(
                "header only with BOM, CRLF, blank lines", "\u{FEFF}a,b,y\r\n\r\n\r\n", line: 1,
                fragments: ["no data rows"]),
            Case(
                "hand-edited stray opening quote", "name,y\na,1\n\"b,2\n", line: 3, column: 1,
                columnName: "name", fragments: ["no closing quote"]),
            Case(
                "tab file with a space-separated row", "a\tb\ty\n1\t2\t3\n4 5 6\n", line: 3,
                column: 2, columnName: "b", fragments: ["delimiter tab"]),
            Case(
                "decimal commas in a comma file", "x,y\n1,5,2\n", line: 2, column: 3,
                fragments: ["one field too many"]),
            Case(
                "semicolon file read with --delimiter ,", "a;b;y\n1,5;2;3\n",
                arguments: ["--target", "y", "--delimiter", ","], line: 2, column: 2),
        ]
        for test in cases { try assertRefused(test) }
    }

    // MARK: - Encoding

    func testEncodingProblemsNameTheByteOffset() throws {
        let cases: [Case] = [
            Case(
                "Latin-1 e-acute", Array("name,y\nCaf".utf8) + [0xE9] + Array(",3\n".utf8),
                line: 2, column: 1, columnName: "name",
                fragments: ["byte offset 10", "0xE9", "not valid UTF-8"]),
            Case(
                "Windows-1252 smart quotes",
                Array("a,y\n".utf8) + [0x93] + Array("hi".utf8)
                    + [0x94] + Array(",1\n".utf8), line: 2, column: 1, columnName: "a",
                fragments: ["byte offset 4"]),
            Case(
                "truncated UTF-8 at the end", Array("a,y\n1,caf".utf8) + [0xC3], line: 2,
                column: 2, columnName: "y", fragments: ["byte offset 9"]),
            Case(
                "UTF-16 little-endian with BOM", utf16("a,y\n1,2\n", bigEndian: false, mark: true),
                line: 1, fragments: ["byte offset 0", "UTF-16", "save it as UTF-8"]),
            Case(
                "UTF-16 big-endian with BOM", utf16("a,y\n1,2\n", bigEndian: true, mark: true),
                line: 1, fragments: ["UTF-16 big-endian", "save it as UTF-8"]),
            Case(
                "UTF-16 without BOM", utf16("a,y\n1,2\n", bigEndian: false, mark: false),
                line: 1, fragments: ["looks like UTF-16", "save it as UTF-8"]),
            Case(
                "NUL byte", Array("a,y\n1,2\n3,".utf8) + [0] + Array("\n".utf8), line: 3,
                column: 2, columnName: "y", fragments: ["byte offset 10", "NUL"]),
        ]
        for test in cases { try assertRefused(test) }
    }

    // MARK: - Target

    func testTargetProblemsNameTheValue() throws {
        let constant = "x,y\n" + rows(10) { "\($0),5" }
        let allMissing = "x,y\n" + rows(10) { "\($0),NA" }
        let cases: [Case] = [
            Case(
                "text target", "x,y\n1,2\n2,abc\n3,4\n", line: 3, column: 2, columnName: "y",
                fragments: ["value \"abc\"", "target must be numeric"]),
            Case(
                "database thousands separator", "x,y\n1,\"1,234\"\n2,5\n", line: 2, column: 2,
                columnName: "y", fragments: ["thousands separator"]),
            Case(
                "currency sign", "x,price\n1,$12.50\n2,3\n", arguments: ["--target", "price"],
                line: 2, column: 2, columnName: "price", fragments: ["value \"$12.50\""]),
            Case(
                "units in the cell", "x,y\n1,12 kg\n2,3\n", line: 2, column: 2, columnName: "y",
                fragments: ["value \"12 kg\""]),
            Case(
                "class labels as target", "x,y\n1,low\n2,high\n", line: 2, column: 2,
                columnName: "y"),
            Case(
                "unknown target", "x,price\n1,2\n", arguments: ["--target", "prise"], line: 1,
                fragments: ["no target column named \"prise\"", "did you mean \"price\"?"]),
            Case(
                "inf in the target", "x,y\n1,2\n2,inf\n", line: 3, column: 2, columnName: "y",
                fragments: ["value \"inf\"", "infinite"]),
            Case(
                "overflowing target", "x,y\n1,1e400\n2,3\n", line: 2, column: 2,
                columnName: "y", fragments: ["value \"1e400\""]),
            Case(
                "constant target", constant, arguments: ["--target", "y", "--test-fraction", "0"],
                line: 2, column: 2, columnName: "y", fragments: ["constant target"]),
            Case(
                "target missing everywhere", allMissing, line: 2, column: 2, columnName: "y",
                fragments: ["missing in every row"]),
            Case(
                "target given as --categorical", "x,y\n1,2\n2,3\n",
                arguments: ["--target", "y", "--categorical", "y"], line: 1, column: 2,
                columnName: "y", fragments: ["cannot be --categorical"]),
            Case(
                "target also in --features", "x,y\n1,2\n2,3\n",
                arguments: ["--target", "y", "--features", "x,y"], line: 1, column: 2,
                columnName: "y", fragments: ["cannot also be a feature"]),
            Case(
                "infinite target with decimal commas", "x;y\n1,5;2\n2,5;1e999\n", line: 3,
                column: 2, columnName: "y", fragments: ["infinite"]),
        ]
        for test in cases { try assertRefused(test) }
    }

    // MARK: - Features and options

    func testFeatureAndOptionProblemsNameTheColumn() throws {
        let tenRows = "rooms,age,color,y\n" + rows(10) { "\($0 % 3),\(20 + $0),red,\($0 * 2)" }
        let missingFeature = "x,c,y\n" + rows(10) { $0 == 6 ? ",a,\($0)" : "\($0),a,\($0)" }
        let nullTarget = "id,x,y\n" + rows(10) { $0 == 3 ? "\($0),2,\"NULL\"" : "\($0),2,\($0)" }
        let names = "name,y\n" + rows(8) { "car \($0),\($0)" }
        let excelError = "km,y\n" + rows(10) { $0 == 7 ? "#VALUE!,\($0)" : "\($0 * 13),\($0)" }
        let infiniteFeature = "x,y\n" + rows(4) { $0 == 2 ? "-Infinity,\($0)" : "\($0),\($0)" }
        let smallFile = "x,y\n" + rows(30) { "\($0),\($0 % 7)" }
        let cases: [Case] = [
            Case(
                "unknown feature", tenRows,
                arguments: ["--target", "y", "--features", "rooms,aeg"],
                line: 1, fragments: ["no feature column named \"aeg\"", "did you mean \"age\"?"]),
            Case(
                "unknown --drop", tenRows, arguments: ["--target", "y", "--drop", "ages"],
                line: 1, fragments: ["did you mean \"age\"?"]),
            Case(
                "unknown --categorical", tenRows,
                arguments: ["--target", "y", "--categorical", "colour"], line: 1,
                fragments: ["did you mean \"color\"?"]),
            Case(
                "--missing error with an empty feature", missingFeature,
                arguments: ["--target", "y", "--missing", "error"], line: 8, column: 1,
                columnName: "x", fragments: ["--missing error"]),
            Case(
                "--missing error with a quoted NULL target", nullTarget,
                arguments: ["--target", "y", "--missing", "error"], line: 5, column: 3,
                columnName: "y"),
            Case(
                "fewer rows than a batch", smallFile, line: 31, column: 2, columnName: "y",
                fragments: ["fewer than one batch of 50", "--batch-size 24"], smallBatches: false),
            Case(
                "text column with a value per row", names, line: 2, column: 1,
                columnName: "name", fragments: ["value \"car 0\"", "--drop name"]),
            Case(
                "Excel #VALUE! in a number column", excelError, line: 9, column: 1,
                columnName: "km", fragments: ["value \"#VALUE!\"", "9 of the column's 10"]),
            Case(
                "-Infinity in a feature", infiniteFeature, line: 4, column: 1, columnName: "x",
                fragments: ["value \"-Infinity\"", "infinite"]),
        ]
        for test in cases { try assertRefused(test) }
    }
}
