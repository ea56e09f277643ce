import Testing

@testable import TabregModel

/// Expected bytes are worked out by hand from the protobuf wire-format rules
/// (https://protobuf.dev/programming-guides/encoding/): key = (field << 3) | wire type as a
/// varint; varints hold 7 bits per byte, low group first, high bit set on all but the last byte.
@Suite struct ProtobufWriterTests {
    private func varintBytes(_ value: UInt64) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.writeVarint(value)
        return writer.bytes
    }

    @Test func varintsMatchTheWireFormatExamples() {
        #expect(varintBytes(0) == [0x00])
        #expect(varintBytes(1) == [0x01])
        #expect(varintBytes(127) == [0x7F])
        #expect(varintBytes(128) == [0x80, 0x01])
        // The encoding guide's own example: 300 = 0b10_0101100 -> AC 02.
        #expect(varintBytes(300) == [0xAC, 0x02])
        #expect(varintBytes(16_384) == [0x80, 0x80, 0x01])
        #expect(varintBytes(UInt64.max) == Array(repeating: 0xFF, count: 9) + [0x01])
    }

    @Test func negativeInt64TakesTenBytesOfTwosComplement() {
        var writer = ProtobufWriter()
        writer.writeInteger(field: 1, -1)
        #expect(writer.bytes == [0x08] + Array(repeating: 0xFF, count: 9) + [0x01])
    }

    @Test func fieldNumbersAboveFifteenTakeTwoKeyBytes() {
        var writer = ProtobufWriter()
        writer.writeInteger(field: 20, 1)  // (20 << 3) | 0 = 160 = 0xA0 0x01
        #expect(writer.bytes == [0xA0, 0x01, 0x01])
    }

    @Test func stringFieldIsLengthDelimitedUTF8() {
        var writer = ProtobufWriter()
        writer.writeString(field: 2, "testing")  // the encoding guide's example
        #expect(writer.bytes == [0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6E, 0x67])
    }

    @Test func floatFieldIsFixed32LittleEndian() {
        var writer = ProtobufWriter()
        // 0.01 as float32 is 0x3C23D70A; key (2 << 3) | 5 = 0x15.
        writer.writeFloat(field: 2, 0.01)
        #expect(writer.bytes == [0x15, 0x0A, 0xD7, 0x23, 0x3C])
    }

    @Test func embeddedMessageIsPrefixedByItsLength() {
        var writer = ProtobufWriter()
        writer.writeMessage(field: 3) { $0.writeInteger(field: 1, 150) }
        // The encoding guide's example: message {a: 150} is 08 96 01, embedded as 1A 03 ...
        #expect(writer.bytes == [0x1A, 0x03, 0x08, 0x96, 0x01])
    }

    @Test func leakyReluAlphaAttributeEncodesByHand() {
        var writer = ProtobufWriter()
        ONNX.Attribute("alpha", .float(0.01)).encode(into: &writer)
        // name (1): 0A 05 "alpha"; f (2): 15 + 0.01f; type (20) FLOAT = 1: A0 01 01.
        let expected: [UInt8] =
            [
                0x0A, 0x05, 0x61, 0x6C, 0x70, 0x68, 0x61, 0x15, 0x0A, 0xD7, 0x23, 0x3C, 0xA0, 0x01,
                0x01,
            ]
        #expect(writer.bytes == expected)
    }

    @Test func integerAttributeEncodesByHand() {
        var writer = ProtobufWriter()
        ONNX.Attribute("transB", .integer(1)).encode(into: &writer)
        // name (1): 0A 06 "transB"; i (3): 18 01; type (20) INT = 2: A0 01 02.
        let expected: [UInt8] =
            [0x0A, 0x06, 0x74, 0x72, 0x61, 0x6E, 0x73, 0x42, 0x18, 0x01, 0xA0, 0x01, 0x02]
        #expect(writer.bytes == expected)
    }

    @Test func nodeEncodesInputsOutputsNameTypeAndAttributes() {
        var writer = ProtobufWriter()
        ONNX.Node("Relu", inputs: ["x"], outputs: ["y"], name: "n").encode(into: &writer)
        // input (1): 0A 01 "x"; output (2): 12 01 "y"; name (3): 1A 01 "n";
        // op_type (4): 22 04 "Relu".
        let expected: [UInt8] =
            [
                0x0A, 0x01, 0x78, 0x12, 0x01, 0x79, 0x1A, 0x01, 0x6E, 0x22, 0x04, 0x52, 0x65, 0x6C,
                0x75,
            ]
        #expect(writer.bytes == expected)
    }

    @Test func floatTensorEncodesDimsTypeNameAndRawData() {
        var writer = ProtobufWriter()
        ONNX.Tensor(name: "b", dimensions: [2], values: [1, -2]).encode(into: &writer)
        // dims (1): 08 02; data_type (2) FLOAT: 10 01; name (8): 42 01 "b";
        // raw_data (9): 4A 08, then 1.0f = 00 00 80 3F and -2.0f = 00 00 00 C0.
        let expected: [UInt8] = [
            0x08, 0x02, 0x10, 0x01, 0x42, 0x01, 0x62,
            0x4A, 0x08, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0,
        ]
        #expect(writer.bytes == expected)
    }

    @Test func valueInfoWithSymbolicBatchEncodesByHand() {
        var writer = ProtobufWriter()
        ONNX.ValueInfo(name: "features", dimensions: [.symbolic("batch"), .fixed(3)])
            .encode(into: &writer)
        // Dimension "batch": 12 05 "batch" (7 bytes) -> in shape as 0A 07 ...
        // Dimension 3: 08 03 (2 bytes) -> 0A 02 08 03. Shape = 9 + 4 = 13 bytes.
        // Tensor type: elem_type 08 01, shape 12 0D + 13 bytes = 17 bytes.
        // TypeProto: tensor_type 0A 11 + 17 = 19 bytes.
        // ValueInfo: name 0A 08 "features", type 12 13.
        let expected: [UInt8] =
            [0x0A, 0x08] + Array("features".utf8)
            + [0x12, 0x13, 0x0A, 0x11, 0x08, 0x01, 0x12, 0x0D]
            + [0x0A, 0x07, 0x12, 0x05] + Array("batch".utf8)
            + [0x0A, 0x02, 0x08, 0x03]
        #expect(writer.bytes == expected)
    }

    @Test func modelStartsWithIRVersionAndProducerAndEndsWithOpset() {
        var graph = ONNX.Graph(name: "g")
        graph.nodes = []
        let bytes = ONNX.Model(graph: graph).encoded()
        // ir_version (1) = 8: 08 08; producer_name (2): 12 06 "tabreg"; graph (7): 3A 03 12 01 "g";
        // opset_import (8): 42 04 (domain 0A 00, version 10 11).
        let expected: [UInt8] =
            [0x08, 0x08, 0x12, 0x06] + Array("tabreg".utf8)
            + [0x3A, 0x03, 0x12, 0x01, 0x67]
            + [0x42, 0x04, 0x0A, 0x00, 0x10, 0x11]
        #expect(bytes == expected)
    }
}
