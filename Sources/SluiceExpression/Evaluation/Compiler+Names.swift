import Sluice

/// One compiled step of a path: a fixed key or a key computed per evaluation.
enum PathStep: Sendable {
    case key(String)
    case computed(CompiledNode)
}

extension Compiler {
    /// A bare name: the item's field, else a scope root holding a value, else null.
    static func name(_ name: String) -> CompiledNode {
        CompiledNode(origin: "field \(name)") { context throws(EvaluationFailure) in
            if let value = context.item[name] { return value }
            switch context.scope.roots[name] {
            case .value(let value)?: return value
            case .map?: throw EvaluationFailure("\(name) is a map; pick a member, e.g. \(name)['key']")
            case nil: return .null
            }
        }
    }

    /// `root['key'].member[expression]`: walks scope maps; a missing key gives null.
    static func path(_ root: String, _ steps: [PathStep], text: String) -> CompiledNode {
        CompiledNode(origin: text) { context throws(EvaluationFailure) in
            var current: ScopeValue
            if let value = context.item[root] {
                current = .value(value)
            } else if let value = context.scope.roots[root] {
                current = value
            } else {
                return .null
            }
            var walked = root
            for step in steps {
                guard let key = try key(of: step, context: context, path: text) else { return .null }
                guard case .map(let members) = current else {
                    throw EvaluationFailure("\(text): cannot look up '\(key)' in \(current.typedText) (\(walked))")
                }
                guard let next = members[key] else { return .null }
                current = next
                walked += "['\(key)']"
            }
            guard case .value(let value) = current else {
                throw EvaluationFailure("\(text) is a map, not a value; pick a member, e.g. \(text)['key']")
            }
            return value
        }
    }

    /// The key of a path step: a fixed name, or a computed string or int (null gives nil).
    private static func key(of step: PathStep, context: EvaluationContext, path: String) throws(EvaluationFailure) -> String? {
        switch step {
        case .key(let key): return key
        case .computed(let node):
            switch try node.evaluate(context) {
            case .null: return nil
            case .string(let s): return s
            case .int(let i): return String(i)
            case let other: throw EvaluationFailure("\(path): a key must be a string or int, got \(node.describe(other))")
            }
        }
    }
}

extension ScopeValue {
    /// How a scope value reads in errors.
    var typedText: String {
        switch self {
        case .value(let value): value.typedText
        case .map: "a map"
        }
    }
}
