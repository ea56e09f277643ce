import TabregNumerics

/// A seeded split of row indices into training and test rows, as scikit-learn's
/// `train_test_split(shuffle=True)`: a permutation of the rows drawn from the generator, the
/// first `ceil(testFraction * rows)` of it for testing, the rest for training; both lists are
/// then sorted so the rows keep file order.
public struct TrainTestSplit: Sendable, Equatable {
    public var trainingRows: [Int]
    public var testRows: [Int]

    /// A split with the given row lists (each ascending, disjoint).
    public init(trainingRows: [Int], testRows: [Int]) {
        self.trainingRows = trainingRows
        self.testRows = testRows
    }

    /// Splits `rowCount` rows; `testFraction` in [0, 1), 0 keeps every row for training
    /// (the tutorial) and draws nothing from the generator.
    public init(rowCount: Int, testFraction: Double, using generator: inout SplitMix64) {
        precondition(testFraction >= 0 && testFraction < 1, "test fraction must be in [0, 1), got \(testFraction)")
        guard testFraction > 0 else {
            trainingRows = Array(0..<rowCount)
            testRows = []
            return
        }
        let order = generator.permutation(count: rowCount)
        let testCount = Int((testFraction * Double(rowCount)).rounded(.up))
        testRows = order.prefix(testCount).sorted()
        trainingRows = order.dropFirst(testCount).sorted()
    }
}
