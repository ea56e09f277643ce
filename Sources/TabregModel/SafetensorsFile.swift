import Foundation

/// A safetensors file in memory: string metadata and named tensors, with a hand-written codec.
///
/// No Swift package reads or writes safetensors (and tabreg depends on nothing but
/// swift-argument-parser), so the format is implemented here, following the reference
/// implementation (the `safetensors` Rust crate behind the Python library):
///
///     [8 bytes]  N, the header length, unsigned 64-bit little-endian
///     [N bytes]  the header: UTF-8 JSON object, starting with "{", padded with spaces
///                {"__metadata__": {string: string},
///                 "name": {"dtype": "F32", "shape": [d0, d1], "data_offsets": [begin, end]}, ...}
///     [rest]     the byte buffer; offsets are relative to its start
///
/// Writing is deterministic: `__metadata__` first with its keys sorted, then the tensors in the
/// order given, laid out back to back in that order; the header is padded with spaces so that
/// `8 + N` is a multiple of 8, as the reference writer does (keeps the buffer 8-byte aligned).
///
/// Reading trusts nothing. On top of the reference implementation's checks (header length at
/// most 100 MB and within the file, header starts with "{", valid UTF-8 and JSON, known dtype,
/// byte length equal to the shape's element count times the dtype's size, offsets contiguous and
/// covering the whole buffer), it refuses duplicate names (the reference silently keeps one),
/// unknown fields, negative, fractional or overflowing numbers, non-string metadata values and,
/// unless asked not to, NaN or infinite floating-point values.
public struct SafetensorsFile: Equatable, Sendable {
    /// The largest header accepted, in bytes (the reference implementation's limit).
    public static let maximumHeaderLength = 100_000_000

    /// The `__metadata__` strings; written with keys sorted by their UTF-8 bytes.
    public var metadata: [String: String]
    /// The tensors in buffer order (the order given when writing; ascending offsets when read).
    public var tensors: [SafetensorsTensor]

    public init(metadata: [String: String] = [:], tensors: [SafetensorsTensor]) {
        self.metadata = metadata
        self.tensors = tensors
    }

    /// The tensor called `name`, if any.
    public func tensor(named name: String) -> SafetensorsTensor? {
        tensors.first { $0.name == name }
    }

    // MARK: - Writing

    /// The file's bytes.
    ///
    /// - Precondition: tensor names are unique and none is `__metadata__`.
    public func encoded() -> [UInt8] {
        var names: Set<String> = []
        for tensor in tensors {
            precondition(tensor.name != "__metadata__", "tensor name __metadata__ is reserved")
            precondition(names.insert(tensor.name).inserted, "duplicate tensor \(tensor.name)")
        }
        var members: [JSONMember] = []
        if !metadata.isEmpty {
            // Byte order of the UTF-8 keys: independent of locale and Unicode normalization.
            let sortedMetadata = metadata.keys
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                .map { JSONMember($0, .string(metadata[$0]!)) }
            members.append(JSONMember("__metadata__", .object(sortedMetadata)))
        }
        var offset = 0
        for tensor in tensors {
            let end = offset + tensor.bytes.count
            members.append(
                JSONMember(
                    tensor.name,
                    .object([
                        JSONMember("dtype", .string(tensor.dataType.rawValue)),
                        JSONMember("shape", .array(tensor.shape.map(JSONValue.integer))),
                        JSONMember("data_offsets", .array([.integer(offset), .integer(end)])),
                    ])))
            offset = end
        }
        var header = Array(JSONValue.object(members).serialized().utf8)
        header.append(
            contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))

        var output: [UInt8] = []
        output.reserveCapacity(8 + header.count + offset)
        let headerLength = UInt64(header.count)
        for byteIndex in 0..<8 {
            output.append(UInt8(truncatingIfNeeded: headerLength >> (8 * UInt64(byteIndex))))
        }
        output.append(contentsOf: header)
        for tensor in tensors {
            output.append(contentsOf: tensor.bytes)
        }
        return output
    }

    /// Writes the file whole or not at all (a temporary file in the same folder, then rename),
    /// creating the folder if needed.
    public func write(to url: URL) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(encoded()).write(to: url, options: .atomic)
    }

    // MARK: - Reading

    /// Reads and validates the file at `url`; errors name the file as `url.path`.
    public init(contentsOf url: URL, allowNonFinite: Bool = false) throws(SafetensorsError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SafetensorsError(
                file: url.path, problem: .unreadable(reason: error.localizedDescription))
        }
        try self.init(decoding: [UInt8](data), file: url.path, allowNonFinite: allowNonFinite)
    }

    /// Decodes and validates file bytes; `file` names the file in errors.
    ///
    /// - Parameter allowNonFinite: accept NaN and infinite values in float tensors (default false).
    public init(decoding bytes: [UInt8], file: String, allowNonFinite: Bool = false)
        throws(SafetensorsError)
    {
        func refuse(_ problem: SafetensorsError.Problem) -> SafetensorsError {
            SafetensorsError(file: file, problem: problem)
        }
        guard bytes.count >= 8 else { throw refuse(.tooShort(byteCount: bytes.count)) }
        var headerLength: UInt64 = 0
        for byteIndex in 0..<8 {
            headerLength |= UInt64(bytes[byteIndex]) << (8 * UInt64(byteIndex))
        }
        guard headerLength <= UInt64(SafetensorsFile.maximumHeaderLength) else {
            throw refuse(
                .headerTooLarge(
                    headerLength: headerLength, limit: SafetensorsFile.maximumHeaderLength))
        }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw refuse(.headerBeyondFile(headerLength: headerLength, fileLength: bytes.count))
        }
        let headerEnd = 8 + Int(headerLength)
        let header = Array(bytes[8..<headerEnd])
        guard header.first == UInt8(ascii: "{") else { throw refuse(.headerNotObject) }
        if let offset = JSONParser.firstInvalidUTF8Offset(in: header) {
            throw refuse(.headerNotUTF8(byteOffset: offset))
        }
        let root: JSONValue
        do {
            root = try JSONParser.parse(header)
        } catch {
            if let key = error.duplicateKey { throw refuse(.duplicateName(key)) }
            throw refuse(.headerNotJSON(byteOffset: error.byteOffset, detail: error.problem))
        }
        guard case .object(let members) = root else { throw refuse(.headerNotObject) }

        let bufferLength = bytes.count - headerEnd
        var metadata: [String: String] = [:]
        var entries:
            [(name: String, dataType: SafetensorsDataType, shape: [Int], begin: Int, end: Int)] = []
        for member in members {
            if member.key == "__metadata__" {
                guard case .object(let pairs) = member.value else {
                    throw refuse(.metadataNotObject)
                }
                for pair in pairs {
                    guard case .string(let text) = pair.value else {
                        throw refuse(.metadataValueNotString(key: pair.key))
                    }
                    metadata[pair.key] = text
                }
                continue
            }
            let name = member.key
            guard case .object(let fields) = member.value else {
                throw refuse(.entryNotObject(tensor: name))
            }
            for field in fields where !["dtype", "shape", "data_offsets"].contains(field.key) {
                throw refuse(.unexpectedField(tensor: name, field: field.key))
            }
            guard let dataTypeValue = member.value["dtype"] else {
                throw refuse(.missingField(tensor: name, field: "dtype"))
            }
            guard let shapeValue = member.value["shape"] else {
                throw refuse(.missingField(tensor: name, field: "shape"))
            }
            guard let offsetsValue = member.value["data_offsets"] else {
                throw refuse(.missingField(tensor: name, field: "data_offsets"))
            }
            guard let dataTypeName = dataTypeValue.stringValue,
                let dataType = SafetensorsDataType(rawValue: dataTypeName)
            else {
                throw refuse(
                    .unknownDataType(
                        tensor: name,
                        dataType: dataTypeValue.stringValue
                            ?? dataTypeValue.serialized()))
            }
            let shape = try SafetensorsFile.readCounts(shapeValue) { detail in
                refuse(.invalidShape(tensor: name, detail: detail))
            }
            let offsets = try SafetensorsFile.readCounts(offsetsValue) { detail in
                refuse(.invalidOffsets(tensor: name, detail: detail))
            }
            guard offsets.count == 2 else {
                throw refuse(
                    .invalidOffsets(tensor: name, detail: "\(offsets.count) numbers, not 2"))
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin <= end else {
                throw refuse(
                    .invalidOffsets(tensor: name, detail: "begin \(begin) after end \(end)"))
            }
            var expectedBytes = dataType.byteSize
            for dimension in shape {
                let (product, overflow) = expectedBytes.multipliedReportingOverflow(by: dimension)
                guard !overflow else {
                    throw refuse(.invalidShape(tensor: name, detail: "\(shape) overflows the size"))
                }
                expectedBytes = product
            }
            guard end - begin == expectedBytes else {
                throw refuse(
                    .byteLengthMismatch(
                        tensor: name, shape: shape, dataType: dataType.rawValue,
                        expected: expectedBytes, actual: end - begin))
            }
            guard end <= bufferLength else {
                throw refuse(
                    .offsetsBeyondBuffer(tensor: name, end: end, bufferLength: bufferLength))
            }
            entries.append((name, dataType, shape, begin, end))
        }

        // Layout order; a stable sort keeps zero-byte tensors at one offset in header order.
        let ordered = entries.enumerated().sorted { left, right in
            (left.element.begin, left.element.end, left.offset)
                < (right.element.begin, right.element.end, right.offset)
        }.map(\.element)
        var covered = 0
        var previousName: String?
        for entry in ordered {
            if entry.begin < covered {
                throw refuse(.overlapping(tensor: entry.name, previous: previousName ?? ""))
            }
            if entry.begin > covered {
                throw refuse(.gap(tensor: entry.name, begin: entry.begin, previousEnd: covered))
            }
            covered = entry.end
            previousName = entry.name
        }
        guard covered == bufferLength else {
            throw refuse(.bufferNotCovered(usedBytes: covered, bufferLength: bufferLength))
        }

        var tensors: [SafetensorsTensor] = []
        tensors.reserveCapacity(ordered.count)
        for entry in ordered {
            let slice = bytes[(headerEnd + entry.begin)..<(headerEnd + entry.end)]
            if !allowNonFinite, let index = entry.dataType.firstNonFiniteIndex(in: slice) {
                throw refuse(.nonFinite(tensor: entry.name, index: index))
            }
            tensors.append(
                SafetensorsTensor(
                    name: entry.name, dataType: entry.dataType, shape: entry.shape,
                    bytes: Array(slice)))
        }
        self.init(metadata: metadata, tensors: tensors)
    }

    /// Reads a JSON array of non-negative whole numbers that fit in `Int`.
    private static func readCounts(
        _ value: JSONValue, refuse: (String) -> SafetensorsError
    ) throws(SafetensorsError) -> [Int] {
        guard case .array(let elements) = value else { throw refuse("not an array") }
        var counts: [Int] = []
        for element in elements {
            switch element.integerValue {
            case .value(let count): counts.append(count)
            case .negative: throw refuse("negative number \(element.serialized())")
            case .overflow: throw refuse("number \(element.serialized()) too large")
            case .notWhole: throw refuse("\(element.serialized()) is not a whole number")
            case .notANumber: throw refuse("\(element.serialized()) is not a number")
            }
        }
        return counts
    }
}
