import TabregNumerics

/// Shuffled k-fold cross-validation folds, as scikit-learn's `KFold(n_splits: folds,
/// shuffle: true)`: a permutation of the rows drawn from the generator
/// (``SplitMix64/permutation(count:)``) is cut into `folds` consecutive parts, the first
/// `rowCount % folds` of them one row longer; part i is fold i's test rows. Every row is in
/// exactly one test fold, and in the training rows of every other fold.
public struct KFoldSplit: Sendable, Equatable {
    /// The fold (0-based) whose test rows contain each row.
    public var assignments: [Int]
    /// Number of folds.
    public var folds: Int

    /// Folds for `rowCount` rows, `2 <= folds <= rowCount`, drawing one permutation.
    public init(rowCount: Int, folds: Int, using generator: inout SplitMix64) {
        precondition(
            folds >= 2 && folds <= rowCount,
            "KFoldSplit needs 2 <= folds <= rows, got \(folds) folds for \(rowCount) rows")
        let order = generator.permutation(count: rowCount)
        var assignments = [Int](repeating: 0, count: rowCount)
        var start = 0
        for fold in 0..<folds {
            let size = rowCount / folds + (fold < rowCount % folds ? 1 : 0)
            for position in start..<(start + size) { assignments[order[position]] = fold }
            start += size
        }
        self.assignments = assignments
        self.folds = folds
    }

    /// Fold `fold`'s split: its test rows, and every other row for training (both ascending).
    public func split(fold: Int) -> TrainTestSplit {
        precondition(fold >= 0 && fold < folds, "fold \(fold) out of range 0..<\(folds)")
        var training: [Int] = []
        var test: [Int] = []
        for (row, assigned) in assignments.enumerated() {
            if assigned == fold { test.append(row) } else { training.append(row) }
        }
        return TrainTestSplit(trainingRows: training, testRows: test)
    }
}
