import TabregNumerics

/// Updates parameters from their gradients, one step at a time.
///
/// An optimizer keeps its state (moments, momentum buffers) in arrays parallel to the parameter
/// list it is first stepped with; later steps must pass the same parameters in the same order.
public protocol Optimizer: AnyObject {
    /// The step size used by the next ``step(_:)``; schedules change it between steps.
    var learningRate: Float { get set }

    /// Applies one update to every parameter from its current gradient.
    func step(_ parameters: [Parameter])
}

/// Fails with a readable message when a hyper-parameter is out of its range.
@usableFromInline
func checkHyperparameter(_ isValid: Bool, _ name: String, _ value: Any, _ expected: String) {
    precondition(isValid, "invalid \(name): \(value) (expected \(expected))")
}

/// Checks that `parameters` are the ones the optimizer state was built for (allocates nothing
/// unless it fails, so it can run every step).
func checkSameParameters<Counts: Collection<Int>>(
    _ parameters: [Parameter], counts: Counts, optimizer: String
) {
    precondition(parameters.count == counts.count && zip(parameters, counts).allSatisfy { $0.count == $1 },
        "\(optimizer).step: called with \(parameters.count) parameters of sizes "
            + "\(parameters.map(\.count)); its state was made for sizes \(Array(counts))")
}
