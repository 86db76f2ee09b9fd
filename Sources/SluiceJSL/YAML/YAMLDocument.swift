import Foundation
import Sluice
import Yams

/// A YAML file turned into a ``PropertyNode`` tree that remembers the line and column of every
/// node. Keys stay strings exactly as written (so YAML 1.1's boolean `on` is the key "on").
public struct YAMLDocument: Sendable {
    /// The file name used in locations.
    public let file: String
    /// The root node (null for an empty file).
    public let root: PropertyNode

    /// Parses `text`, reporting syntax errors and duplicate keys as ``PropertyProblems``.
    public init(text: String, file: String) throws(PropertyProblems) {
        self.file = file
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PropertyProblems([Self.problem(error, file: file)])
        } catch {
            throw PropertyProblems([PropertyProblem("not valid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        var problems: [PropertyProblem] = []
        root = node.map { Self.convert($0, file: file, problems: &problems) } ?? PropertyNode(.null, at: SourceLocation(file: file, line: 1, column: 1))
        if !problems.isEmpty { throw PropertyProblems(problems) }
    }

    /// Reads and parses the file at `path`; `file` is the name shown in messages.
    public init(contentsOf path: String, file: String? = nil) throws(PropertyProblems) {
        let shown = file ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PropertyProblems([PropertyProblem("\(shown): cannot read the file (missing or not readable)", at: nil)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PropertyProblems([PropertyProblem("the file is not UTF-8 text", at: SourceLocation(file: shown, line: 1, column: 1))])
        }
        try self.init(text: text, file: shown)
    }

    private static func location(_ mark: Mark?, _ file: String) -> SourceLocation? {
        mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
    }

    private static func convert(_ node: Node, file: String, problems: inout [PropertyProblem]) -> PropertyNode {
        let at = location(node.mark, file)
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            let isBlock = scalar.style == .literal || scalar.style == .folded
            if !quoted, !isBlock, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return PropertyNode(.null, at: at) }
            return PropertyNode(.scalar(scalar.string, quoted: quoted || isBlock), at: at)
        case .sequence(let sequence):
            return PropertyNode(.list(sequence.map { convert($0, file: file, problems: &problems) }), at: at)
        case .mapping(let mapping):
            var entries: [PropertyEntry] = []
            var seen: Set<String> = []
            for (key, value) in mapping {
                let keyAt = location(key.mark, file)
                guard let name = key.scalar?.string else {
                    problems.append(PropertyProblem("a map key must be a plain name, not a list or map", at: keyAt))
                    continue
                }
                if !seen.insert(name).inserted {
                    problems.append(PropertyProblem("duplicate key '\(name)'", at: keyAt))
                    continue
                }
                entries.append(PropertyEntry(name, convert(value, file: file, problems: &problems), at: keyAt))
            }
            return PropertyNode(.map(entries), at: at)
        case .alias:
            return PropertyNode(.null, at: at)
        }
    }

    private static func problem(_ error: YamlError, file: String) -> PropertyProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return PropertyProblem("invalid YAML: \(text)", at: SourceLocation(file: file, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return PropertyProblem("duplicate keys: \(duplicates.joined(separator: ", "))",
                                   at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column))
        case .reader(let problem, _, _, _):
            return PropertyProblem("invalid YAML: \(problem)", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return PropertyProblem("invalid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }
}
