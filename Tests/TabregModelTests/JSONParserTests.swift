import Testing

@testable import TabregModel

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws(JSONParser.Failure) -> JSONValue {
        try JSONParser.parse(text)
    }

    private func failure(_ bytes: [UInt8]) -> JSONParser.Failure? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesNestedDocumentKeepingMemberOrderAndNumberText() throws {
        let value = try parse(#" {"b": [1, -2.5e3, true, null], "a": {"x": "y\u00e9\n"}} "#)
        #expect(
            value
                == .object([
                    JSONMember(
                        "b", .array([.number("1"), .number("-2.5e3"), .bool(true), .null])),
                    JSONMember("a", .object([JSONMember("x", .string("y\u{E9}\n"))])),
                ]))
    }

    @Test func refusesDuplicateKeysThatJSONSerializationWouldMerge() {
        let found = failure(Array(#"{"a": 1, "b": {"c": 1, "c": 2}}"#.utf8))
        #expect(found?.duplicateKey == "c")
    }

    @Test func decodesSurrogatePairsAndRefusesLoneSurrogates() throws {
        #expect(try parse(#""\ud83d\ude00""#) == .string("\u{1F600}"))
        #expect(failure(Array(#""\ud83d""#.utf8)) != nil)
        #expect(failure(Array(#""\ude00x""#.utf8)) != nil)
    }

    @Test func refusesInvalidUTF8AndOverlongForms() {
        #expect(failure([0x22, 0xFF, 0x22])?.problem == "invalid UTF-8")
        #expect(failure([0x22, 0xC0, 0xAF, 0x22])?.problem == "invalid UTF-8")  // overlong "/"
        #expect(failure([0x22, 0xED, 0xA0, 0x80, 0x22])?.problem == "invalid UTF-8")  // surrogate
        #expect(failure([0x22, 0xE2, 0x82])?.problem == "invalid UTF-8")  // truncated sequence
    }

    @Test func refusesMalformedNumbersLiteralsAndTrailingText() {
        for text in [
            "01", "-", "1.", ".5", "1e", "+1", "tru", "nul", "[1,]", "{\"a\":1,}", "1 2",
            "\"a\tb\"", "{\"a\" 1}", "[", "",
        ] {
            #expect(failure(Array(text.utf8)) != nil, "accepted \(text)")
        }
    }

    @Test func refusesNestingDeeperThanTheLimitWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(failure(Array(deep.utf8))?.problem == "nesting too deep")
        let allowed =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(failure(Array(allowed.utf8)) == nil)
    }

    @Test func serializationRoundTripsAndEscapesControlCharacters() throws {
        let value = JSONValue.object([
            JSONMember("quote\"back\\slash", .string("tab\t\u{01}é")),
            JSONMember("n", .array([.double(0.1), .double(2), .integer(-3), .bool(false), .null])),
        ])
        let text = value.serialized()
        #expect(text == #"{"quote\"back\\slash":"tab\t\u0001é","n":[0.1,2,-3,false,null]}"#)
        #expect(try parse(text) == value)
    }

    @Test func integerReadingDistinguishesNegativeFractionalAndOverflow() {
        #expect(JSONValue.number("42").integerValue == .value(42))
        #expect(JSONValue.number("-1").integerValue == .negative)
        #expect(JSONValue.number("1.0").integerValue == .notWhole)
        #expect(JSONValue.number("1e3").integerValue == .notWhole)
        #expect(JSONValue.number("99999999999999999999").integerValue == .overflow)
        #expect(JSONValue.string("1").integerValue == .notANumber)
    }
}
