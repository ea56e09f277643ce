import XCTest
import TabregNumerics

/// Every kernel against the plain scalar loop it must reproduce, on sizes that hit the SIMD
/// tails and on non-square shapes.
final class KernelsTests: XCTestCase {
    static let sizes = [0, 1, 7, 8, 9, 15, 16, 17, 33]

    func randomMatrix(_ rows: Int, _ columns: Int, _ generator: inout SplitMix64) -> Matrix {
        Matrix(rows: rows, columns: columns,
               storage: (0..<(rows * columns)).map { _ in generator.nextFloat(from: -2, to: 2) })
    }

    func testForwardProductIsBitIdenticalToTheNaiveLoop() {
        var generator = SplitMix64(seed: 11)
        for m in Self.sizes { for k in Self.sizes { for n in Self.sizes {
            let a = randomMatrix(m, k, &generator)
            let b = randomMatrix(k, n, &generator)
            let bias = randomMatrix(1, n, &generator)
            var c = Matrix(rows: 0, columns: n)
            Matrix.multiply(a, b, addingRow: bias, into: &c)
            var expected = [Float](repeating: 0, count: m * n)
            for i in 0..<m {
                for j in 0..<n {
                    var sum = bias.storage[j]
                    for p in 0..<k {
                        sum = sum.addingProduct(a.storage[i * k + p], b.storage[p * n + j])
                    }
                    expected[i * n + j] = sum
                }
            }
            XCTAssertEqual(c.rows, m)
            XCTAssertEqual(c.storage, expected, "m \(m) k \(k) n \(n)")
        } } }
    }

    func testInputGradientProductIsBitIdenticalToTheNaiveLoop() {
        var generator = SplitMix64(seed: 12)
        for m in Self.sizes { for n in Self.sizes { for k in Self.sizes {
            let a = randomMatrix(m, n, &generator)
            let b = randomMatrix(k, n, &generator)
            var c = Matrix(rows: 0, columns: k)
            Matrix.multiplyTransposingRight(a, b, into: &c)
            var expected = [Float](repeating: 0, count: m * k)
            for i in 0..<m {
                for p in 0..<k {
                    var sum: Float = 0
                    for j in 0..<n {
                        sum = sum.addingProduct(a.storage[i * n + j], b.storage[p * n + j])
                    }
                    expected[i * k + p] = sum
                }
            }
            XCTAssertEqual(c.storage, expected, "m \(m) n \(n) k \(k)")
        } } }
    }

    func testWeightGradientProductAndColumnSumsAreBitIdenticalToTheNaiveLoops() {
        var generator = SplitMix64(seed: 13)
        for m in Self.sizes { for k in Self.sizes { for n in Self.sizes {
            let a = randomMatrix(m, k, &generator)
            let b = randomMatrix(m, n, &generator)
            var c = Matrix(rows: k, columns: n, repeating: 99)
            var sums = Matrix(rows: 1, columns: n, repeating: 99)
            Matrix.multiplyTransposingLeft(a, b, into: &c, columnSums: &sums)
            var expected = [Float](repeating: 0, count: k * n)
            var expectedSums = [Float](repeating: 0, count: n)
            for i in 0..<m {
                for p in 0..<k {
                    for j in 0..<n {
                        expected[p * n + j] = expected[p * n + j].addingProduct(
                            a.storage[i * k + p], b.storage[i * n + j])
                    }
                }
                for j in 0..<n { expectedSums[j] += b.storage[i * n + j] }
            }
            XCTAssertEqual(c.storage, expected, "m \(m) k \(k) n \(n)")
            XCTAssertEqual(sums.storage, expectedSums, "m \(m) n \(n)")
        } } }
    }

    func testGatherCopiesTheRequestedRowsInOrder() {
        let source = Matrix(rows: 3, columns: 2, storage: [1, 2, 3, 4, 5, 6])
        var target = Matrix(rows: 0, columns: 2)
        target.gather(rows: [2, 0, 2][...], from: source)
        XCTAssertEqual(target.storage, [5, 6, 1, 2, 5, 6])
        XCTAssertEqual(target.rows, 3)
    }
}
