import Sluice

/// A value an expression can reach through a scope root: a plain value, or a map of further
/// values reached with `root['key']` or `root.key`.
public enum ScopeValue: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// A plain value.
    case value(RecordValue)
    /// Named values, e.g. the job parameters or one step's counters.
    case map([String: ScopeValue])

    /// A map from a dictionary literal.
    public init(dictionaryLiteral elements: (String, ScopeValue)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The member `key` of a map; nil for a missing key or a plain value.
    public subscript(key: String) -> ScopeValue? {
        if case .map(let members) = self { members[key] } else { nil }
    }
}
