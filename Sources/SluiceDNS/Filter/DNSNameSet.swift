/// A set of exact names and wildcards, matched against query names in time proportional to
/// the number of labels (one hash lookup per parent name).
public struct DNSNameSet<Value: Sendable>: Sendable {
    private var exact: [String: Value] = [:]
    private var wildcards: [String: Value] = [:]

    /// An empty set.
    public init() {}

    /// The number of patterns.
    public var count: Int { exact.count + wildcards.count }

    /// Adds `pattern` with `value` (a later value for the same pattern wins).
    public mutating func insert(_ pattern: DNSNamePattern, value: Value) {
        switch pattern {
        case .exact(let name): exact[name] = value
        case .wildcard(let suffix): wildcards[suffix] = value
        }
    }

    /// The value of the most specific pattern matching `key` (a ``DNSName/key``): the exact
    /// name first, then the wildcard of the nearest parent.
    public func match(_ key: String) -> Value? {
        if let value = exact[key] { return value }
        guard !wildcards.isEmpty else { return nil }
        var rest = Substring(key)
        while let dot = rest.firstIndex(of: ".") {
            rest = rest[rest.index(after: dot)...]
            if let value = wildcards[String(rest)] { return value }
        }
        return nil
    }
}

extension DNSNameSet where Value == Void {
    /// Adds `pattern`.
    public mutating func insert(_ pattern: DNSNamePattern) { insert(pattern, value: ()) }

    /// Whether some pattern matches `key`.
    public func contains(_ key: String) -> Bool { match(key) != nil }
}
