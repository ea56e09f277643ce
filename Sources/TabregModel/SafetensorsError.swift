/// Why a file is refused as a safetensors file; prints as one sentence naming the file.
///
/// The CLI maps every such refusal to exit code 65 (bad input data).
public struct SafetensorsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    public var problem: Problem

    public init(file: String, problem: Problem) {
        self.file = file
        self.problem = problem
    }

    /// What is wrong, with the values that show it.
    public enum Problem: Equatable, Sendable {
        case unreadable(reason: String)
        case tooShort(byteCount: Int)
        case headerTooLarge(headerLength: UInt64, limit: Int)
        case headerBeyondFile(headerLength: UInt64, fileLength: Int)
        case headerNotObject
        case headerNotUTF8(byteOffset: Int)
        case headerNotJSON(byteOffset: Int, detail: String)
        case duplicateName(String)
        case metadataNotObject
        case metadataValueNotString(key: String)
        case entryNotObject(tensor: String)
        case missingField(tensor: String, field: String)
        case unexpectedField(tensor: String, field: String)
        case unknownDataType(tensor: String, dataType: String)
        case invalidShape(tensor: String, detail: String)
        case invalidOffsets(tensor: String, detail: String)
        case byteLengthMismatch(
            tensor: String, shape: [Int], dataType: String, expected: Int,
            actual: Int)
        case offsetsBeyondBuffer(tensor: String, end: Int, bufferLength: Int)
        case overlapping(tensor: String, previous: String)
        case gap(tensor: String, begin: Int, previousEnd: Int)
        case bufferNotCovered(usedBytes: Int, bufferLength: Int)
        case nonFinite(tensor: String, index: Int)
    }

    public var description: String {
        "\(file) is not a valid safetensors file: \(detail)."
    }

    private var detail: String {
        switch problem {
        case .unreadable(let reason):
            return "it cannot be read (\(reason))"
        case .tooShort(let count):
            return
                "it is \(count) bytes long, shorter than the 8-byte header length it must "
                + "start with"
        case .headerTooLarge(let length, let limit):
            return "the header length field says \(length) bytes, above the limit of \(limit)"
        case .headerBeyondFile(let length, let fileLength):
            return
                "the header length field says \(length) bytes but only \(max(0, fileLength - 8)) "
                + "follow it"
        case .headerNotObject:
            return "the header is not a JSON object"
        case .headerNotUTF8(let offset):
            return "the header is not valid UTF-8 (byte \(offset) of the header)"
        case .headerNotJSON(let offset, let detail):
            return "the header is not valid JSON (\(detail) at byte \(offset) of the header)"
        case .duplicateName(let name):
            return "the header repeats the name \"\(name)\""
        case .metadataNotObject:
            return "\"__metadata__\" is not an object of strings"
        case .metadataValueNotString(let key):
            return "the \"__metadata__\" value for \"\(key)\" is not a string"
        case .entryNotObject(let tensor):
            return "the entry for tensor \"\(tensor)\" is not an object"
        case .missingField(let tensor, let field):
            return "tensor \"\(tensor)\" has no \"\(field)\""
        case .unexpectedField(let tensor, let field):
            return "tensor \"\(tensor)\" has an unknown field \"\(field)\""
        case .unknownDataType(let tensor, let dataType):
            return "tensor \"\(tensor)\" has the unknown dtype \"\(dataType)\""
        case .invalidShape(let tensor, let detail):
            return "tensor \"\(tensor)\" has an invalid shape (\(detail))"
        case .invalidOffsets(let tensor, let detail):
            return "tensor \"\(tensor)\" has invalid data_offsets (\(detail))"
        case .byteLengthMismatch(let tensor, let shape, let dataType, let expected, let actual):
            return "tensor \"\(tensor)\" of shape \(shape) and dtype \(dataType) needs \(expected) "
                + "bytes but its data_offsets span \(actual)"
        case .offsetsBeyondBuffer(let tensor, let end, let bufferLength):
            return "tensor \"\(tensor)\" ends at byte \(end) of the data but the data is "
                + "\(bufferLength) bytes long"
        case .overlapping(let tensor, let previous):
            return "tensor \"\(tensor)\" overlaps tensor \"\(previous)\""
        case .gap(let tensor, let begin, let previousEnd):
            return "tensor \"\(tensor)\" starts at byte \(begin) of the data, leaving a gap after "
                + "byte \(previousEnd)"
        case .bufferNotCovered(let used, let bufferLength):
            return "the tensors cover \(used) of the \(bufferLength) data bytes"
        case .nonFinite(let tensor, let index):
            return "tensor \"\(tensor)\" holds a NaN or infinite value at element \(index)"
        }
    }
}
