/// One named tensor of a safetensors file: element type, shape and raw little-endian bytes.
public struct SafetensorsTensor: Equatable, Sendable {
    public var name: String
    public var dataType: SafetensorsDataType
    /// Dimensions, outermost first (row-major, C order); `[]` is a scalar with one element.
    public var shape: [Int]
    /// The elements in row-major order, each little-endian; `count == elementCount * byteSize`.
    public var bytes: [UInt8]

    /// A tensor from raw bytes.
    ///
    /// - Precondition: `bytes.count` equals the product of `shape` times the element size.
    public init(name: String, dataType: SafetensorsDataType, shape: [Int], bytes: [UInt8]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        let elements = shape.reduce(1, *)
        precondition(
            bytes.count == elements * dataType.byteSize,
            "tensor \(name): \(bytes.count) bytes for shape \(shape) of \(dataType.rawValue)")
        self.name = name
        self.dataType = dataType
        self.shape = shape
        self.bytes = bytes
    }

    /// An `F32` tensor from values in row-major order.
    ///
    /// - Precondition: `values.count` equals the product of `shape`.
    public init(name: String, shape: [Int], float32Values values: [Float]) {
        precondition(
            values.count == shape.reduce(1, *),
            "tensor \(name): \(values.count) values for shape \(shape)")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 4)
        for value in values {
            let bits = value.bitPattern
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 16))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 24))
        }
        self.init(name: name, dataType: .float32, shape: shape, bytes: bytes)
    }

    /// Number of elements: the product of the shape (1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }

    /// The elements as `Float`, bit for bit, in row-major order; nil unless the type is `F32`.
    public var float32Values: [Float]? {
        guard dataType == .float32 else { return nil }
        var values: [Float] = []
        values.reserveCapacity(bytes.count / 4)
        var offset = 0
        while offset + 4 <= bytes.count {
            let bits =
                UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            values.append(Float(bitPattern: bits))
            offset += 4
        }
        return values
    }
}
