/// How a CSV file separates its fields, and how the delimiter is detected.
public struct CSVDialect: Equatable, Sendable {
    /// The byte between fields: `,` (default), `;`, tab or `|`.
    public var delimiter: UInt8

    public init(delimiter: UInt8 = UInt8(ascii: ",")) {
        self.delimiter = delimiter
    }

    /// Delimiters tried by ``detect(in:count:start:source:)``, most preferred first.
    public static let candidates: [UInt8] = [
        UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|"),
    ]

    /// How many records detection looks at.
    public static let sampleRecords = 20

    /// A human name for `delimiter` (`","`, `";"`, `tab`, ...).
    public static func name(of delimiter: UInt8) -> String {
        switch delimiter {
        case 0x09: return "tab"
        case 0x20: return "space"
        default: return "\"" + String(UnicodeScalar(delimiter)) + "\""
        }
    }

    /// Parses a `--delimiter` value: one ASCII character, or `tab`, `\t`, `comma`, `semicolon`,
    /// `pipe`. Returns nil for anything else (quotes, line ends, letters and digits included).
    public static func delimiter(named name: String) -> UInt8? {
        switch name.lowercased() {
        case "tab", "\\t", "\t": return 0x09
        case "comma": return UInt8(ascii: ",")
        case "semicolon": return UInt8(ascii: ";")
        case "pipe": return UInt8(ascii: "|")
        default: break
        }
        guard name.utf8.count == 1, let byte = name.utf8.first, byte < 0x80 else { return nil }
        let scalar = UnicodeScalar(byte)
        if byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D || byte < 0x20
            || scalar.properties.isAlphabetic || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        {
            return nil
        }
        return byte
    }

    /// Detects the delimiter from the first ``sampleRecords`` records, as Python's
    /// `csv.Sniffer` does in spirit: the first candidate (`,` `;` tab `|`) that splits every
    /// sampled record (quotes respected) into the same number of fields, more than one. If none
    /// is consistent (a ragged file), the candidate that splits the header into the most fields;
    /// `,` if none splits it at all (a one-column file).
    static func detect(
        in base: UnsafePointer<UInt8>, count: Int, start: Int, source: String
    ) -> CSVDialect {
        var best: (delimiter: UInt8, headerFields: Int) = (UInt8(ascii: ","), 1)
        for candidate in candidates {
            var tokenizer = CSVTokenizer(
                base: base, count: count, start: start, delimiter: candidate, source: source)
            var fieldCounts: [Int] = []
            while fieldCounts.count < sampleRecords {
                guard (try? tokenizer.nextRecord()) == true else { break }
                fieldCounts.append(tokenizer.fieldCount)
            }
            guard let header = fieldCounts.first else { continue }
            if header > 1 && fieldCounts.allSatisfy({ $0 == header }) {
                return CSVDialect(delimiter: candidate)
            }
            if header > best.headerFields { best = (candidate, header) }
        }
        return CSVDialect(delimiter: best.delimiter)
    }
}
