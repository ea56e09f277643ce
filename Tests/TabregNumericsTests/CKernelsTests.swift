import CTabregKernels
import XCTest

/// The C kernels of every instruction set this machine has (generic always; AVX2+FMA, AVX-512
/// or NEON where present) against plain scalar loops written here, on sizes that hit the tile
/// and vector tails (0, 1, 7, 8, 9, 15, 16, 17, 33) and non-square shapes. The products are
/// chains of fused multiply-adds in a fixed order, so the comparison is bit for bit.
final class CKernelsTests: XCTestCase {
    static let sizes = [0, 1, 7, 8, 9, 15, 16, 17, 33]
    /// Shapes of the tutorial network plus ones larger than a packed panel (KC) or a row block.
    static let shapes: [(Int, Int, Int)] = [
        (50, 13, 200), (50, 200, 100), (50, 100, 1), (6, 100, 200), (506, 200, 100),
        (97, 300, 45), (3, 1025, 5), (200, 50, 100),
    ]

    static var isas: [tabreg_isa] {
        [TABREG_ISA_GENERIC, TABREG_ISA_NEON, TABREG_ISA_AVX2_FMA, TABREG_ISA_AVX512]
            .filter { tabreg_kernels_isa_available($0) != 0 }
    }

    func values(_ count: Int, _ state: inout UInt64) -> [Float] {
        (0..<count).map { _ in
            // A small LCG, independent of the library's generator; values in [-2, 2).
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: state >> 40) - (1 << 23)) / Float(1 << 22)
        }
    }

    func assertBitIdentical(
        _ actual: [Float], _ expected: [Float], _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(actual.count, expected.count, message, file: file, line: line)
        for index in 0..<min(actual.count, expected.count)
        where actual[index].bitPattern != expected[index].bitPattern {
            XCTFail("\(message): element \(index) is \(actual[index]), expected \(expected[index])",
                file: file, line: line)
            return
        }
    }

    func allShapes() -> [(Int, Int, Int)] {
        var result = Self.shapes
        for m in Self.sizes { for k in Self.sizes { for n in Self.sizes { result.append((m, k, n)) } } }
        // Every row count of a register tile (1 to 11 rows, and the even split of a short last
        // tile with the one before it) for one-vector and two-vector column blocks, whole and
        // ragged, in all three products (the first two sizes are the output rows of the forward
        // and right products, and of the left one).
        for m in 1...25 { for n in [4, 8, 16, 20] { result.append((m, m, n)) } }
        return result
    }

    func testForwardProductIsBitIdenticalToTheFusedNaiveLoopOnEveryInstructionSet() {
        var state: UInt64 = 1
        for (m, k, n) in allShapes() {
            let a = values(m * k, &state), b = values(k * n, &state), bias = values(n, &state)
            var expected = [Float](repeating: 0, count: m * n)
            for i in 0..<m {
                for j in 0..<n {
                    var sum = bias[j]
                    for p in 0..<k { sum = sum.addingProduct(a[i * k + p], b[p * n + j]) }
                    expected[i * n + j] = sum
                }
            }
            for isa in Self.isas {
                var c = [Float](repeating: .nan, count: m * n)
                XCTAssertEqual(tabreg_multiply_adding_row_isa(isa, a, b, bias, &c, m, k, n), 1)
                assertBitIdentical(c, expected, "\(String(cString: tabreg_kernels_isa_name(isa))) \(m)x\(k)x\(n)")
            }
            var c = [Float](repeating: .nan, count: m * n)
            tabreg_multiply_adding_row(a, b, bias, &c, m, k, n)
            assertBitIdentical(c, expected, "dispatched \(m)x\(k)x\(n)")
            tabreg_multiply_adding_row(a, b, nil, &c, m, k, n)
            let noBias = (0..<(m * n)).map { index -> Float in
                var sum: Float = 0
                for p in 0..<k { sum = sum.addingProduct(a[index / n * k + p], b[p * n + index % n]) }
                return sum
            }
            assertBitIdentical(c, noBias, "no bias \(m)x\(k)x\(n)")
        }
    }

    func testRightTransposedProductIsBitIdenticalToTheFusedNaiveLoopOnEveryInstructionSet() {
        var state: UInt64 = 2
        for (m, n, k) in allShapes() {
            // c[m, k] = a[m, n] * b[k, n]^T
            let a = values(m * n, &state), b = values(k * n, &state)
            var expected = [Float](repeating: 0, count: m * k)
            for i in 0..<m {
                for p in 0..<k {
                    var sum: Float = 0
                    for j in 0..<n { sum = sum.addingProduct(a[i * n + j], b[p * n + j]) }
                    expected[i * k + p] = sum
                }
            }
            for isa in Self.isas {
                var c = [Float](repeating: .nan, count: m * k)
                XCTAssertEqual(tabreg_multiply_transposing_right_isa(isa, a, b, &c, m, n, k), 1)
                assertBitIdentical(c, expected, "\(String(cString: tabreg_kernels_isa_name(isa))) \(m)x\(n)x\(k)")
            }
        }
    }

    func testLeftTransposedProductIsBitIdenticalToTheFusedNaiveLoopOnEveryInstructionSet() {
        var state: UInt64 = 3
        for (m, k, n) in allShapes() {
            // c[k, n] = a[m, k]^T * b[m, n]
            let a = values(m * k, &state), b = values(m * n, &state)
            var expected = [Float](repeating: 0, count: k * n)
            for p in 0..<k {
                for j in 0..<n {
                    var sum: Float = 0
                    for i in 0..<m { sum = sum.addingProduct(a[i * k + p], b[i * n + j]) }
                    expected[p * n + j] = sum
                }
            }
            for isa in Self.isas {
                var c = [Float](repeating: .nan, count: k * n)
                XCTAssertEqual(tabreg_multiply_transposing_left_isa(isa, a, b, &c, m, k, n), 1)
                assertBitIdentical(c, expected, "\(String(cString: tabreg_kernels_isa_name(isa))) \(m)x\(k)x\(n)")
            }
        }
    }

    func testColumnSumsAddRowsInIncreasingOrder() {
        var state: UInt64 = 4
        for m in Self.sizes + [50, 506] {
            for n in Self.sizes {
                let a = values(m * n, &state)
                var expected = [Float](repeating: 0, count: n)
                for i in 0..<m { for j in 0..<n { expected[j] += a[i * n + j] } }
                var sums = [Float](repeating: .nan, count: n)
                tabreg_column_sums(a, &sums, m, n)
                assertBitIdentical(sums, expected, "\(m)x\(n)")
            }
        }
    }

    func testLeakyReLUAndItsBackwardMatchTheScalarFormula() {
        var state: UInt64 = 5
        for count in Self.sizes {
            var x = values(count, &state)
            if count > 0 { x[0] = 0 }  // PyTorch: slope at exactly 0, and -0 * slope
            let dy = values(count, &state)
            var y = [Float](repeating: .nan, count: count)
            var dx = [Float](repeating: .nan, count: count)
            tabreg_leaky_relu(x, &y, count, 0.01)
            tabreg_leaky_relu_backward(x, dy, &dx, count, 0.01)
            assertBitIdentical(y, x.map { $0 > 0 ? $0 : $0 * 0.01 }, "forward \(count)")
            assertBitIdentical(
                dx, zip(x, dy).map { $0 > 0 ? $1 : $1 * 0.01 }, "backward \(count)")
        }
    }

    func testAddIsElementwise() {
        var state: UInt64 = 6
        for count in Self.sizes {
            let x = values(count, &state)
            var y = values(count, &state)
            let expected = zip(x, y).map { $1 + $0 }
            tabreg_add(x, &y, count)
            assertBitIdentical(y, expected, "\(count)")
        }
    }

    func testAdamUpdateMatchesTheScalarFormulaOnEveryInstructionSet() {
        var state: UInt64 = 7
        for count in Self.sizes + [100, 23_001] {
            for weightDecay: Float in [0, 0.01] {
                let value = values(count, &state), grad = values(count, &state)
                let m0 = values(count, &state).map { $0 * 0.1 }
                let v0 = values(count, &state).map { $0 * $0 * 0.01 }
                let beta2: Float = 0.999
                let (oneMinusBeta1, oneMinusBeta2) = (1 - Float(0.9), 1 - beta2)
                let (stepSize, correction2Root, epsilon): (Float, Float, Float) = (
                    1e-3 / 0.271, Float(1 - 0.999 * 0.999 * 0.999).squareRoot(), 1e-8
                )
                // The scalar loop of tabreg's Adam, operation for operation.
                var expectedValue = value, expectedM = m0, expectedV = v0
                for i in 0..<count {
                    var g = grad[i]
                    if weightDecay != 0 { g += weightDecay * expectedValue[i] }
                    expectedM[i] += oneMinusBeta1 * (g - expectedM[i])
                    expectedV[i] = beta2 * expectedV[i] + oneMinusBeta2 * g * g
                    let denominator = expectedV[i].squareRoot() / correction2Root + epsilon
                    expectedValue[i] -= stepSize * expectedM[i] / denominator
                }
                for isa in Self.isas {
                    var x = value, m = m0, v = v0
                    XCTAssertEqual(
                        tabreg_adam_update_isa(
                            isa, &x, grad, &m, &v, count, beta2, oneMinusBeta1, oneMinusBeta2,
                            stepSize, correction2Root, epsilon, weightDecay), 1)
                    let name = String(cString: tabreg_kernels_isa_name(isa))
                    assertBitIdentical(x, expectedValue, "\(name) value \(count)")
                    assertBitIdentical(m, expectedM, "\(name) m \(count)")
                    assertBitIdentical(v, expectedV, "\(name) v \(count)")
                }
            }
        }
    }

    func testDispatchChoosesAnAvailableInstructionSet() {
        let best = tabreg_kernels_best_isa()
        XCTAssertEqual(tabreg_kernels_isa_available(best), 1)
        #if arch(x86_64)
            XCTAssertEqual(tabreg_kernels_isa_available(TABREG_ISA_NEON), 0)
        #elseif arch(arm64)
            XCTAssertEqual(best, TABREG_ISA_NEON)
        #endif
    }
}
