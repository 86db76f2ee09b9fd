import Foundation
import Yams

extension ObservabilitySettings {
    private struct File: Decodable {
        var observability: ObservabilitySettings?
    }

    /// The `observability:` section of the YAML file at `path` (other keys are ignored); both
    /// backends off when it is absent. Errors name the file and the key.
    public static func load(path: String) throws -> ObservabilitySettings {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        do {
            return try YAMLDecoder().decode(File.self, from: text).observability ?? ObservabilitySettings()
        } catch let DecodingError.dataCorrupted(context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ObservabilitySettingsInvalid(description: "\(path): \(key): \(context.debugDescription)")
        } catch let DecodingError.typeMismatch(_, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ObservabilitySettingsInvalid(description: "\(path): \(key): wrong type")
        }
    }
}

/// An `observability:` section that cannot be used; the text names the file and key.
public struct ObservabilitySettingsInvalid: Error, CustomStringConvertible, Sendable {
    public let description: String
}
