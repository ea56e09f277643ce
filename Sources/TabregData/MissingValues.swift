/// The cell texts that stand for a missing value.
///
/// After trimming surrounding spaces and tabs, and compared case-insensitively (`na`, `Na`,
/// `NULL`, `Null` all count), whether quoted or not:
///
///     (empty)  NA  N/A  #N/A  #NA  <NA>  NaN  -NaN  NULL  None  ?
///
/// This is pandas' default `na_values` list (which lists `NA`, `NaN`, `null`, `NULL`, `nan`,
/// `n/a`, `None`, ... case by case; tabreg accepts every casing of them) without its C-library
/// oddities (`1.#IND`, `-1.#QNAN`), plus `?`, which UCI repository files use. Quoting does not
/// change the meaning, as in pandas: a database export that quotes every field still has
/// `"NULL"` mean missing.
public enum MissingValues {
    /// The tokens, lower-cased.
    public static let tokens: Set<String> = [
        "", "na", "n/a", "#n/a", "#na", "<na>", "nan", "-nan", "null", "none", "?",
    ]

    /// Whether `text` (already trimmed or not) is a missing value.
    public static func isMissing(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isMissing(UnsafeRawBufferPointer($0)) }
    }

    /// Whether the cell's bytes (quotes removed) are a missing value.
    public static func isMissing(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        var end = bytes.count
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        let length = end - start
        if length == 0 { return true }
        if length > 5 { return false }
        // Every token starts with one of `n # < - ?` (any case): most texts end here, without
        // building a string.
        switch bytes[start] | 0x20 {
        case UInt8(ascii: "n"), UInt8(ascii: "#"), UInt8(ascii: "<"), UInt8(ascii: "-"),
            UInt8(ascii: "?"):
            break
        default:
            return false
        }
        var lowered: [UInt8] = []
        lowered.reserveCapacity(length)
        for index in start..<end {
            let byte = bytes[index]
            lowered.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        return tokens.contains(String(decoding: lowered, as: UTF8.self))
    }
}
