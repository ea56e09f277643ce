import TabregNumerics

/// A trainable tensor and its gradient, shared by reference between a layer and an optimizer.
///
/// The layer's backward pass overwrites ``gradient`` (it does not accumulate across calls);
/// an optimizer reads it and updates ``value`` in place.
public final class Parameter {
    /// A readable name, e.g. `weight` or `bias`; ``Sequential`` prefixes it with the layer index.
    public let name: String
    /// The current value.
    public var value: Matrix
    /// dLoss/dValue from the last backward pass, same shape as ``value``.
    public var gradient: Matrix

    /// A parameter holding `value`, with a zero gradient of the same shape.
    public init(name: String, value: Matrix) {
        self.name = name
        self.value = value
        self.gradient = Matrix(rows: value.rows, columns: value.columns)
    }

    /// Number of scalar values.
    public var count: Int { value.storage.count }
}
