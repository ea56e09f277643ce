import Foundation
import Testing

@testable import TabregModel

/// Vectors from FIPS 180-2 appendix B / the NIST "SHA examples" document, checked with the
/// x86 SHA extensions (where this machine has them) and with the Swift rounds.
@Suite struct SHA256Tests {
    private static func hex(_ bytes: [UInt8], usesHardware: Bool) -> String {
        var hasher = SHA256(usesHardware: usesHardware)
        hasher.update(bytes)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    @Test(arguments: [true, false])
    func matchesTheFIPS180VectorForABC(usesHardware: Bool) {
        #expect(
            Self.hex(Array("abc".utf8), usesHardware: usesHardware)
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(arguments: [true, false])
    func matchesTheFIPS180TwoBlockVector(usesHardware: Bool) {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(
            Self.hex(Array(message.utf8), usesHardware: usesHardware)
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func matchesTheEmptyMessageVector() {
        #expect(
            SHA256.hexDigest(of: [UInt8]())
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test(arguments: [true, false])
    func matchesTheMillionAVector(usesHardware: Bool) {
        #expect(
            Self.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000), usesHardware: usesHardware)
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Both ways agree on random messages of every length up to 300 bytes (one to five
    /// blocks, each padding case), fed whole and in uneven pieces.
    @Test func theSHAExtensionsAndTheSwiftRoundsAgree() {
        var state: UInt64 = 5
        for length in 0...300 {
            let message = (0..<length).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            let expected = Self.hex(message, usesHardware: false)
            #expect(Self.hex(message, usesHardware: true) == expected, "length \(length)")
            var pieces = SHA256()
            var start = 0
            while start < length {
                let end = min(length, start + 1 + start % 97)
                pieces.update(message[start..<end])
                start = end
            }
            #expect(
                pieces.finalize().map { String(format: "%02x", $0) }.joined() == expected,
                "length \(length), in pieces")
        }
    }

    /// Digests from Python's `hashlib.sha256` of `bytes((i * 31 + 7) & 0xff for i in range(n))`;
    /// lengths 55 to 65 and 119, 120 straddle the one- and two-block padding cases.
    private static let boundaryDigests: [(Int, String)] = [
        (55, "8aa994584139d128848eeebc4e815639ba5ab6e6e39574195a63ac4f14f7c43b"),
        (56, "ad574708f75c044c9b85de64cb568ee7711ff4f36448c6242f053ba8f6cc2b63"),
        (63, "280ed3e8ff1df845b2e7dfe6ac6cee817bef20e783cc65abc41b818b4d2fe076"),
        (64, "c6ab9724ade5b6a7a1edfffb12f3aa9181351355af8fd08c919952ad211339dd"),
        (65, "788367c73c7ddf4c53f65e68cc0d943e6227ab55b0e78ba63ace822b1c6301c0"),
        (119, "3d610547d68216dedf7435a4fb6260353911f6b3fd3f18805ddb8be285d726fe"),
        (120, "1f80156a804cb7862ad113e8200e9d74499723e7c7854d5f48776d3148e09656"),
    ]

    @Test func paddingBoundariesMatchHashlibWholeAndByteByByte() {
        for (length, digest) in Self.boundaryDigests {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            #expect(SHA256.hexDigest(of: message) == digest, "length \(length)")
            var hasher = SHA256()
            for byte in message { hasher.update([byte]) }
            let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            #expect(hex == digest, "length \(length), byte by byte")
            var chunked = SHA256()
            for start in stride(from: 0, to: length, by: 37) {
                chunked.update(message[start..<min(start + 37, length)])
            }
            let chunkedHex = chunked.finalize().map { String(format: "%02x", $0) }.joined()
            #expect(chunkedHex == digest, "length \(length), in 37-byte chunks")
        }
    }
}
