/// Why a well-formed safetensors file is refused as a tabreg model; prints as one sentence
/// naming the file.
///
/// The CLI maps every such refusal to exit code 65 (bad input data), as it does
/// ``SafetensorsError``.
public struct ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    public var problem: Problem

    public init(file: String, problem: Problem) {
        self.file = file
        self.problem = problem
    }

    public enum Problem: Equatable, Sendable {
        /// `__metadata__` has no `tabreg` entry: not a file tabreg wrote.
        case missingDescription
        case descriptionNotJSON(detail: String)
        case unsupportedVersion(found: String)
        /// A field is absent or of the wrong kind; `path` like `scaler.offset[3]`.
        case invalidField(path: String, expected: String)
        /// The description contradicts itself, e.g. sizes that do not chain.
        case inconsistent(detail: String)
        case missingTensor(name: String)
        case unexpectedTensor(name: String)
        case tensorDataType(name: String, found: String)
        case tensorShape(name: String, expected: [Int], found: [Int])
    }

    public var description: String {
        "\(file) is not a usable tabreg model: \(detail)."
    }

    private var detail: String {
        switch problem {
        case .missingDescription:
            return "its \"__metadata__\" has no \"tabreg\" description (was it written by tabreg?)"
        case .descriptionNotJSON(let detail):
            return "the \"tabreg\" description is not valid JSON (\(detail))"
        case .unsupportedVersion(let found):
            return "format_version \(found) is not supported (this tabreg reads version "
                + "\(ModelDescription.currentFormatVersion))"
        case .invalidField(let path, let expected):
            return "\"\(path)\" in the description must be \(expected)"
        case .inconsistent(let detail):
            return "the description is inconsistent: \(detail)"
        case .missingTensor(let name):
            return "tensor \"\(name)\" is missing"
        case .unexpectedTensor(let name):
            return "tensor \"\(name)\" is not part of the described architecture"
        case .tensorDataType(let name, let found):
            return "tensor \"\(name)\" has dtype \(found), not F32"
        case .tensorShape(let name, let expected, let found):
            return "tensor \"\(name)\" has shape \(found) but the architecture needs \(expected)"
        }
    }
}
