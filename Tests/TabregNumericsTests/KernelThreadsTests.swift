import XCTest
import TabregNumerics

/// Products and Adam steps split over kernel threads (`Kernels.withThreadCount`) against the
/// plain scalar loops, bit for bit, for thread counts that divide the work evenly and unevenly.
/// The shapes are above the split thresholds (2^21 multiply-adds, 2^18 parameters) and reach
/// every way of splitting: row chunks, column chunks (fewer than 12 rows), the one-output
/// layer's transposed form, and chunks with a ragged last piece.
final class KernelThreadsTests: XCTestCase {
    static let threadCounts = [1, 2, 3, 4, 7]

    func randomMatrix(_ rows: Int, _ columns: Int, _ generator: inout SplitMix64) -> Matrix {
        Matrix(rows: rows, columns: columns,
               storage: (0..<(rows * columns)).map { _ in generator.nextFloat(from: -2, to: 2) })
    }

    /// Fails with the first differing element (not two arrays of a million numbers).
    func assertSameBits(
        _ actual: [Float], _ expected: [Float], _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(actual.count, expected.count, message, file: file, line: line)
        let common = min(actual.count, expected.count)
        if let index = (0..<common).first(where: {
            actual[$0].bitPattern != expected[$0].bitPattern
        }) {
            XCTFail(
                "\(message): element \(index) is \(actual[index]), expected \(expected[index])",
                file: file, line: line)
        }
    }

    /// (m, k, n): the tutorial's batch and evaluation shapes, a short wide product (column
    /// split), a one-output layer over many rows, and odd sizes everywhere.
    static let shapes = [
        (506, 200, 100), (1030, 13, 200), (25_001, 100, 1), (7, 1000, 300), (97, 301, 77),
        (11, 700, 300),
    ]

    func testForwardProductIsBitIdenticalToTheNaiveLoopForAnyThreadCount() {
        var generator = SplitMix64(seed: 31)
        for (m, k, n) in Self.shapes {
            let a = randomMatrix(m, k, &generator)
            let b = randomMatrix(k, n, &generator)
            let bias = randomMatrix(1, n, &generator)
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
            for threads in Self.threadCounts {
                var c = Matrix(rows: 0, columns: n)
                Kernels.withThreadCount(threads) {
                    Matrix.multiply(a, b, addingRow: bias, into: &c)
                }
                assertSameBits(c.storage, expected, "m \(m) k \(k) n \(n), \(threads) threads")
            }
        }
    }

    func testInputGradientProductIsBitIdenticalToTheNaiveLoopForAnyThreadCount() {
        var generator = SplitMix64(seed: 32)
        for (m, n, k) in Self.shapes {
            let a = randomMatrix(m, n, &generator)
            let b = randomMatrix(k, n, &generator)
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
            for threads in Self.threadCounts {
                var c = Matrix(rows: 0, columns: k)
                Kernels.withThreadCount(threads) { Matrix.multiplyTransposingRight(a, b, into: &c) }
                assertSameBits(c.storage, expected, "m \(m) n \(n) k \(k), \(threads) threads")
            }
        }
    }

    func testWeightGradientProductIsBitIdenticalToTheNaiveLoopForAnyThreadCount() {
        var generator = SplitMix64(seed: 33)
        for (m, k, n) in Self.shapes {
            let a = randomMatrix(m, k, &generator)
            let b = randomMatrix(m, n, &generator)
            var expected = [Float](repeating: 0, count: k * n)
            for i in 0..<m {
                for p in 0..<k {
                    for j in 0..<n {
                        expected[p * n + j] = expected[p * n + j].addingProduct(
                            a.storage[i * k + p], b.storage[i * n + j])
                    }
                }
            }
            for threads in Self.threadCounts {
                var c = Matrix(rows: k, columns: n, repeating: 99)
                var sums = Matrix(rows: 1, columns: n, repeating: 99)
                Kernels.withThreadCount(threads) {
                    Matrix.multiplyTransposingLeft(a, b, into: &c, columnSums: &sums)
                }
                assertSameBits(c.storage, expected, "m \(m) k \(k) n \(n), \(threads) threads")
            }
        }
    }

    func testAdamUpdateIsBitIdenticalToTheScalarFormulaForAnyThreadCount() {
        var generator = SplitMix64(seed: 34)
        let count = 300_007
        let gradient = (0..<count).map { _ in generator.nextFloat(from: -1, to: 1) }
        let start = (0..<count).map { _ in generator.nextFloat(from: -1, to: 1) }
        let firstMoment = (0..<count).map { _ in generator.nextFloat(from: -0.1, to: 0.1) }
        let secondMoment = (0..<count).map { _ in generator.nextFloat(from: 0, to: 0.01) }
        let (beta2, oneMinusBeta1, oneMinusBeta2): (Float, Float, Float) = (0.999, 0.1, 0.001)
        let (stepSize, correction2Root, epsilon, decay): (Float, Float, Float, Float) =
            (0.00123, 0.0447, 1e-8, 0.01)
        var expected = start, expectedM = firstMoment, expectedV = secondMoment
        for i in 0..<count {
            let g = gradient[i] + decay * expected[i]
            expectedM[i] = expectedM[i] + oneMinusBeta1 * (g - expectedM[i])
            expectedV[i] = beta2 * expectedV[i] + oneMinusBeta2 * g * g
            let denominator = expectedV[i].squareRoot() / correction2Root + epsilon
            expected[i] = expected[i] - stepSize * expectedM[i] / denominator
        }
        for threads in Self.threadCounts {
            var value = start, m = firstMoment, v = secondMoment
            Kernels.withThreadCount(threads) {
                Kernels.adamUpdate(
                    value: &value, gradient: gradient, firstMoment: &m, secondMoment: &v,
                    count: count, beta2: beta2, oneMinusBeta1: oneMinusBeta1,
                    oneMinusBeta2: oneMinusBeta2, stepSize: stepSize,
                    correction2Root: correction2Root, epsilon: epsilon, weightDecay: decay)
            }
            assertSameBits(value, expected, "value, \(threads) threads")
            assertSameBits(m, expectedM, "first moment, \(threads) threads")
            assertSameBits(v, expectedV, "second moment, \(threads) threads")
        }
    }

    func testThreadCountIsRestoredAfterTheBodyAndBelongsToTheCallingThread() {
        XCTAssertEqual(Kernels.threadCount, 1)
        Kernels.withThreadCount(3) {
            XCTAssertEqual(Kernels.threadCount, 3)
            Kernels.withThreadCount(2) { XCTAssertEqual(Kernels.threadCount, 2) }
            XCTAssertEqual(Kernels.threadCount, 3)
            let finished = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var otherCount = 0
            let other = Thread {
                otherCount = Kernels.threadCount
                finished.signal()
            }
            other.start()
            finished.wait()
            XCTAssertEqual(otherCount, 1)
        }
        XCTAssertEqual(Kernels.threadCount, 1)
    }
}
