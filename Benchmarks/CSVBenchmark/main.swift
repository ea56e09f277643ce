// CSV parse throughput: reads a CSV into typed columns with TabregData's CSVParser, several
// times, and prints the best run's MB/s (1 MB = 10^6 bytes). Usage:
//   swift build -c release --product CSVBenchmark
//   .build/release/CSVBenchmark FILE [REPEATS]
// Benchmarks/csv_throughput.py generates FILE and times pandas.read_csv on it.
import Foundation
import TabregData

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: CSVBenchmark FILE [REPEATS]\n".utf8))
    exit(64)
}
let url = URL(fileURLWithPath: arguments[1])
let repeats = arguments.count >= 3 ? Int(arguments[2]) ?? 5 : 5
let bytes = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
var best = Double.infinity
var summary = ""
for _ in 0..<repeats {
    let start = ContinuousClock.now
    let document = try CSVParser.read(contentsOf: url)
    let elapsed = ContinuousClock.now - start
    let seconds =
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    best = min(best, seconds)
    summary =
        "\(document.rowCount) rows x \(document.columns.count) columns, "
        + "\(document.columns.filter(\.isNumeric).count) numeric"
}
print(summary)
print(
    String(
        format: "best of %d: %.3f s for %.1f MB = %.0f MB/s", repeats, best,
        Double(bytes) / 1e6, Double(bytes) / 1e6 / best))
