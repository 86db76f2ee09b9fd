import Foundation
import Yams

extension DNSConfiguration {
    /// Reads the YAML file at `path`; errors name the file and the key at fault.
    public static func load(path: String) throws(DNSConfigurationError) -> DNSConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: path, reason: error.localizedDescription)
        }
        return try parse(yaml: text, path: path)
    }

    /// Reads configuration YAML `text`, from `path` (for error messages).
    public static func parse(yaml text: String, path: String) throws(DNSConfigurationError) -> DNSConfiguration {
        do {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return DNSConfiguration() }
            return try YAMLDecoder().decode(DNSConfiguration.self, from: text)
        } catch let error as DecodingError {
            throw describe(error, path: path)
        } catch {
            throw .invalid(path: path, key: "", reason: "not valid YAML: \(error)")
        }
    }

    private static func describe(_ error: DecodingError, path: String) -> DNSConfigurationError {
        switch error {
        case .typeMismatch(let type, let context):
            .invalid(path: path, key: keyPath(context.codingPath), reason: "expected \(typeName(type))")
        case .valueNotFound(let type, let context):
            .invalid(path: path, key: keyPath(context.codingPath), reason: "missing \(typeName(type))")
        case .keyNotFound(let key, let context):
            .invalid(path: path, key: keyPath(context.codingPath + [key]), reason: "required")
        case .dataCorrupted(let context):
            if let yaml = context.underlyingError as? YamlError {
                .invalid(path: path, key: "", reason: "not valid YAML: \(yamlLocation(yaml))")
            } else {
                .invalid(path: path, key: keyPath(context.codingPath), reason: context.debugDescription)
            }
        @unknown default:
            .invalid(path: path, key: "", reason: "\(error)")
        }
    }

    /// `filter.block[2]` from a coding path.
    static func keyPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    /// `line L, column C: problem` from a Yams error (without echoing the file's text).
    private static func yamlLocation(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            "line \(mark.line), column \(mark.column): \(problem)"
        default:
            "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is UInt32.Type: "a number"
        case is [String].Type: "a list of strings"
        default: "\(type)"
        }
    }
}
