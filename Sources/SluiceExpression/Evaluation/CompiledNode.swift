import Sluice

/// Evaluates one compiled node against an item and scope.
typealias Evaluator = @Sendable (EvaluationContext) throws(EvaluationFailure) -> RecordValue

/// A compiled expression node: a closure, plus what the compiler knows about it.
struct CompiledNode: Sendable {
    /// Computes the node's value.
    let evaluate: Evaluator
    /// The value when it does not depend on the item or scope (folded at compile time).
    let constant: RecordValue?
    /// Where the value comes from, for error messages: `field amount`, `jobParameters['day']`.
    let origin: String?

    /// A node computed per evaluation.
    init(origin: String? = nil, _ evaluate: @escaping Evaluator) {
        self.evaluate = evaluate
        self.constant = nil
        self.origin = origin
    }

    /// A constant node.
    init(constant value: RecordValue) {
        self.evaluate = { _ throws(EvaluationFailure) in value }
        self.constant = value
        self.origin = nil
    }

    /// `string 'abc' (field amount)`: the value with its type and origin, for error messages.
    func describe(_ value: RecordValue) -> String {
        let origin = origin.map { " (\($0))" } ?? ""
        return value.typedText + origin
    }
}

extension RecordValue {
    /// The value with its type, as error messages show it: `string 'abc'`, `int 5`, `null`.
    var typedText: String {
        switch self {
        case .null: return "null"
        case .string(let s):
            let shown = s.count > 60 ? s.prefix(57) + "..." : Substring(s)
            return "string '\(shown)'"
        case .bytes(let b): return "bytes (\(b.count) bytes)"
        default: return "\(typeName) \(description)"
        }
    }
}
