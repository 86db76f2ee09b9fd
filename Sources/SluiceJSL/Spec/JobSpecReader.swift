import Sluice

/// Reads a job file's property tree into a ``JobSpec``, collecting every problem (unknown keys
/// with a hint, missing or mistyped values) instead of stopping at the first.
struct JobSpecReader {
    /// Problems found so far.
    private(set) var problems: [PropertyProblem] = []
    /// The file name, for problems about the file as a whole.
    let file: String

    init(file: String) { self.file = file }

    static let jobKeys = ["job", "description", "restartable", "incrementer", "parameters", "connections", "listeners", "steps"]

    /// The spec, or nil when the file is too broken to say what the job is.
    mutating func read(_ root: PropertyNode) -> JobSpec? {
        guard let top = map(root, "the job file", keys: Self.jobKeys) else { return nil }
        let name = top["job"].flatMap { string($0.value, "job") }
        if top["job"] == nil { report("missing required key 'job' (the job's name)", at: root.location) }
        if let name, let at = top["job"]?.value.location, !Self.isValidName(name) {
            report("job name '\(name)' may only hold letters, digits, '.', '_' and '-'", at: at)
        }
        var spec = JobSpec(
            name: name ?? "", description: top["description"].flatMap { string($0.value, "description") },
            restartable: top["restartable"].flatMap { bool($0.value, "restartable") } ?? true,
            incrementer: top["incrementer"].flatMap { incrementer($0.value) },
            parameters: top["parameters"].map { parameters($0.value) } ?? [:],
            connections: top["connections"].map { connections($0.value) } ?? [],
            listeners: top["listeners"].map { components($0.value, "listeners") } ?? [],
            elements: [], location: root.location)
        if let steps = top["steps"] {
            spec.elements = elements(steps.value, "steps")
            if spec.elements.isEmpty, problems.isEmpty { report("'steps' must list at least one step", at: steps.value.location) }
        } else {
            report("missing required key 'steps'", at: root.location)
        }
        return spec
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
    }

    // MARK: Job-level sections

    private mutating func incrementer(_ node: PropertyNode) -> String? {
        guard let text = string(node, "incrementer") else { return nil }
        guard ["run-id", "timestamp"].contains(text) else {
            report("unknown incrementer '\(text)'\(NameSuggestion.hint(for: text, in: ["run-id", "timestamp"])); use run-id or timestamp", at: node.location)
            return nil
        }
        return text
    }

    private struct ParameterProperties: Decodable {
        var type: JobParameterType?
        var required: Bool?
        var `default`: String?
        var identifying: Bool?
        var secret: Bool?
        var description: String?
    }

    private mutating func parameters(_ node: PropertyNode) -> [String: JobParameterDeclaration] {
        guard let entries = entries(node, "parameters") else { return [:] }
        var result: [String: JobParameterDeclaration] = [:]
        for entry in entries {
            guard let props = decode(ParameterProperties.self, entry.value) else { continue }
            let type = props.type ?? .string
            var declaration = JobParameterDeclaration(
                type, required: props.required ?? false, identifying: props.identifying ?? true, secret: props.secret ?? false)
            if let text = props.default {
                if let value = type.parse(text) {
                    declaration.defaultValue = value
                } else {
                    report("parameter '\(entry.key)': default '\(text)' is not a valid \(type.rawValue)", at: entry.value["default"]?.location)
                }
            }
            result[entry.key] = declaration
        }
        return result
    }

    private mutating func connections(_ node: PropertyNode) -> [ConnectionSpec] {
        guard let entries = entries(node, "connections") else { return [] }
        return entries.compactMap { entry in
            var urlNode = entry.value
            if urlNode.entries != nil {
                guard let fields = map(entry.value, "connection '\(entry.key)'", keys: ["url"]), let url = fields["url"] else {
                    if entry.value["url"] == nil { report("connection '\(entry.key)': missing required key 'url'", at: entry.value.location) }
                    return nil
                }
                urlNode = url.value
            }
            guard string(urlNode, "connection '\(entry.key)' url") != nil else { return nil }
            return ConnectionSpec(name: entry.key, url: urlNode, location: entry.keyLocation)
        }
    }

    // MARK: Components

    /// `{ NAME: { ...properties } }`, `{ NAME: null }` or a bare `NAME`.
    mutating func component(_ node: PropertyNode, _ what: String) -> ComponentSpec? {
        switch node.content {
        case .scalar(let name, _):
            return ComponentSpec(name: name, properties: .map([], at: node.location), location: node.location)
        case .map(let entries) where entries.count == 1:
            let entry = entries[0]
            var properties = entry.value
            if case .null = properties.content { properties = .map([], at: entry.keyLocation) }
            guard properties.entries != nil else {
                report("\(what) '\(entry.key)': properties must be a map, not \(properties.kindDescription)", at: properties.location)
                return nil
            }
            return ComponentSpec(name: entry.key, properties: properties, location: entry.keyLocation)
        case .map(let entries):
            let names = entries.map(\.key).joined(separator: ", ")
            report("\(what) must name exactly one component, e.g. '{ csv: { path: in.csv } }'\(entries.isEmpty ? "" : "; found: \(names)")",
                   at: node.location)
            return nil
        default:
            report("\(what) must be a component, e.g. '{ csv: { path: in.csv } }', not \(node.kindDescription)", at: node.location)
            return nil
        }
    }

    /// A list of components (a single one is accepted too).
    mutating func components(_ node: PropertyNode, _ what: String) -> [ComponentSpec] {
        if let items = node.items { return items.compactMap { component($0, what) } }
        return component(node, what).map { [$0] } ?? []
    }

    // MARK: Primitive readers

    mutating func report(_ message: String, at location: SourceLocation?) {
        problems.append(PropertyProblem(message, at: location ?? SourceLocation(file: file, line: 1, column: 1)))
    }

    /// The entries of a map whose keys must be among `keys`; unknown keys are reported.
    mutating func map(_ node: PropertyNode, _ what: String, keys: [String]) -> [String: PropertyEntry]? {
        guard let entries = entries(node, what) else { return nil }
        var result: [String: PropertyEntry] = [:]
        for entry in entries {
            if keys.contains(entry.key) {
                result[entry.key] = entry
            } else {
                report("unknown key '\(entry.key)' in \(what)\(NameSuggestion.hint(for: entry.key, in: keys))", at: entry.keyLocation)
            }
        }
        return result
    }

    mutating func entries(_ node: PropertyNode, _ what: String) -> [PropertyEntry]? {
        guard let entries = node.entries else {
            report("\(what) must be a map, not \(node.kindDescription)", at: node.location)
            return nil
        }
        return entries
    }

    mutating func string(_ node: PropertyNode, _ what: String) -> String? {
        guard let text = node.scalarText else {
            report("\(what) must be a text value, not \(node.kindDescription)", at: node.location)
            return nil
        }
        return text
    }

    mutating func int(_ node: PropertyNode, _ what: String, minimum: Int = 1) -> Int? {
        guard let text = string(node, what) else { return nil }
        guard let value = Int(text), value >= minimum else {
            report("\(what) must be an integer ≥ \(minimum), not '\(text)'", at: node.location)
            return nil
        }
        return value
    }

    mutating func bool(_ node: PropertyNode, _ what: String) -> Bool? {
        guard let text = string(node, what) else { return nil }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            report("\(what) must be true or false, not '\(text)'", at: node.location)
            return nil
        }
    }

    mutating func duration(_ node: PropertyNode, _ what: String) -> Duration? {
        guard let text = string(node, what) else { return nil }
        guard let value = DurationText(text) else {
            report("\(what): '\(text)' is not a duration (examples: 250ms, 30s, 5m)", at: node.location)
            return nil
        }
        return value.duration
    }

    mutating func decode<T: Decodable>(_ type: T.Type, _ node: PropertyNode) -> T? {
        do {
            return try PropertyDecoder(allowsLateBinding: true).decode(T.self, from: node)
        } catch {
            problems.append(contentsOf: error.problems)
            return nil
        }
    }
}
