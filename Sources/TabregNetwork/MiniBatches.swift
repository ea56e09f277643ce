import TabregNumerics

/// The row order of one epoch: a shuffled permutation of `0..<rowCount` cut into consecutive
/// batches of `batchSize` rows, the last one smaller when the rows do not divide evenly (it is
/// kept, as PyTorch's `DataLoader(drop_last=False)` does). Every row appears exactly once.
public struct MiniBatches: Sequence, Sendable {
    /// The permutation of row indices for the epoch.
    public let order: [Int]
    /// Rows per batch (the last batch may have fewer).
    public let batchSize: Int

    /// Draws a fresh permutation of `rowCount` rows from `generator` (or keeps file order when
    /// `shuffle` is false).
    public init(rowCount: Int, batchSize: Int, shuffle: Bool = true, using generator: inout SplitMix64) {
        precondition(batchSize > 0, "batch size must be positive, got \(batchSize)")
        self.order = shuffle ? generator.permutation(count: rowCount) : Array(0..<rowCount)
        self.batchSize = batchSize
    }

    /// Batches over a given order.
    public init(order: [Int], batchSize: Int) {
        precondition(batchSize > 0, "batch size must be positive, got \(batchSize)")
        self.order = order
        self.batchSize = batchSize
    }

    /// Number of batches, counting a final partial one.
    public var count: Int { (order.count + batchSize - 1) / batchSize }

    public func makeIterator() -> AnyIterator<ArraySlice<Int>> {
        var start = 0
        return AnyIterator {
            guard start < order.count else { return nil }
            let end = Swift.min(start + batchSize, order.count)
            defer { start = end }
            return order[start..<end]
        }
    }
}
