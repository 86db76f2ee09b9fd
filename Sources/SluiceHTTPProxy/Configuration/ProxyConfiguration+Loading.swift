import Foundation
import Yams

/// A configuration file that cannot be used: names the file, the key path and the problem.
public struct ProxyConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file read.
    public let file: String
    /// The key path, e.g. `rules[2].action`; empty for the whole file.
    public let key: String
    /// What is wrong.
    public let problem: String

    /// An error at a key of a file.
    public init(file: String, key: String, problem: String) {
        self.file = file
        self.key = key
        self.problem = problem
    }

    public var description: String {
        key.isEmpty ? "\(file): \(problem)" : "\(file): \(key): \(problem)"
    }
}

extension ProxyConfiguration {
    /// Reads a YAML configuration file; errors name the file and the key.
    public static func load(path: String) throws -> ProxyConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ProxyConfigurationError(file: path, key: "", problem: "cannot be read (\(error.localizedDescription))")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses YAML text; `file` names it in errors.
    public static func parse(yaml: String, file: String = "<configuration>") throws -> ProxyConfiguration {
        do {
            if yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return ProxyConfiguration() }
            return try YAMLDecoder().decode(ProxyConfiguration.self, from: yaml)
        } catch let error as DecodingError {
            let (path, problem) = describe(error)
            throw ProxyConfigurationError(file: file, key: path, problem: problem)
        } catch let error as YamlError {
            throw ProxyConfigurationError(file: file, key: "", problem: "is not valid YAML: \(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> (String, String) {
        switch error {
        case .keyNotFound(let key, let context):
            return (keyPath(context.codingPath + [key]), context.debugDescription.hasPrefix("No value") ? "is missing" : context.debugDescription)
        case .typeMismatch(let type, let context):
            return (keyPath(context.codingPath), "expected \(typeName(type))")
        case .valueNotFound(let type, let context):
            return (keyPath(context.codingPath), "expected \(typeName(type)), found nothing")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty, let underlying = context.underlyingError {
                return ("", "is not valid YAML: \(underlying)")
            }
            return (keyPath(context.codingPath), context.debugDescription)
        @unknown default:
            return ("", "\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }

    /// `rules[2].match.hosts`.
    static func keyPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }
}
