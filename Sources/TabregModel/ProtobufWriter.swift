/// A minimal Protocol Buffers encoder: varints, fixed32 and length-delimited fields.
///
/// Written by hand instead of using swift-protobuf: the ONNX export needs about ten message
/// types and only the write side; swift-protobuf would add a second package dependency and its
/// code-generator plugin takes about 9.5 minutes to build on the project's 2-core machines. The
/// wire format is small and stable
/// (https://protobuf.dev/programming-guides/encoding/), and the tests check this encoder
/// against bytes worked out by hand from it, while `onnx.checker` and onnxruntime check
/// whole exported models in `.ci/run`.
///
/// Fields are written in the order the caller writes them; callers write them in field-number
/// order, as protobuf's own serializers do, so output is canonical and deterministic.
public struct ProtobufWriter: Sendable {
    /// Protobuf wire types used here.
    public enum WireType: UInt8, Sendable {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Appends `value` as a base-128 varint: 7 bits per byte, least significant group first,
    /// high bit set on every byte but the last.
    public mutating func writeVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    /// Appends a field key: `(fieldNumber << 3) | wireType` as a varint.
    public mutating func writeKey(field: Int, wireType: WireType) {
        precondition(field > 0 && field < (1 << 29), "invalid protobuf field number \(field)")
        writeVarint(UInt64(field) << 3 | UInt64(wireType.rawValue))
    }

    /// An `int64`/`int32`/enum field; negative values take ten bytes (two's complement), as
    /// the protobuf rules require for these (non-zigzag) types.
    public mutating func writeInteger(field: Int, _ value: Int64) {
        writeKey(field: field, wireType: .varint)
        writeVarint(UInt64(bitPattern: value))
    }

    /// A `float` field: four little-endian bytes of the IEEE 754 bit pattern.
    public mutating func writeFloat(field: Int, _ value: Float) {
        writeKey(field: field, wireType: .fixed32)
        let bits = value.bitPattern
        for shift in stride(from: UInt32(0), to: 32, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: bits >> shift))
        }
    }

    /// A `bytes` field: length varint, then the bytes.
    public mutating func writeBytes(field: Int, _ value: [UInt8]) {
        writeKey(field: field, wireType: .lengthDelimited)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A `string` field: UTF-8 bytes, length-delimited.
    public mutating func writeString(field: Int, _ value: String) {
        writeBytes(field: field, Array(value.utf8))
    }

    /// An embedded message field: the message's own bytes, length-delimited.
    public mutating func writeMessage(field: Int, _ encode: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter()
        encode(&inner)
        writeBytes(field: field, inner.bytes)
    }
}
