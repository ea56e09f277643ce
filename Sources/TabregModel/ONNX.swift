/// The subset of the ONNX protobuf schema (`onnx/onnx.proto`, proto2) that tabreg writes.
///
/// Each message encodes itself with ``ProtobufWriter`` (see there for why it is hand-written);
/// field numbers are the schema's and are written in ascending order. Only what a feed-forward
/// regressor needs is modelled: a model with one graph, nodes with float/int attributes, float
/// initializers stored as `raw_data`, and float tensor inputs/outputs with fixed or symbolic
/// dimensions.
public enum ONNX {
    /// `TensorProto.DataType.FLOAT`.
    public static let floatElementType: Int64 = 1

    /// `ModelProto`.
    public struct Model: Sendable {
        /// `ir_version` (field 1); 8 is the IR of ONNX 1.10 to 1.12, which defined opset 17.
        public var irVersion: Int64 = 8
        /// `producer_name` (2).
        public var producerName: String = "tabreg"
        /// `producer_version` (3).
        public var producerVersion: String = ""
        /// `doc_string` (6).
        public var documentation: String = ""
        /// `graph` (7).
        public var graph: Graph
        /// `opset_import` (8): the default domain at this version.
        public var opsetVersion: Int64 = 17
        /// `metadata_props` (14), written in the order given.
        public var metadata: [(key: String, value: String)] = []

        public init(graph: Graph) {
            self.graph = graph
        }

        /// The serialized `ModelProto` (the contents of a `.onnx` file).
        public func encoded() -> [UInt8] {
            var writer = ProtobufWriter()
            writer.writeInteger(field: 1, irVersion)
            writer.writeString(field: 2, producerName)
            if !producerVersion.isEmpty { writer.writeString(field: 3, producerVersion) }
            if !documentation.isEmpty { writer.writeString(field: 6, documentation) }
            writer.writeMessage(field: 7) { graph.encode(into: &$0) }
            writer.writeMessage(field: 8) { opset in
                opset.writeString(field: 1, "")  // domain: "" is the default ONNX domain
                opset.writeInteger(field: 2, opsetVersion)
            }
            for entry in metadata {
                writer.writeMessage(field: 14) { pair in
                    pair.writeString(field: 1, entry.key)
                    pair.writeString(field: 2, entry.value)
                }
            }
            return writer.bytes
        }
    }

    /// `GraphProto`.
    public struct Graph: Sendable {
        public var name: String
        public var nodes: [Node] = []
        public var initializers: [Tensor] = []
        public var inputs: [ValueInfo] = []
        public var outputs: [ValueInfo] = []

        public init(name: String) {
            self.name = name
        }

        func encode(into writer: inout ProtobufWriter) {
            for node in nodes {
                writer.writeMessage(field: 1) { node.encode(into: &$0) }
            }
            writer.writeString(field: 2, name)
            for tensor in initializers {
                writer.writeMessage(field: 5) { tensor.encode(into: &$0) }
            }
            for input in inputs {
                writer.writeMessage(field: 11) { input.encode(into: &$0) }
            }
            for output in outputs {
                writer.writeMessage(field: 12) { output.encode(into: &$0) }
            }
        }
    }

    /// `NodeProto`: one operator application.
    public struct Node: Sendable {
        public var inputs: [String]
        public var outputs: [String]
        public var name: String
        public var operatorType: String
        public var attributes: [Attribute]

        public init(
            _ operatorType: String, inputs: [String], outputs: [String], name: String,
            attributes: [Attribute] = []
        ) {
            self.operatorType = operatorType
            self.inputs = inputs
            self.outputs = outputs
            self.name = name
            self.attributes = attributes
        }

        func encode(into writer: inout ProtobufWriter) {
            for input in inputs { writer.writeString(field: 1, input) }
            for output in outputs { writer.writeString(field: 2, output) }
            writer.writeString(field: 3, name)
            writer.writeString(field: 4, operatorType)
            for attribute in attributes {
                writer.writeMessage(field: 5) { attribute.encode(into: &$0) }
            }
        }
    }

    /// `AttributeProto` holding one float or one integer.
    public struct Attribute: Sendable {
        public enum Value: Sendable {
            case float(Float)
            case integer(Int64)
        }

        public var name: String
        public var value: Value

        public init(_ name: String, _ value: Value) {
            self.name = name
            self.value = value
        }

        /// Fields: `name` (1), then `f` (2) or `i` (3), then `type` (20: FLOAT = 1, INT = 2).
        func encode(into writer: inout ProtobufWriter) {
            writer.writeString(field: 1, name)
            switch value {
            case .float(let number):
                writer.writeFloat(field: 2, number)
                writer.writeInteger(field: 20, 1)
            case .integer(let number):
                writer.writeInteger(field: 3, number)
                writer.writeInteger(field: 20, 2)
            }
        }
    }

    /// `TensorProto` of float32 values stored as little-endian `raw_data`.
    public struct Tensor: Sendable {
        public var name: String
        /// Dimensions; `[]` is a scalar.
        public var dimensions: [Int]
        /// Row-major values; `count` equals the product of `dimensions`.
        public var values: [Float]

        public init(name: String, dimensions: [Int], values: [Float]) {
            precondition(
                values.count == dimensions.reduce(1, *),
                "ONNX tensor \(name): \(values.count) values for dimensions \(dimensions)")
            self.name = name
            self.dimensions = dimensions
            self.values = values
        }

        /// Fields: `dims` (1, one varint each, unpacked as proto2 writes them), `data_type` (2),
        /// `name` (8), `raw_data` (9).
        func encode(into writer: inout ProtobufWriter) {
            for dimension in dimensions { writer.writeInteger(field: 1, Int64(dimension)) }
            writer.writeInteger(field: 2, ONNX.floatElementType)
            writer.writeString(field: 8, name)
            var raw: [UInt8] = []
            raw.reserveCapacity(values.count * 4)
            for value in values {
                let bits = value.bitPattern
                for shift in stride(from: UInt32(0), to: 32, by: 8) {
                    raw.append(UInt8(truncatingIfNeeded: bits >> shift))
                }
            }
            writer.writeBytes(field: 9, raw)
        }
    }

    /// One dimension of a value's shape: a fixed size or a named symbolic size.
    public enum Dimension: Sendable, Equatable {
        case fixed(Int)
        case symbolic(String)
    }

    /// `ValueInfoProto` for a float32 tensor (a graph input or output).
    public struct ValueInfo: Sendable {
        public var name: String
        public var dimensions: [Dimension]
        public var documentation: String

        public init(name: String, dimensions: [Dimension], documentation: String = "") {
            self.name = name
            self.dimensions = dimensions
            self.documentation = documentation
        }

        /// `name` (1), `type` (2: TypeProto.tensor_type (1): elem_type (1), shape (2): dim (1):
        /// dim_value (1) or dim_param (2)), `doc_string` (3).
        func encode(into writer: inout ProtobufWriter) {
            writer.writeString(field: 1, name)
            writer.writeMessage(field: 2) { type in
                type.writeMessage(field: 1) { tensorType in
                    tensorType.writeInteger(field: 1, ONNX.floatElementType)
                    tensorType.writeMessage(field: 2) { shape in
                        for dimension in dimensions {
                            shape.writeMessage(field: 1) { entry in
                                switch dimension {
                                case .fixed(let size): entry.writeInteger(field: 1, Int64(size))
                                case .symbolic(let name): entry.writeString(field: 2, name)
                                }
                            }
                        }
                    }
                }
            }
            if !documentation.isEmpty { writer.writeString(field: 3, documentation) }
        }
    }
}
