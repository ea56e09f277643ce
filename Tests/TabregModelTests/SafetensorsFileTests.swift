import Foundation
import Testing

@testable import TabregModel

@Suite struct SafetensorsFileTests {
    // MARK: - Writing

    /// Bytes written by Python's `safetensors` 0.8.0 (the reference implementation):
    /// `save({"w": [1, -2], "bias": [[0.5]]} as float32, metadata={"z": "1", "a": "q\"x"})`.
    private static let referenceBytes: [UInt8] =
        [0x98, 0, 0, 0, 0, 0, 0, 0]
        + Array(
            (#"{"__metadata__":{"a":"q\"x","z":"1"},"#
                + #""bias":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},"#
                + #""w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}   "#).utf8)
        + [0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]

    private static let referenceFile = SafetensorsFile(
        metadata: ["z": "1", "a": "q\"x"],
        tensors: [
            SafetensorsTensor(name: "bias", shape: [1, 1], float32Values: [0.5]),
            SafetensorsTensor(name: "w", shape: [2], float32Values: [1, -2]),
        ])

    @Test func writerProducesTheReferenceImplementationsBytes() {
        let bytes = Self.referenceFile.encoded()
        #expect(bytes.count == 0x98 + 8 + 12)
        #expect(bytes == Self.referenceBytes)
    }

    @Test func readerDecodesTheReferenceImplementationsBytes() throws {
        let file = try SafetensorsFile(decoding: Self.referenceBytes, file: "reference.safetensors")
        #expect(file == Self.referenceFile)
        #expect(file.tensor(named: "w")?.float32Values == [1, -2])
    }

    @Test func headerIsPaddedWithSpacesToAMultipleOfEight() {
        for nameLength in 1...9 {
            let file = SafetensorsFile(tensors: [
                SafetensorsTensor(
                    name: String(repeating: "t", count: nameLength), shape: [], float32Values: [3])
            ])
            let bytes = file.encoded()
            let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
            #expect(headerLength % 8 == 0)
            #expect(bytes.count == 8 + headerLength + 4)
            #expect(
                bytes[8 + headerLength - 1] == UInt8(ascii: " ")
                    || bytes[8 + headerLength - 1]
                        == UInt8(ascii: "}")
            )
        }
    }

    @Test func roundTripKeepsEveryBitIncludingNegativeZeroAndSubnormals() throws {
        let values: [Float] = [
            0, -0.0, 1, -1, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1, -3.25e-20,
        ]
        let original = SafetensorsFile(
            metadata: ["format": "pt", "tabreg": #"{"x":[1,2]}"#],
            tensors: [
                SafetensorsTensor(name: "layers.0.weight", shape: [2, 4], float32Values: values),
                SafetensorsTensor(name: "layers.0.bias", shape: [2], float32Values: [7, 8]),
                SafetensorsTensor(name: "empty", shape: [0, 3], float32Values: []),
                SafetensorsTensor(
                    name: "steps", dataType: .int64, shape: [1],
                    bytes: [1, 0, 0, 0, 0, 0, 0, 0x80]),
            ])
        let decoded = try SafetensorsFile(decoding: original.encoded(), file: "x")
        #expect(decoded == original)
        let readBack = decoded.tensor(named: "layers.0.weight")!.float32Values!
        #expect(readBack.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(decoded.encoded() == original.encoded())
    }

    @Test func writeToDiskAndReadBackThroughURL() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tabreg-safetensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        try Self.referenceFile.write(to: url)
        #expect(try SafetensorsFile(contentsOf: url) == Self.referenceFile)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path) == [
                "model.safetensors"
            ])
    }

    @Test func missingFileIsRefusedAsUnreadable() {
        let url = URL(fileURLWithPath: "/nonexistent/tabreg/model.safetensors")
        #expect {
            try SafetensorsFile(contentsOf: url)
        } throws: { error in
            guard let error = error as? SafetensorsError, case .unreadable = error.problem else {
                return false
            }
            return error.description.hasPrefix("/nonexistent/tabreg/model.safetensors is not")
        }
    }

    // MARK: - The malformed-file corpus

    /// A file from a header text and data bytes; the length field is the header's unless given.
    private static func file(
        _ header: String, _ data: [UInt8] = [], headerLength: UInt64? = nil
    ) -> [UInt8] {
        let headerBytes = Array(header.utf8)
        return littleEndian(headerLength ?? UInt64(headerBytes.count)) + headerBytes + data
    }

    private static func littleEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    private static func float32Bytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in
            (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * UInt32($0))) }
        }
    }

    private static let eightBytes = float32Bytes([1, 2])

    /// Each hostile file with the refusal it must get.
    static let corpus: [(String, [UInt8], SafetensorsError.Problem)] = [
        ("empty file", [], .tooShort(byteCount: 0)),
        ("seven bytes", [1, 0, 0, 0, 0, 0, 0], .tooShort(byteCount: 7)),
        (
            "header length 2^63", littleEndian(1 << 63) + Array("{}".utf8),
            .headerTooLarge(headerLength: 1 << 63, limit: 100_000_000)
        ),
        (
            "header length just above the limit", littleEndian(100_000_001),
            .headerTooLarge(headerLength: 100_000_001, limit: 100_000_000)
        ),
        (
            "header length beyond the file", file("{}", headerLength: 1000),
            .headerBeyondFile(headerLength: 1000, fileLength: 10)
        ),
        ("header length zero", file(""), .headerNotObject),
        ("header is an array", file("[1, 2]"), .headerNotObject),
        ("header starts with a space", file(" {}"), .headerNotObject),
        (
            "header with a 0xFF byte", littleEndian(6) + [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x7D],
            .headerNotUTF8(byteOffset: 2)
        ),
        (
            "header with an overlong UTF-8 form", littleEndian(4) + [0x7B, 0xC0, 0xAF, 0x7D],
            .headerNotUTF8(byteOffset: 1)
        ),
        (
            "header cut inside JSON", file(#"{"w":{"dtype""#),
            .headerNotJSON(byteOffset: 13, detail: "expected ':'")
        ),
        (
            "header padded with NUL bytes", littleEndian(4) + [0x7B, 0x7D, 0x00, 0x00],
            .headerNotJSON(byteOffset: 2, detail: "unexpected text after the JSON document")
        ),
        (
            "header nested 100 000 deep",
            file(#"{"__metadata__":"# + String(repeating: "[", count: 100_000) + "}"),
            .headerNotJSON(byteOffset: 16 + JSONParser.maximumDepth - 1, detail: "nesting too deep")
        ),
        (
            "header with a lone surrogate", file(#"{"\ud800":1}"#),
            .headerNotJSON(byteOffset: 8, detail: "lone high surrogate")
        ),
        (
            "duplicate tensor names",
            file(
                #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
                    + #""w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, eightBytes),
            .duplicateName("w")
        ),
        (
            "duplicate metadata keys", file(#"{"__metadata__":{"a":"1","a":"2"}}"#),
            .duplicateName("a")
        ),
        (
            "metadata value a number", file(#"{"__metadata__":{"a":1}}"#),
            .metadataValueNotString(key: "a")
        ),
        ("metadata an array", file(#"{"__metadata__":["a"]}"#), .metadataNotObject),
        ("metadata null", file(#"{"__metadata__":null}"#), .metadataNotObject),
        ("tensor entry a string", file(#"{"w":"F32"}"#), .entryNotObject(tensor: "w")),
        (
            "tensor without dtype", file(#"{"w":{"shape":[2],"data_offsets":[0,8]}}"#, eightBytes),
            .missingField(tensor: "w", field: "dtype")
        ),
        (
            "tensor without data_offsets", file(#"{"w":{"dtype":"F32","shape":[2]}}"#, eightBytes),
            .missingField(tensor: "w", field: "data_offsets")
        ),
        (
            "tensor with an unknown field",
            file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}}"#, eightBytes),
            .unexpectedField(tensor: "w", field: "x")
        ),
        (
            "unknown dtype", file(#"{"w":{"dtype":"F128","shape":[2],"data_offsets":[0,8]}}"#),
            .unknownDataType(tensor: "w", dataType: "F128")
        ),
        (
            "dtype a number", file(#"{"w":{"dtype":4,"shape":[2],"data_offsets":[0,8]}}"#),
            .unknownDataType(tensor: "w", dataType: "4")
        ),
        (
            "negative dimension", file(#"{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#),
            .invalidShape(tensor: "w", detail: "negative number -2")
        ),
        (
            "fractional dimension",
            file(#"{"w":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#),
            .invalidShape(tensor: "w", detail: "2.5 is not a whole number")
        ),
        (
            "dimension beyond 64 bits",
            file(#"{"w":{"dtype":"F32","shape":[99999999999999999999],"data_offsets":[0,8]}}"#),
            .invalidShape(tensor: "w", detail: "number 99999999999999999999 too large")
        ),
        (
            "shape whose byte size overflows",
            file(
                #"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#),
            .invalidShape(tensor: "w", detail: "[4611686018427387904, 4] overflows the size")
        ),
        (
            "shape a string", file(#"{"w":{"dtype":"F32","shape":"2","data_offsets":[0,8]}}"#),
            .invalidShape(tensor: "w", detail: "not an array")
        ),
        (
            "three data offsets",
            file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4,8]}}"#),
            .invalidOffsets(tensor: "w", detail: "3 numbers, not 2")
        ),
        (
            "offsets in reverse", file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#),
            .invalidOffsets(tensor: "w", detail: "begin 8 after end 0")
        ),
        (
            "byte length not matching the shape",
            file(#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, eightBytes),
            .byteLengthMismatch(tensor: "w", shape: [3], dataType: "F32", expected: 12, actual: 8)
        ),
        (
            "offsets beyond the data",
            file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, eightBytes),
            .offsetsBeyondBuffer(tensor: "w", end: 12, bufferLength: 8)
        ),
        (
            "overlapping tensors",
            file(
                #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
                    + #""b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, eightBytes),
            .overlapping(tensor: "b", previous: "a")
        ),
        (
            "a gap between tensors",
            file(
                #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
                    + #""b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#,
                eightBytes + eightBytes),
            .gap(tensor: "b", begin: 8, previousEnd: 4)
        ),
        (
            "trailing bytes no tensor covers",
            file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, eightBytes + [0]),
            .bufferNotCovered(usedBytes: 8, bufferLength: 9)
        ),
        (
            "data but no tensors", file(#"{"__metadata__":{}}"#, eightBytes),
            .bufferNotCovered(usedBytes: 0, bufferLength: 8)
        ),
        (
            "a NaN weight",
            file(
                #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
                float32Bytes([1, .nan])),
            .nonFinite(tensor: "w", index: 1)
        ),
        (
            "an infinite F64 value",
            file(
                #"{"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#,
                littleEndian(Double.infinity.bitPattern)),
            .nonFinite(tensor: "w", index: 0)
        ),
        (
            "a negative-infinity BF16 value",
            file(#"{"w":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}}"#, [0x80, 0xFF]),
            .nonFinite(tensor: "w", index: 0)
        ),
    ]

    @Test func everyHostileFileInTheCorpusIsRefusedWithItsOwnSentence() {
        #expect(Self.corpus.count >= 20)
        for (label, bytes, expected) in Self.corpus {
            do {
                _ = try SafetensorsFile(decoding: bytes, file: "hostile.safetensors")
                Issue.record("accepted: \(label)")
            } catch {
                #expect(error.problem == expected, "\(label): \(error)")
                let sentence = error.description
                #expect(sentence.hasPrefix("hostile.safetensors is not a valid safetensors file: "))
                #expect(sentence.hasSuffix("."), "\(label): \(sentence)")
                #expect(!sentence.contains("\n"), "\(label): \(sentence)")
            }
        }
    }

    @Test func refusalsReadAsOneClearSentence() {
        func sentence(_ problem: SafetensorsError.Problem) -> String {
            SafetensorsError(file: "m.safetensors", problem: problem).description
        }
        #expect(
            sentence(.tooShort(byteCount: 5))
                == "m.safetensors is not a valid safetensors file: it is 5 bytes long, shorter "
                + "than the 8-byte header length it must start with.")
        #expect(
            sentence(.nonFinite(tensor: "layers.0.weight", index: 12))
                == "m.safetensors is not a valid safetensors file: tensor "
                + "\"layers.0.weight\" holds "
                + "a NaN or infinite value at element 12.")
        #expect(
            sentence(.duplicateName("w"))
                == "m.safetensors is not a valid safetensors file: the header repeats the "
                + "name \"w\"."
        )
    }

    @Test func nonFiniteValuesAreAcceptedOnlyWhenAskedFor() throws {
        let bytes = SafetensorsFile(tensors: [
            SafetensorsTensor(name: "w", shape: [2], float32Values: [.infinity, .nan])
        ]).encoded()
        #expect(throws: SafetensorsError.self) {
            try SafetensorsFile(decoding: bytes, file: "x")
        }
        let file = try SafetensorsFile(decoding: bytes, file: "x", allowNonFinite: true)
        #expect(file.tensors[0].float32Values?[0] == .infinity)
    }

    @Test func everyTruncationOfAValidFileIsRefused() {
        let bytes = Self.referenceBytes
        for length in 0..<bytes.count {
            #expect(throws: SafetensorsError.self, "prefix of \(length) bytes") {
                try SafetensorsFile(decoding: Array(bytes[0..<length]), file: "cut.safetensors")
            }
        }
    }

    /// Decodes `bytes`, returning the file or the refusal (keeps typed throws out of loops).
    private func decodeResult(_ bytes: [UInt8]) -> Result<SafetensorsFile, SafetensorsError> {
        Result { () throws(SafetensorsError) in
            try SafetensorsFile(decoding: bytes, file: "flip.safetensors")
        }
    }

    @Test func everySingleBitFlipIsRefusedOrDecodesToAValidFileWithoutCrashing() {
        let bytes = Self.referenceBytes
        var refusedInHeader = 0
        var headerFlips = 0
        for byteIndex in 0..<bytes.count {
            for bit in 0..<8 {
                var flipped = bytes
                flipped[byteIndex] ^= 1 << bit
                switch decodeResult(flipped) {
                case .success(let file):
                    // Whatever decodes must be self-consistent: re-encoding and decoding is stable.
                    #expect(byteIndex >= 8, "a flip in the length field was accepted")
                    #expect((try? decodeResult(file.encoded()).get()) == file)
                case .failure(let error):
                    #expect(error.description.hasPrefix("flip.safetensors is not a valid"))
                    if byteIndex < 8 + 0x98 { refusedInHeader += 1 }
                }
                if byteIndex < 8 + 0x98 { headerFlips += 1 }
            }
        }
        // Most flips in the header break its JSON or its numbers; count them to show the corpus
        // really exercised refusals (flips inside names or metadata values can stay valid).
        #expect(refusedInHeader > headerFlips / 2)
    }
}
