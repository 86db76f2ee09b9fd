import Foundation
import Sluice

/// Replaces `${env:NAME}` and `${file:PATH}` in every scalar of a job file when it is loaded —
/// a missing variable or file is an error, never an empty string. `$${` stands for a literal `${`.
///
/// The values are often secrets, so problems name the variable or file, never a value.
struct LoadTimeSubstitution {
    /// The environment variables visible to the job.
    let environment: [String: String]
    /// The directory relative `${file:...}` paths are resolved against.
    let baseDirectory: String

    /// The tree with every reference replaced; all missing references are reported together.
    func apply(to node: PropertyNode) throws(PropertyProblems) -> PropertyNode {
        var problems: [PropertyProblem] = []
        let result = node.mapScalars { text, _, location in
            guard text.contains("${") else { return text }
            return substitute(text, at: location, problems: &problems)
        }
        if !problems.isEmpty { throw PropertyProblems(problems) }
        return result
    }

    /// Whether `text` holds a reference (used to keep secrets out of messages).
    static func hasReference(_ text: String) -> Bool { text.contains("${env:") || text.contains("${file:") }

    private func substitute(_ text: String, at location: SourceLocation?, problems: inout [PropertyProblem]) -> String {
        var output = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            if start.lowerBound > rest.startIndex, rest[rest.index(before: start.lowerBound)] == "$" {
                output += rest[..<rest.index(before: start.lowerBound)] + "${"
                rest = rest[start.upperBound...]
                continue
            }
            output += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                problems.append(PropertyProblem("unterminated '${' (expected '${env:NAME}' or '${file:PATH}')", at: location))
                return text
            }
            let reference = String(rest[start.upperBound..<end])
            output += resolve(reference, at: location, problems: &problems)
            rest = rest[rest.index(after: end)...]
        }
        return output + rest
    }

    private func resolve(_ reference: String, at location: SourceLocation?, problems: inout [PropertyProblem]) -> String {
        if reference.hasPrefix("env:") {
            let name = String(reference.dropFirst(4))
            guard let value = environment[name] else {
                problems.append(PropertyProblem("environment variable '\(name)' is not set (referenced as ${env:\(name)})", at: location))
                return ""
            }
            return value
        }
        if reference.hasPrefix("file:") {
            let path = String(reference.dropFirst(5))
            let full = path.hasPrefix("/") ? path : (baseDirectory as NSString).appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: full), let value = String(data: data, encoding: .utf8) else {
                problems.append(PropertyProblem("cannot read '\(path)' (referenced as ${file:\(path)})", at: location))
                return ""
            }
            return value.hasSuffix("\r\n") ? String(value.dropLast(2)) : value.hasSuffix("\n") ? String(value.dropLast()) : value
        }
        problems.append(PropertyProblem("unknown reference '${\(reference)}' (expected '${env:NAME}' or '${file:PATH}')", at: location))
        return ""
    }
}
