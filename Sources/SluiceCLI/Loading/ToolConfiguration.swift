import Foundation
import Sluice
import SluiceJSL

/// A `--config FILE`: settings that belong to an environment rather than to a job — the job
/// repository and named connections (which replace a job file's connections of the same name).
///
/// ```yaml
/// repository: "postgres://batch:${env:PGPASSWORD}@db.internal:5432/batch"
/// connections:
///   target: { url: "postgres://loader:${env:TARGET_PASSWORD}@warehouse:5432/shop" }
/// ```
struct ToolConfiguration {
    /// The repository URL, if the file names one.
    var repositoryURL: String?
    /// The connections it defines.
    var connections: [NamedConnection] = []

    /// Reads and checks the file; `${env:}` and `${file:}` are resolved.
    init(path: String, environment: [String: String]) throws {
        let document: YAMLDocument
        do { document = try YAMLDocument(contentsOf: path) } catch { throw JobFileInvalid(problems: error.problems.map(\.description)) }
        var problems: [PropertyProblem] = []
        guard let entries = document.root.entries else {
            throw JobFileInvalid(problems: ["\(path): a configuration file is a map with 'repository' and 'connections'"])
        }
        for entry in entries {
            switch entry.key {
            case "repository": repositoryURL = entry.value.scalarText
            case "connections": connections = Self.connections(entry.value, problems: &problems)
            default:
                problems.append(PropertyProblem("unknown key '\(entry.key)'\(NameSuggestion.hint(for: entry.key, in: ["repository", "connections"]))",
                                                at: entry.keyLocation))
            }
        }
        guard problems.isEmpty else { throw JobFileInvalid(problems: problems.map(\.description)) }
        let base = ((path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path) as NSString).deletingLastPathComponent
        repositoryURL = try repositoryURL.map { try Self.substitute($0, environment: environment, base: base) }
        connections = try connections.map { c in
            var resolved = c
            resolved.url = try Self.substitute(c.url, environment: environment, base: base)
            resolved.redactedURL = YAMLJobLoader.redacted(resolved.url)
            return resolved
        }
    }

    private static func connections(_ node: PropertyNode, problems: inout [PropertyProblem]) -> [NamedConnection] {
        guard let entries = node.entries else {
            problems.append(PropertyProblem("connections must be a map of name → { url: ... }", at: node.location))
            return []
        }
        return entries.compactMap { entry in
            guard let url = entry.value.scalarText ?? entry.value["url"]?.scalarText else {
                problems.append(PropertyProblem("connection '\(entry.key)' needs a url", at: entry.value.location))
                return nil
            }
            return NamedConnection(name: entry.key, url: url, redactedURL: url, location: entry.keyLocation)
        }
    }

    private static func substitute(_ text: String, environment: [String: String], base: String) throws -> String {
        do {
            return try YAMLJobLoader.substitute(text, environment: environment, baseDirectory: base)
        } catch {
            throw JobFileInvalid(problems: error.problems.map(\.description))
        }
    }
}
