/// What ``FeatureEncoder/encode(_:rows:report:)`` had to make up, per source column, so the
/// caller can warn: rows whose categorical level was not seen in training (encoded as all
/// zeros) and missing numeric values filled with the training median.
public struct EncodingReport: Sendable, Equatable {
    /// Column name -> rows with a level (or a missing value) the encoder has no column for.
    public var unseenLevels: [String: Int] = [:]
    /// Column name -> rows whose missing value was replaced by the training median.
    public var imputedValues: [String: Int] = [:]

    public init() {}

    /// One sentence per column with unseen levels, for notices, e.g.
    /// `3 test rows have a level of "color" not seen in training (encoded as all zeros).`
    public func unseenLevelWarnings(rowsName: String) -> [String] {
        unseenLevels.keys.sorted().map { name in
            let count = unseenLevels[name]!
            return "\(count) \(rowsName) row\(count == 1 ? " has" : "s have") a level of "
                + "\"\(DataError.escaped(name))\" not seen in training (encoded as all zeros)."
        }
    }
}
