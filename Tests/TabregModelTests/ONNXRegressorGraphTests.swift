import Testing

@testable import TabregModel

@Suite struct ONNXRegressorGraphTests {
    private func graph(_ activation: ONNXRegressorGraph.Activation) -> ONNX.Graph {
        ONNXRegressorGraph(
            featureNames: ["a", "b"],
            steps: [
                .subtract([1, 2]), .divide([3, 4]),
                .dense(weight: [1, 2, 3, 4, 5, 6], bias: [0, 0, 0], inputSize: 2, outputSize: 3),
                .activation(activation),
                .dense(weight: [1, 1, 1], bias: [0.5], inputSize: 3, outputSize: 1),
                .multiply([2]), .add([7]),
            ]
        ).model().graph
    }

    @Test func stepsBecomeNodesInOrderEndingInPrediction() {
        let built = graph(.leakyReLU(negativeSlope: 0.01))
        #expect(
            built.nodes.map(\.operatorType)
                == ["Sub", "Div", "Gemm", "LeakyRelu", "Gemm", "Mul", "Add", "Identity"])
        #expect(built.nodes.last?.outputs == ["prediction"])
        #expect(built.nodes.first?.inputs.first == "features")
        for (node, next) in zip(built.nodes, built.nodes.dropFirst()) {
            #expect(next.inputs.first == node.outputs.first, "\(next.name) is not chained")
        }
    }

    @Test func gemmUsesTransposedPyTorchLayoutWeights() {
        let built = graph(.relu)
        let gemm = built.nodes.first { $0.operatorType == "Gemm" }!
        let weight = built.initializers.first { $0.name == gemm.inputs[1] }!
        #expect(weight.dimensions == [3, 2])
        #expect(weight.values == [1, 2, 3, 4, 5, 6])
        guard case .integer(1) = gemm.attributes.first?.value else {
            Issue.record("Gemm has no transB = 1")
            return
        }
        #expect(gemm.attributes.first?.name == "transB")
    }

    @Test func scalarConstantsAreRankZeroAndVectorsRankOne() {
        let built = graph(.tanh)
        let shapes = built.initializers.map(\.dimensions)
        #expect(shapes == [[2], [2], [3, 2], [3], [1, 3], [1], [], []])
    }

    @Test func geluIsSpelledWithErfForOpset17() {
        let operators = graph(.gelu).nodes.map(\.operatorType)
        #expect(
            operators
                == [
                    "Sub", "Div", "Gemm", "Div", "Erf", "Add", "Mul", "Mul", "Gemm", "Mul", "Add",
                    "Identity",
                ])
    }

    @Test func featureNamesAreRecordedAsAJSONArrayEvenWithCommas() throws {
        let model = ONNXRegressorGraph(
            featureNames: ["a,b", "c"],
            steps: [.dense(weight: [1, 2], bias: [0], inputSize: 2, outputSize: 1)]
        ).model()
        #expect(model.metadata.first?.key == "feature_names")
        #expect(model.metadata.first?.value == #"["a,b","c"]"#)
    }

    @Test func inputAndOutputDeclareSymbolicBatch() {
        let built = graph(.sigmoid)
        #expect(built.inputs.map(\.name) == ["features"])
        #expect(built.inputs[0].dimensions == [.symbolic("batch"), .fixed(2)])
        #expect(built.outputs[0].dimensions == [.symbolic("batch"), .fixed(1)])
        #expect(built.inputs[0].documentation.hasSuffix("a, b"))
    }
}
