/// Key-value state saved with a job or step execution, so that a restart can resume where the
/// last committed chunk left off.
///
/// A step's readers and writers store their positions here through ``ItemStream/update(_:)``;
/// the engine commits it together with the chunk. Values are typed (``ContextValue``) and the
/// whole context round-trips through JSON unchanged (see ``json()`` and ``init(json:)``).
public struct ExecutionContext: Sendable, Hashable, Codable, ExpressibleByDictionaryLiteral, Sequence {
    /// The stored entries.
    public private(set) var entries: [String: ContextValue]

    /// An empty context.
    public init() { entries = [:] }

    /// A context with the given entries.
    public init(_ entries: [String: ContextValue]) { self.entries = entries }

    public init(dictionaryLiteral elements: (String, ContextValue)...) {
        entries = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    /// Reads or writes a value; assigning `nil` removes the key.
    public subscript(key: String) -> ContextValue? {
        get { entries[key] }
        set { entries[key] = newValue }
    }

    /// The integer stored under `key`, if it is one.
    public func int(_ key: String) -> Int? { entries[key]?.intValue }
    /// The string stored under `key`, if it is one.
    public func string(_ key: String) -> String? { entries[key]?.stringValue }
    /// The double stored under `key`, if it is a number.
    public func double(_ key: String) -> Double? { entries[key]?.doubleValue }
    /// The boolean stored under `key`, if it is one.
    public func bool(_ key: String) -> Bool? { entries[key]?.boolValue }

    /// Whether the context holds `key`.
    public func contains(_ key: String) -> Bool { entries[key] != nil }

    /// Whether the context holds no entries.
    public var isEmpty: Bool { entries.isEmpty }

    /// Removes every entry.
    public mutating func removeAll() { entries.removeAll() }

    /// Copies every entry of `other` into this context, overwriting equal keys.
    public mutating func merge(_ other: ExecutionContext) {
        entries.merge(other.entries, uniquingKeysWith: { _, new in new })
    }

    public func makeIterator() -> Dictionary<String, ContextValue>.Iterator { entries.makeIterator() }

    /// The context as compact JSON with sorted keys.
    public func json() throws -> String { try JSONText.encode(.object(entries)) }

    /// Reads a context from JSON written by ``json()``.
    public init(json: String) throws {
        guard case .object(let members) = try JSONText.decode(json) else {
            throw JSONText.Error(description: "execution context JSON must be an object")
        }
        entries = members
    }

    public init(from decoder: any Decoder) throws {
        entries = try [String: ContextValue](from: decoder)
    }

    public func encode(to encoder: any Encoder) throws { try entries.encode(to: encoder) }
}
