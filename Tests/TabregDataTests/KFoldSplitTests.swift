import TabregData
import TabregNumerics
import XCTest

final class KFoldSplitTests: XCTestCase {
    func testEveryRowIsInExactlyOneTestFoldAndTrainsInAllOthers() {
        for (rows, folds) in [(506, 5), (10, 10), (7, 2), (23, 4), (100, 3)] {
            var generator = SplitMix64(seed: 9)
            let kFold = KFoldSplit(rowCount: rows, folds: folds, using: &generator)
            var testCount = [Int](repeating: 0, count: rows)
            var trainCount = [Int](repeating: 0, count: rows)
            for fold in 0..<folds {
                let split = kFold.split(fold: fold)
                XCTAssertEqual(Set(split.trainingRows).intersection(split.testRows), [])
                XCTAssertEqual((split.trainingRows + split.testRows).sorted(), Array(0..<rows))
                XCTAssertEqual(split.testRows, split.testRows.sorted())
                XCTAssertEqual(split.trainingRows, split.trainingRows.sorted())
                for row in split.testRows { testCount[row] += 1 }
                for row in split.trainingRows { trainCount[row] += 1 }
            }
            XCTAssertEqual(
                testCount, [Int](repeating: 1, count: rows), "\(rows) rows, \(folds) folds")
            XCTAssertEqual(trainCount, [Int](repeating: folds - 1, count: rows))
        }
    }

    func testFoldSizesFollowScikitLearnsKFoldFirstFoldsOneLonger() {
        var generator = SplitMix64(seed: 1)
        let kFold = KFoldSplit(rowCount: 506, folds: 5, using: &generator)
        XCTAssertEqual(
            (0..<5).map { kFold.split(fold: $0).testRows.count }, [102, 101, 101, 101, 101])
        var other = SplitMix64(seed: 1)
        let ten = KFoldSplit(rowCount: 23, folds: 4, using: &other)
        XCTAssertEqual((0..<4).map { ten.split(fold: $0).testRows.count }, [6, 6, 6, 5])
    }

    func testFoldsAreShuffledBySeedAndTheSameForTheSameSeed() {
        func assignments(_ seed: UInt64) -> [Int] {
            var generator = SplitMix64(seed: seed)
            return KFoldSplit(rowCount: 50, folds: 5, using: &generator).assignments
        }
        XCTAssertEqual(assignments(3), assignments(3))
        XCTAssertNotEqual(assignments(3), assignments(4))
        // Shuffled: not the contiguous blocks of an unshuffled KFold.
        XCTAssertNotEqual(assignments(3), (0..<50).map { $0 / 10 })
        // Fold i's test rows are the i-th part of the seed's permutation.
        var generator = SplitMix64(seed: 3)
        let order = generator.permutation(count: 50)
        XCTAssertEqual(order.prefix(10).sorted(), (0..<50).filter { assignments(3)[$0] == 0 })
    }
}
