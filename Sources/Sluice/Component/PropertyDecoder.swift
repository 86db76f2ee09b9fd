import Foundation

/// Decodes `Decodable` component properties from a ``PropertyNode`` the way users write them:
/// YAML's kebab-case keys (`skip-lines`) match Swift's camelCase names (`skipLines`), numbers
/// and booleans are read from scalars, and every problem — including keys nobody asked for,
/// with a "did you mean" hint — is reported with its file, line and column.
///
/// Special types: `PropertyNode` (the raw sub-tree), `Decimal` (exact, from the text), `Date`
/// (ISO 8601) and `URL` decode from the node directly.
public struct PropertyDecoder: Sendable {
    /// Accepts `#{...}` placeholders (resolved only when a step starts) wherever a number or a
    /// boolean is expected, so a job can be validated before its placeholders have values.
    public var allowsLateBinding: Bool

    /// Creates a decoder.
    public init(allowsLateBinding: Bool = false) {
        self.allowsLateBinding = allowsLateBinding
    }

    /// Decodes `type` from `node`; throws ``PropertyProblems`` listing the decoding error and
    /// every unknown key.
    public func decode<T: Decodable>(_ type: T.Type, from node: PropertyNode) throws(PropertyProblems) -> T {
        let session = PropertyDecodingSession(root: node, allowsLateBinding: allowsLateBinding)
        let decoder = PropertyNodeDecoder(node: node, codingPath: [], session: session)
        var result: T?
        var problems: [PropertyProblem] = []
        do {
            result = try decoder.decodeValue(T.self)
        } catch let problem as PropertyProblem {
            problems.append(problem)
        } catch let error as DecodingError {
            problems.append(session.problem(for: error))
        } catch {
            problems.append(PropertyProblem("\(error)", at: node.location))
        }
        if problems.isEmpty {
            problems.append(contentsOf: session.unknownKeyProblems())
        } else {
            // The failed decode stopped early, so keys after the failure were never asked for.
            // A second pass that never fails (placeholder values) asks for every key it knows.
            let tolerant = PropertyDecodingSession(root: node, allowsLateBinding: true, tolerant: true)
            _ = try? PropertyNodeDecoder(node: node, codingPath: [], session: tolerant).decodeValue(T.self)
            problems.append(contentsOf: tolerant.unknownKeyProblems())
        }
        guard let result, problems.isEmpty else { throw PropertyProblems(problems) }
        return result
    }
}

/// A CodingKey for any string or index.
struct PropertyKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }
    init(_ string: String) { stringValue = string }
}

/// The state shared by all containers of one decode: which keys of which maps were asked for,
/// so that the keys nobody asked for can be reported as unknown.
final class PropertyDecodingSession {
    let root: PropertyNode
    let allowsLateBinding: Bool
    /// Decodes placeholder values instead of failing (to learn every key a type asks for).
    let tolerant: Bool
    /// Per map (by coding path): its node, and the names looked up in it.
    private var maps: [String: (node: PropertyNode, asked: Set<String>, takesAll: Bool)] = [:]
    private var order: [String] = []

    init(root: PropertyNode, allowsLateBinding: Bool, tolerant: Bool = false) {
        self.root = root
        self.allowsLateBinding = allowsLateBinding
        self.tolerant = tolerant
    }

    func register(_ node: PropertyNode, path: [any CodingKey]) {
        let key = Self.pathText(path)
        if maps[key] == nil {
            maps[key] = (node, [], false)
            order.append(key)
        }
    }

    func asked(_ name: String, path: [any CodingKey]) {
        maps[Self.pathText(path)]?.asked.insert(name)
    }

    func takesAllKeys(path: [any CodingKey]) {
        maps[Self.pathText(path)]?.takesAll = true
    }

    func unknownKeyProblems() -> [PropertyProblem] {
        var problems: [PropertyProblem] = []
        for key in order {
            guard let map = maps[key], !map.takesAll, let entries = map.node.entries else { continue }
            let known = map.asked.map(Self.kebab)
            for entry in entries where !map.asked.contains(entry.key) && !map.asked.contains(Self.camel(entry.key)) {
                let hint = NameSuggestion.hint(for: entry.key, in: known)
                problems.append(PropertyProblem("unknown key '\(entry.key)'\(hint)", at: entry.keyLocation))
            }
        }
        return problems
    }

    /// Turns a Swift decoding error into a problem located at the node it concerns.
    func problem(for error: DecodingError) -> PropertyProblem {
        switch error {
        case .keyNotFound(let key, let context):
            let parent = node(at: context.codingPath)
            return PropertyProblem("missing required key '\(Self.kebab(key.stringValue))'", at: parent?.location)
        case .typeMismatch(let type, let context):
            let found = node(at: context.codingPath)
            return PropertyProblem(
                "\(Self.where(context.codingPath))expected \(Self.describe(type)), found \(found?.kindDescription ?? "nothing")",
                at: found?.location)
        case .valueNotFound(let type, let context):
            let found = node(at: context.codingPath)
            return PropertyProblem("\(Self.where(context.codingPath))expected \(Self.describe(type)), found null", at: found?.location)
        case .dataCorrupted(let context):
            let found = node(at: context.codingPath)
            return PropertyProblem("\(Self.where(context.codingPath))\(context.debugDescription)", at: found?.location)
        @unknown default:
            return PropertyProblem("\(error)", at: root.location)
        }
    }

    /// The node at a coding path, or the deepest node found along it.
    func node(at path: [any CodingKey]) -> PropertyNode? {
        var current = root
        for key in path {
            if let index = key.intValue, let items = current.items, items.indices.contains(index) {
                current = items[index]
            } else if let entries = current.entries,
                      let entry = entries.first(where: { $0.key == key.stringValue || Self.camel($0.key) == key.stringValue }) {
                current = entry.value
            } else {
                return current
            }
        }
        return current
    }

    private static func `where`(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "" }
        return pathText(path).isEmpty ? "" : "\(displayPath(path)): "
    }

    static func displayPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + kebab(key.stringValue) }
        }
        return text
    }

    static func pathText(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "#\($0)" } ?? $0.stringValue }.joined(separator: "/")
    }

    static func describe(_ type: Any.Type) -> String {
        if type is String.Type { return "a string" }
        if type is Bool.Type { return "true or false" }
        if type is Int.Type || type is Int64.Type || type is Int32.Type || type is UInt.Type { return "an integer" }
        if type is Double.Type || type is Float.Type || type is Decimal.Type { return "a number" }
        let name = "\(type)"
        if name.hasPrefix("Array") || name.hasPrefix("[") { return "a list" }
        if name.hasPrefix("Dictionary") || name.contains(":") { return "a map" }
        return "a value of type \(name)"
    }

    /// `skip-lines` → `skipLines`.
    static func camel(_ key: String) -> String {
        guard key.contains("-") else { return key }
        var result = ""
        var upper = false
        for ch in key {
            if ch == "-" { upper = true; continue }
            result.append(upper ? Character(ch.uppercased()) : ch)
            upper = false
        }
        return result
    }

    /// `skipLines` → `skip-lines`.
    static func kebab(_ name: String) -> String {
        var result = ""
        for ch in name {
            if ch.isUppercase, !result.isEmpty {
                result.append("-")
                result.append(Character(ch.lowercased()))
            } else {
                result.append(ch)
            }
        }
        return result
    }
}
