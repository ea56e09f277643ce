import ArgumentParser
import Foundation
import TabregData

/// `tabreg describe`: the schema tabreg infers for a CSV file (types, missing counts, levels
/// or ranges, index and empty columns), so a user sees what training will do before training.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show the schema tabreg infers for a CSV file.")

    @Option(name: .long, help: "CSV file to describe.")
    var data: String

    @OptionGroup var reading: ReadingOptions

    @Flag(name: .long, help: "Print the schema as one JSON document on stdout.")
    var json = false

    /// The `--json` document: the schema plus the reader's notices.
    struct Document: Encodable {
        var source: String
        var rows: Int
        var delimiter: String
        var columns: [TableSchema.ColumnSummary]
        var notices: [String]
    }

    func run() throws {
        let (schema, delimiter) = try reportingErrors {
            let document = try CSVParser.read(
                contentsOf: URL(fileURLWithPath: data), source: data,
                delimiter: reading.delimiterByte)
            var table = CSVReader.table(from: document)
            table = try table.treatingAsCategorical(
                reading.categorical.map(DataOptions.list) ?? [])
            var roles: [Int: String] = [:]
            for index in table.emptyColumns { roles[index] = "empty" }
            if let index = table.indexColumn() { roles[index] = "index" }
            return (TableSchema(table, roles: roles), document.delimiter)
        }
        if json {
            let document = Document(
                source: schema.source, rows: schema.rows,
                delimiter: String(UnicodeScalar(delimiter)),
                columns: schema.columns, notices: schema.notices)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes, .sortedKeys]
            Console.output(String(decoding: try encoder.encode(document), as: UTF8.self) + "\n")
            return
        }
        for notice in schema.notices { Console.error("notice: \(notice)\n") }
        Console.output(Self.text(schema))
    }

    /// The schema as an aligned text table.
    static func text(_ schema: TableSchema) -> String {
        var rows: [[String]] = [["#", "column", "type", "missing", "summary"]]
        for column in schema.columns {
            var summary: String
            if column.type == "numeric" {
                if let minimum = column.minimum, let maximum = column.maximum {
                    summary = "\(number(minimum)) .. \(number(maximum))"
                    if let mean = column.mean { summary += ", mean \(number(mean))" }
                    if column.integer == true {
                        summary += ", integers, \(column.distinct) distinct"
                    }
                } else {
                    summary = "no values"
                }
            } else {
                let levels = zip(column.levels ?? [], column.levelCounts ?? [])
                    .prefix(6).map { "\($0) (\($1))" }.joined(separator: ", ")
                summary = "\(column.distinct) level\(column.distinct == 1 ? "" : "s"): \(levels)"
                if column.distinct > 6 { summary += ", ..." }
                if Double(column.distinct) > 0.5 * Double(schema.rows) {
                    summary = "too many levels to be a feature (--drop it); " + summary
                }
            }
            switch column.role {
            case "index": summary = "row index, not a feature; " + summary
            case "empty": summary = "empty, not a feature"
            default: break
            }
            rows.append([
                "\(column.number)", column.name, column.type, "\(column.missing)", summary,
            ])
        }
        let widths = (0..<4).map { index in rows.map { $0[index].count }.max() ?? 0 }
        var text = "\(schema.source): \(schema.rows) rows, \(schema.columns.count) columns\n"
        for row in rows {
            var line = ""
            for index in 0..<4 {
                let cell = row[index]
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                line += (index == 0 || index == 3 ? padding + cell : cell + padding) + "  "
            }
            text += line + row[4] + "\n"
        }
        return text
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.6g", value)
    }
}
