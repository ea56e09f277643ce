import XCTest
import TabregNetwork
import TabregNumerics

/// Every branch of the layer result builder keeps its layers.
final class SequentialBuilderTests: XCTestCase {
    func summaries(_ model: Sequential) -> [String] { model.layers.map(\.summary) }

    func testPlainLinesKeepEveryLayerInOrder() {
        var generator = SplitMix64(seed: 1)
        let model = Sequential {
            Linear(3, 4, using: &generator); ReLU()
            Linear(4, 1, using: &generator)
        }
        XCTAssertEqual(summaries(model), ["Linear(3, 4)", "ReLU", "Linear(4, 1)"])
        XCTAssertEqual(model.parameterCount, 3 * 4 + 4 + 4 + 1)
        XCTAssertEqual(model.namedParameters.map(\.name),
                       ["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"])
    }

    func testIfWithoutElseKeepsTheLayerWhenTrueAndDropsItWhenFalse() {
        for flag in [true, false] {
            let model = Sequential {
                Tanh()
                if flag { Sigmoid() }
                ReLU()
            }
            XCTAssertEqual(summaries(model), flag ? ["Tanh", "Sigmoid", "ReLU"] : ["Tanh", "ReLU"])
        }
    }

    func testIfElseKeepsTheChosenBranch() {
        for flag in [true, false] {
            let model = Sequential {
                if flag { Tanh() } else { Sigmoid(); ReLU() }
            }
            XCTAssertEqual(summaries(model), flag ? ["Tanh"] : ["Sigmoid", "ReLU"])
        }
    }

    func testSwitchKeepsTheMatchingCase() {
        for choice in 0..<3 {
            let model = Sequential {
                switch choice {
                case 0: ReLU()
                case 1: Tanh()
                default: GELU()
                }
            }
            XCTAssertEqual(summaries(model), [["ReLU"], ["Tanh"], ["GELU"]][choice])
        }
    }

    func testForLoopKeepsEveryIteration() {
        var generator = SplitMix64(seed: 2)
        let widths = [5, 6, 7]
        let model = Sequential {
            for (input, output) in zip(widths, widths.dropFirst()) {
                Linear(input, output, using: &generator)
                LeakyReLU()
            }
        }
        XCTAssertEqual(summaries(model), ["Linear(5, 6)", "LeakyReLU(0.01)", "Linear(6, 7)", "LeakyReLU(0.01)"])
    }

    func testAvailabilityBranchKeepsItsLayer() {
        let model = Sequential {
            if #available(macOS 13, *) { Tanh() }
        }
        XCTAssertEqual(summaries(model), ["Tanh"])
    }

    func testArrayExpressionKeepsItsLayers() {
        let extra: [any Layer] = [ReLU(), Tanh()]
        let model = Sequential {
            Sigmoid()
            extra
        }
        XCTAssertEqual(summaries(model), ["Sigmoid", "ReLU", "Tanh"])
    }
}
