/// The element types a safetensors header may name, spelled as in the format (`"F32"`, ...).
///
/// The codec reads and writes all of them; the model loader requires ``float32``.
public enum SafetensorsDataType: String, CaseIterable, Sendable {
    case bool = "BOOL"
    case uint8 = "U8"
    case int8 = "I8"
    case int16 = "I16"
    case uint16 = "U16"
    case float16 = "F16"
    case bfloat16 = "BF16"
    case int32 = "I32"
    case uint32 = "U32"
    case float32 = "F32"
    case float64 = "F64"
    case int64 = "I64"
    case uint64 = "U64"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .bool, .uint8, .int8: 1
        case .int16, .uint16, .float16, .bfloat16: 2
        case .int32, .uint32, .float32: 4
        case .float64, .int64, .uint64: 8
        }
    }

    /// The offset of the first NaN or infinite element in little-endian `bytes`, or nil when
    /// every element is finite (always nil for integer types).
    ///
    /// Works on bit patterns: a float is non-finite exactly when its exponent bits are all ones.
    func firstNonFiniteIndex(in bytes: ArraySlice<UInt8>) -> Int? {
        let exponentMask: UInt64
        switch self {
        case .float16: exponentMask = 0x7C00
        case .bfloat16: exponentMask = 0x7F80
        case .float32: exponentMask = 0x7F80_0000
        case .float64: exponentMask = 0x7FF0_0000_0000_0000
        default: return nil
        }
        let size = byteSize
        let count = bytes.count / size
        var offset = bytes.startIndex
        for index in 0..<count {
            var bits: UInt64 = 0
            for byteIndex in 0..<size {
                bits |= UInt64(bytes[offset + byteIndex]) << (8 * UInt64(byteIndex))
            }
            if bits & exponentMask == exponentMask { return index }
            offset += size
        }
        return nil
    }
}
