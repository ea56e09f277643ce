import Testing

@testable import TabregReport

@Suite struct XMLTextTests {
    @Test func escapesMarkupCharactersAndQuotes() {
        #expect(
            XMLText.escape("a < b & \"c\" > 'd'") == "a &lt; b &amp; &quot;c&quot; &gt; &#39;d&#39;"
        )
    }

    @Test func keepsUnicodeAndWhitespaceAsTheyAre() {
        #expect(XMLText.escape("R² 13 → 200\tx\ny") == "R² 13 → 200\tx\ny")
    }

    @Test func replacesCharactersXMLForbids() {
        #expect(XMLText.escape("a\u{0}b\u{1B}c\u{FFFE}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        expectWellFormed("<t>\(XMLText.escape("bad \u{1}\u{8} name & <tag>"))</t>")
    }
}
