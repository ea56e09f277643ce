import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What an XML parse of a document found: whether it parsed, the first error, and the names
/// of all elements in document order (so tests can count `<path>`s, `<circle>`s, ...).
struct XMLCheck {
    var parsed: Bool
    var error: String?
    var elementNames: [String]
    /// The text content of every element with the given name, in order.
    var texts: [String: [String]]

    init(_ document: String) {
        let delegate = Collector()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = delegate
        parsed = parser.parse()
        error = parser.parserError.map { "\($0)" }
        elementNames = delegate.names
        texts = delegate.texts
    }

    func count(of name: String) -> Int {
        elementNames.filter { $0 == name }.count
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var names: [String] = []
        var texts: [String: [String]] = [:]
        private var stack: [(name: String, text: String)] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            names.append(elementName)
            stack.append((elementName, ""))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1].text += string }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?
        ) {
            let element = stack.removeLast()
            texts[element.name, default: []].append(element.text)
        }
    }
}

/// Expects `document` to parse as XML, reporting the parser's error at the caller.
func expectWellFormed(
    _ document: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let check = XMLCheck(document)
    #expect(
        check.parsed, "not well-formed XML: \(check.error ?? "?")", sourceLocation: sourceLocation)
}
