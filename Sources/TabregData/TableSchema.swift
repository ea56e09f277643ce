import Foundation

/// What tabreg infers about a table's columns, for `tabreg describe` and the run's JSON.
public struct TableSchema: Sendable, Equatable, Encodable {
    /// One column's summary.
    public struct ColumnSummary: Sendable, Equatable, Encodable {
        /// 1-based position in the file.
        public var number: Int
        public var name: String
        /// `numeric` or `categorical`.
        public var type: String
        /// `feature` (default), `index` (dropped as a row index), `empty` (every value
        /// missing; dropped), `target`, or `dropped` (by --drop or --features).
        public var role: String
        public var missing: Int
        /// Numeric columns: smallest and largest value, mean, whether all are integers, and
        /// the number of distinct values.
        public var minimum: Double?
        public var maximum: Double?
        public var mean: Double?
        public var integer: Bool?
        public var distinct: Int
        /// Categorical columns: the levels, most frequent first (ties by code point), at most
        /// ``levelLimit``, and how often each occurs.
        public var levels: [String]?
        public var levelCounts: [Int]?

        enum CodingKeys: String, CodingKey {
            case number, name, type, role, missing
            case minimum = "min"
            case maximum = "max"
            case mean
            case integer, distinct, levels
            case levelCounts = "level_counts"
        }
    }

    /// How many levels a summary lists.
    public static let levelLimit = 20

    public var source: String
    public var rows: Int
    public var columns: [ColumnSummary]
    /// What the reader decided (delimiter, decimal comma, ...); not encoded (a run's JSON
    /// has its own `notices`).
    public var notices: [String] = []

    enum CodingKeys: String, CodingKey {
        case source, rows, columns
    }

    /// Summarizes every column of `table`; `roles` overrides the role by column index.
    public init(_ table: Table, roles: [Int: String] = [:]) {
        notices = table.notices
        source = table.source
        rows = table.rowCount
        // Columns are summarized independently, so large tables spread them over two
        // threads (each with one scratch buffer for its columns' distinct counts); the
        // summaries are the same whichever thread computes them.
        let work = SummaryWork(table: table, roles: roles)
        let workers =
            table.rowCount * table.columns.count >= 1 << 20
            ? min(2, ProcessInfo.processInfo.activeProcessorCount, table.columns.count) : 1
        if workers > 1 {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                work.summarize(worker: worker, of: workers)
            }
        } else {
            work.summarize(worker: 0, of: 1)
        }
        columns = work.summaries.map { $0! }
    }

    /// The column summaries being computed: worker `w` of `n` fills the slots of columns
    /// `w, w + n, ...`, and no two workers touch the same slot.
    private final class SummaryWork: @unchecked Sendable {
        let table: Table
        let roles: [Int: String]
        var summaries: [ColumnSummary?]

        init(table: Table, roles: [Int: String]) {
            self.table = table
            self.roles = roles
            summaries = Array(repeating: nil, count: table.columns.count)
        }

        func summarize(worker: Int, of workers: Int) {
            var scratch: [UInt64] = []
            var results: [(Int, ColumnSummary)] = []
            for index in stride(from: worker, to: table.columns.count, by: workers) {
                results.append(
                    (
                        index,
                        TableSchema.summary(
                            table.columns[index], number: index + 1,
                            role: roles[index] ?? "feature", scratch: &scratch)
                    ))
            }
            lock.lock()
            for (index, summary) in results { summaries[index] = summary }
            lock.unlock()
        }

        private let lock = NSLock()
    }

    static func summary(_ column: Column, number: Int, role: String) -> ColumnSummary {
        var scratch: [UInt64] = []
        return summary(column, number: number, role: role, scratch: &scratch)
    }

    /// ``summary(_:number:role:)`` with the distinct count's working storage in `scratch`
    /// (grown as needed and left for the next column).
    static func summary(
        _ column: Column, number: Int, role: String, scratch: inout [UInt64]
    ) -> ColumnSummary {
        switch column.values {
        case .numeric(let values):
            // One pass in row order: the same comparisons and the same order of additions as
            // `min()`, `max()` and `reduce(0, +)` over the present values, without copying them.
            var present = 0
            var sum = 0.0
            var minimum = Double.nan
            var maximum = Double.nan
            var integer = true
            for value in values where !value.isNaN {
                if present == 0 {
                    minimum = value
                    maximum = value
                } else {
                    if value < minimum { minimum = value }
                    if value > maximum { maximum = value }
                }
                present += 1
                sum += value
                if integer && value != value.rounded() { integer = false }
            }
            return ColumnSummary(
                number: number, name: column.name, type: "numeric", role: role,
                missing: values.count - present, minimum: present == 0 ? nil : minimum,
                maximum: present == 0 ? nil : maximum,
                mean: present == 0 ? nil : sum / Double(present), integer: integer,
                distinct: distinctCount(values, present: present, scratch: &scratch), levels: nil,
                levelCounts: nil)
        case .categorical(let values):
            var counts: [String: Int] = [:]
            var missing = 0
            for value in values {
                if let value { counts[value, default: 0] += 1 } else { missing += 1 }
            }
            let ordered = counts.sorted { first, second in
                first.value != second.value
                    ? first.value > second.value
                    : FeatureEncoder.codePointOrder(first.key, second.key)
            }.prefix(levelLimit)
            return ColumnSummary(
                number: number, name: column.name, type: "categorical", role: role,
                missing: missing, minimum: nil, maximum: nil, mean: nil, integer: nil,
                distinct: counts.count, levels: ordered.map(\.key),
                levelCounts: ordered.map(\.value))
        }
    }

    /// The number of distinct non-NaN values (`0.0` and `-0.0` count as one, as `Set<Double>`
    /// counts them); `present` is the number of non-NaN values.
    ///
    /// The bit patterns are hashed, scattered into buckets by the hash's top bits (so equal
    /// values share a bucket), and each bucket is counted with a small open-addressing table
    /// that stays in cache; one table for the whole column would miss the cache on almost
    /// every value of a large file.
    static func distinctCount(_ values: [Double], present: Int) -> Int {
        var scratch: [UInt64] = []
        return distinctCount(values, present: present, scratch: &scratch)
    }

    /// ``distinctCount(_:present:)`` with its working storage in `scratch` (grown to at least
    /// `present` values and left for the next call).
    static func distinctCount(_ values: [Double], present: Int, scratch: inout [UInt64]) -> Int {
        guard present > 0 else { return 0 }
        @inline(__always) func key(_ value: Double) -> UInt64 {
            value == 0 ? 0 : value.bitPattern
        }
        var bucketBits = 0
        while (present >> bucketBits) > 4096 { bucketBits += 1 }
        let bucketCount = 1 << bucketBits
        @inline(__always) func bucket(_ hashed: UInt64) -> Int {
            bucketBits == 0 ? 0 : Int(truncatingIfNeeded: hashed >> UInt64(64 - bucketBits))
        }
        var starts = [Int](repeating: 0, count: bucketCount + 1)
        if scratch.count < present { scratch = [UInt64](repeating: 0, count: present) }
        var distinct = 0
        values.withUnsafeBufferPointer { values in
            starts.withUnsafeMutableBufferPointer { starts in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    let scattered = UnsafeMutableBufferPointer(rebasing: scratch[0..<present])
                    for value in values where !value.isNaN {
                        starts[bucket(hash(key(value))) + 1] += 1
                    }
                    for index in 0..<bucketCount { starts[index + 1] += starts[index] }
                    var next = Array(starts[0..<bucketCount])
                    next.withUnsafeMutableBufferPointer { next in
                        for value in values where !value.isNaN {
                            let bits = key(value)
                            let target = bucket(hash(bits))
                            scattered[next[target]] = bits
                            next[target] += 1
                        }
                    }
                    distinct = countDistinct(scattered, bucketStarts: starts)
                }
            }
        }
        return distinct
    }

    /// The distinct patterns of `scattered`, whose equal patterns all lie within one of the
    /// ranges `bucketStarts[k]..<bucketStarts[k + 1]`, counted bucket by bucket.
    private static func countDistinct(
        _ scattered: UnsafeMutableBufferPointer<UInt64>,
        bucketStarts starts: UnsafeMutableBufferPointer<Int>
    ) -> Int {
        // A NaN pattern marks an empty slot: NaN values are never inserted.
        let empty = UInt64.max
        var largest = 0
        for index in 0..<(starts.count - 1) {
            largest = max(largest, starts[index + 1] - starts[index])
        }
        var capacity = 16
        while capacity < 2 * largest { capacity <<= 1 }
        let slots = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: capacity)
        defer { slots.deallocate() }
        var distinct = 0
        for index in 0..<(starts.count - 1) {
            let size = starts[index + 1] - starts[index]
            guard size > 0 else { continue }
            var tableSize = 16
            while tableSize < 2 * size { tableSize <<= 1 }
            let mask = tableSize - 1
            UnsafeMutableBufferPointer(rebasing: slots[0..<tableSize]).initialize(repeating: empty)
            for position in starts[index]..<starts[index + 1] {
                let bits = scattered[position]
                var slot = Int(truncatingIfNeeded: hash(bits)) & mask
                while true {
                    let stored = slots[slot]
                    if stored == bits { break }
                    if stored == empty {
                        slots[slot] = bits
                        distinct += 1
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        return distinct
    }

    /// SplitMix64's finalizer: every input bit reaches every output bit.
    @inline(__always)
    private static func hash(_ bits: UInt64) -> UInt64 {
        var mixed = (bits ^ (bits >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
